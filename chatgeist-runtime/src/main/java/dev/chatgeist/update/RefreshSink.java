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

    /** The archived ids from {@code fromId} to {@code toId} inclusive, ascending. */
    List<Long> storedIds(long fromId, long toId);
}
