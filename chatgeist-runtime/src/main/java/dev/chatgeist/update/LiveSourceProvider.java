package dev.chatgeist.update;

import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.source.HistorySource;

/** Opens the live source of a chat — the user's Telegram account — for the updater. */
public interface LiveSourceProvider extends AutoCloseable {
    /** The live source of {@code target}, or the reason it cannot be used. */
    HistorySource open(String alias, ChatTarget target) throws SourceUnavailableException;

    @Override
    default void close() {}
}
