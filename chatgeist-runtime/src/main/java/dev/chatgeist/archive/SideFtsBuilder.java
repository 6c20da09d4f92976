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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Builds the search index of a bulk load on a second core. Tokenising the text is most of an import's work and
 * SQLite allows one writer per database, so the FTS5 index is built in a scratch database beside the archive, by
 * its own connection and thread, while the archive's connection stores the rows. At the end the index's shadow
 * tables (identical table definition, same SQLite) are copied into the archive in one transaction.
 *
 * <p>An external-content FTS5 table must see each row once. If ids arrive out of order (a duplicate is then
 * possible), the builder gives up and the archive falls back to FTS5's own {@code rebuild}; so does any failure
 * here. The scratch file is disposable: a crash leaves the archive marked for a rebuild.
 */
final class SideFtsBuilder {
    private static final List<MessageRow> END = List.of();

    private final Path file;
    private final BlockingQueue<List<MessageRow>> queue = new ArrayBlockingQueue<>(2);
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean abandoned;
    private long lastId = Long.MIN_VALUE;

    SideFtsBuilder(Path file) {
        this.file = file;
        this.thread = new Thread(this::run, "fts-builder");
        this.thread.setDaemon(true);
    }

    static Path scratchFileFor(Path archive) {
        return archive.resolveSibling("." + archive.getFileName() + ".fts-build");
    }

    void start() {
        thread.start();
    }

    /** Hands over rows in id order; blocks while the builder is behind (bounded memory). */
    void submit(List<MessageRow> rows) throws InterruptedException {
        if (abandoned || failure != null) {
            return;
        }
        for (MessageRow r : rows) {
            if (r.id() <= lastId) {
                abandoned = true; // a possible duplicate: let FTS5 rebuild from the table instead
                thread.interrupt();
                return;
            }
            lastId = r.id();
        }
        queue.put(rows);
    }

    /** Waits for the index; true if it is complete in {@link #file()}, false if the caller must rebuild. */
    boolean finish() throws InterruptedException {
        if (!abandoned && failure == null) {
            queue.put(END);
        }
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
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO messages_fts(rowid, message, sender_display_name) VALUES (?, ?, ?)")) {
                while (true) {
                    List<MessageRow> rows = queue.take();
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
            c.commit();
        } catch (InterruptedException e) {
            abandoned = true;
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
    }

    private static void setText(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    /**
     * Copies the built index into the archive, from the scratch connection (so that the archive connection's
     * FTS5 sees another connection's commit and drops any cached index structure).
     */
    void copyInto(Path archive) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=30000");
                st.execute("ATTACH DATABASE '" + archive.toAbsolutePath().toString().replace("'", "''") + "' AS arc");
                c.setAutoCommit(false);
                for (String table : List.of("messages_fts_data", "messages_fts_idx", "messages_fts_docsize")) {
                    st.execute("DELETE FROM arc." + table);
                    st.execute("INSERT INTO arc." + table + " SELECT * FROM main." + table);
                }
                c.commit();
                c.setAutoCommit(true);
                st.execute("DETACH DATABASE arc");
            }
        }
    }
}
