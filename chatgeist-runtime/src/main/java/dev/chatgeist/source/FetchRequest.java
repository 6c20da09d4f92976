package dev.chatgeist.source;

import dev.chatgeist.archive.IdOffsets;
import dev.chatgeist.config.ChatTarget;
import java.util.Optional;

/**
 * What the engine asks a source for: messages with id above {@code afterId} (0: everything), at most {@code limit}
 * of them (0: no limit). {@code target} is the chat's entry in targets.json, when it has one — file sources use its
 * public username for permalinks. {@code idOffsets}: which Telegram chat the archive's ids belong to, as recorded in
 * it (the live source follows a basic group that became a supergroup with them).
 */
public record FetchRequest(
        String alias,
        Optional<ChatTarget> target,
        long afterId,
        long limit,
        Progress progress,
        Optional<IdOffsets> idOffsets) {
    public FetchRequest {
        if (afterId < 0 || limit < 0) {
            throw new IllegalArgumentException("afterId and limit must not be negative");
        }
    }

    /** A request for an archive without recorded Telegram ids (imports). */
    public FetchRequest(String alias, Optional<ChatTarget> target, long afterId, long limit, Progress progress) {
        this(alias, target, afterId, limit, progress, Optional.empty());
    }
}
