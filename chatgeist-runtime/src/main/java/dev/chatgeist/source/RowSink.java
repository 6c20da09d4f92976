package dev.chatgeist.source;

import dev.chatgeist.archive.MessageRow;

/** Receives rows from a source. */
@FunctionalInterface
public interface RowSink {
    void accept(MessageRow row) throws InterruptedException;
}
