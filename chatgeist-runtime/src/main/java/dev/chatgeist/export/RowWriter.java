package dev.chatgeist.export;

import java.io.IOException;

/** Writes the archive's rows in one format; values come in {@code ArchiveSchema.COLUMNS} order, as SQLite stores them. */
interface RowWriter {
    void header() throws IOException;

    void row(Object[] values) throws IOException;

    /** Flushes what the format buffers. */
    void finish() throws IOException;
}
