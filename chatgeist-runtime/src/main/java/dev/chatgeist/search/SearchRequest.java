package dev.chatgeist.search;

import java.time.Instant;

/**
 * One search: the FTS5 MATCH expression (see {@link FtsQuery}), an optional time window ({@code from} inclusive,
 * {@code until} exclusive), an optional sender (username with or without @, id, or part of the display name),
 * how many hits at most, and the order (newest first, or best match first by FTS5's bm25 rank).
 */
public record SearchRequest(String match, Instant from, Instant until, String sender, int limit, boolean byRank) {
    public SearchRequest {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }
}
