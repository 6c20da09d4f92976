package dev.chatgeist.source;

import java.io.IOException;

/**
 * Where a chat's messages come from: the live Telegram account, a Python-version JSONL dump, a Telegram Desktop
 * export. A source streams rows to a sink; it never touches the archive itself.
 */
public interface HistorySource {
    /** Streams the messages that {@code request} asks for, in any order; returns what was read and skipped. */
    SourceReport fetch(FetchRequest request, RowSink sink) throws IOException, InterruptedException;

    /** A short description for logs ("jsonl /path/messages.jsonl", "telegram @name"). */
    String describe();
}
