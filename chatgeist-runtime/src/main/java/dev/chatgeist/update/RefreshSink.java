package dev.chatgeist.update;

import dev.chatgeist.archive.MessageRow;
import java.util.Collection;
import java.util.List;

/** Where a source's refresh hands what Telegram serves now; backed by the archive's refresh writer. */
public interface RefreshSink {
    /** A message as served now (text, reactions, views, forwards; a null media path keeps the stored one). */
    void current(MessageRow row);

    /** Ids that Telegram no longer has, concluded inside a range that was read completely. */
    void gone(Collection<Long> ids);

    /** Views and forwards only; null keeps the stored value. */
    void counters(long id, Long views, Long forwards);

    /** Reactions only: the total and the detail as the archive stores them. */
    void reactions(long id, long count, String detail);

    /** The archived ids from {@code fromId} to {@code toId} inclusive, ascending (those recorded as deleted left out). */
    List<Long> storedIds(long fromId, long toId);

    /** What {@link #top} ranks archived messages by. */
    enum Ranking {
        REACTIONS("reactions_count"),
        VIEWS("views");

        final String column;

        Ranking(String column) {
            this.column = column;
        }
    }

    /**
     * Up to {@code limit} ids from {@code fromId} on (the refreshed chat's part of the archive) of messages dated
     * from {@code since}, ranked highest (above 0) by {@code by}.
     */
    List<Long> top(Ranking by, long since, long fromId, int limit);
}
