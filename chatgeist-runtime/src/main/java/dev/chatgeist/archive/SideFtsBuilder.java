package dev.chatgeist.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * One shard of a parallel search-index build ({@link ParallelFtsBuild}): an FTS5 table identical to the archive's,
 * in a scratch database beside it, filled by its own connection and thread from the rows handed to it, and
 * optimised into one segment at the end. The scratch file is disposable.
 */
final class SideFtsBuilder {
    /** Tells a builder that no more batches will come. */
    static final List<MessageRow> END = List.of();

    private final Path file;
    private final BlockingQueue<List<MessageRow>> batches;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean abandoned;

    /** {@code batches} is shared by all shards: whichever is free takes the next batch (ids still increase). */
    SideFtsBuilder(Path file, BlockingQueue<List<MessageRow>> batches) {
        this.file = file;
        this.batches = batches;
        this.thread = new Thread(this::run, "fts-builder-" + file.getFileName());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean running() {
        return thread.isAlive();
    }

    /** Stops the build; the caller rebuilds the index another way. */
    void abandon() {
        abandoned = true;
        thread.interrupt();
    }

    /** Waits for the builder (after END); true if its index is complete in {@link #file()}. */
    boolean finish() throws InterruptedException {
        thread.join();
        return !abandoned && failure == null;
    }

    Path file() {
        return file;
    }

    void deleteFile() {
        for (Path p : List.of(file, Path.of(file + "-journal"))) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover scratch file is removed on the next bulk load
            }
        }
    }

    private void run() {
        deleteFile();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement st = c.createStatement()) {
                // scratch data: no journal, no fsync; a crash simply discards it
                st.execute("PRAGMA journal_mode=OFF");
                st.execute("PRAGMA synchronous=OFF");
                st.execute("PRAGMA cache_size=-2048");
                st.execute(ArchiveSchema.CREATE_FTS);
                st.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES('hashsize', 4194304)");
                // no merging while loading: one 'optimize' at the end merges everything once
                st.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES('automerge', 0)");
                st.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES('crisismerge', 200)");
            }
            Transactions.inTransaction(c, () -> index(c));
        } catch (InterruptedException e) {
            abandoned = true;
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
    }

    /** Indexes the batches handed over until the end marker, then merges the index into one segment. */
    private void index(Connection c) throws SQLException, InterruptedException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO messages_fts(rowid, message, sender_display_name) VALUES (?, ?, ?)")) {
            while (true) {
                List<MessageRow> rows = batches.take();
                if (rows == END) {
                    break;
                }
                for (MessageRow r : rows) {
                    ps.setLong(1, r.id());
                    setText(ps, 2, r.message());
                    setText(ps, 3, r.senderDisplayName());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (Statement st = c.createStatement()) {
            // one segment: the copy is small and queries read one b-tree
            st.execute("INSERT INTO messages_fts(messages_fts) VALUES('optimize')");
        }
    }

    private static void setText(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }
}
