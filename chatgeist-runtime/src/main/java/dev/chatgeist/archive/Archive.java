package dev.chatgeist.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * One chat's SQLite database. Opening checks that the file is SQLite and that its schema is ours (or the Python
 * version's, which is the same) before anything is written; a foreign or newer database is refused untouched.
 */
public final class Archive implements AutoCloseable {
    private static final java.time.format.DateTimeFormatter PYTHON_ISO =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** Page cache per connection, in KiB (negative = KiB for SQLite): enough for index updates, small RSS. */
    private static final String CACHE_KIB = "-8192";
    private static final String BULK_CACHE_KIB = "-2048";

    private final Path file;
    private final Connection connection;

    private Archive(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens (creating if absent) the archive for writing: validates, creates missing schema objects, migrates,
     * and finishes an interrupted bulk load. {@code log} receives one line per notable repair.
     */
    public static Archive openForWrite(Path file, Consumer<String> log) {
        checkHeader(file);
        if (Files.exists(file)) {
            try (Connection ro = connect(file, true)) {
                SchemaCheck.verify(file, ro);
            } catch (SQLException e) {
                throw new ArchiveException(describe(file, e), e);
            }
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new ArchiveException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        Connection c = null;
        try {
            c = connect(file, false);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
            }
            Archive a = new Archive(file, c);
            a.prepareSchema(log);
            return a;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new ArchiveException(describe(file, e), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Opens an existing archive read-only (stats, listings); never creates or modifies anything. */
    public static Archive openReadOnly(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ArchiveException("no archive at " + file + "; run `update` or `import` first");
        }
        checkHeader(file);
        Connection c = null;
        try {
            c = connect(file, true);
            SchemaCheck.verify(file, c);
            return new Archive(file, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new ArchiveException(describe(file, e), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    static Connection connect(Path file, boolean readOnly) throws SQLException {
        Properties p = new Properties();
        p.setProperty("open_mode", readOnly ? "1" : "6"); // SQLITE_OPEN_READONLY | READWRITE+CREATE
        p.setProperty("busy_timeout", "30000");
        p.setProperty("foreign_keys", "false");
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA cache_size=" + CACHE_KIB);
        }
        return c;
    }

    private static void checkHeader(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new ArchiveException(file + " is a directory, not an archive; move it away");
        }
        byte[] head = new byte[SQLITE_MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ArchiveException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n == 0) {
            return; // an empty file is a new database to SQLite too
        }
        if (n < head.length || !Arrays.equals(head, SQLITE_MAGIC)) {
            throw new ArchiveException(file + " is not an SQLite database; it was left untouched. "
                    + "Move it away (or restore the real archive) and run again.");
        }
    }

    private static String describe(Path file, SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("SQLITE_NOTADB") || msg.contains("not a database")) {
            return file + " is not an SQLite database; it was left untouched. Move it away and run again.";
        }
        if (msg.contains("SQLITE_FULL")) {
            return "the disk holding " + file + " is full; the last batch was rolled back and nothing is lost. "
                    + "Free some space and run again.";
        }
        if (msg.contains("SQLITE_READONLY") || msg.contains("SQLITE_CANTOPEN")) {
            return "cannot write " + file + " (" + msg + "); check the file and directory permissions.";
        }
        if (msg.contains("SQLITE_CORRUPT")) {
            return file + " is damaged (" + msg + "); restore it from a backup or run `update --full`.";
        }
        return "database error on " + file + ": " + msg;
    }

    /** Converts an SQL failure during writing into a user-facing archive error. */
    ArchiveException failure(SQLException e) {
        return new ArchiveException(describe(file, e), e);
    }

    private void prepareSchema(Consumer<String> log) throws SQLException {
        Map<String, String> meta;
        boolean fresh;
        try (Statement st = connection.createStatement()) {
            fresh = !tableExists("messages");
            connection.setAutoCommit(false);
            for (String ddl : ArchiveSchema.all()) {
                st.execute(ddl);
            }
            meta = readMetadata();
            int version = parseVersion(meta.get(ArchiveSchema.KEY_SCHEMA_VERSION)); // newer ones were refused by SchemaCheck
            if (fresh) {
                putMetadata(ArchiveSchema.KEY_SCHEMA_VERSION, Integer.toString(ArchiveSchema.VERSION));
            }
            connection.commit();
            connection.setAutoCommit(true);
            if (!fresh && version < ArchiveSchema.VERSION) {
                migrateFrom(version, log);
            }
        } catch (SQLException | RuntimeException e) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            throw e;
        }
        if (meta.containsKey(ArchiveSchema.KEY_FTS_REBUILD_PENDING)) {
            log.accept("finishing an interrupted bulk load of " + file.getFileName() + ": rebuilding the search index");
            finishBulkLoad(false);
            ParallelFtsBuild.deleteLeftovers(file);
        }
    }

    static int parseVersion(String v) {
        if (v == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // unknown marker: treat as newer, refuse to touch
        }
    }

    /**
     * Version 0 → 1: a Python-made database. Its converter upserted with INSERT OR REPLACE, which does not fire the
     * delete trigger, so a re-imported dump leaves stale entries in the external-content FTS index; check it once
     * and rebuild it if it does not match the table.
     */
    private void migrateFrom(int version, Consumer<String> log) throws SQLException {
        if (version < 1) {
            boolean consistent;
            try (Statement st = connection.createStatement()) {
                st.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 1)");
                consistent = true;
            } catch (SQLException e) {
                consistent = false;
            }
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                if (!consistent) {
                    log.accept("the search index of " + file.getFileName() + " did not match its messages "
                            + "(a Python-era re-import); rebuilt it");
                    st.execute("INSERT INTO messages_fts(messages_fts) VALUES('rebuild')");
                }
                putMetadata(ArchiveSchema.KEY_SCHEMA_VERSION, Integer.toString(ArchiveSchema.VERSION));
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private boolean tableExists(String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    Map<String, String> readMetadata() throws SQLException {
        Map<String, String> m = new HashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT key, value FROM metadata")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }

    void putMetadata(String key, String value) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT OR REPLACE INTO metadata (key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    void deleteMetadata(String key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM metadata WHERE key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }

    /**
     * Prepares a bulk load into an empty archive, in the first batch's transaction: drops the FTS triggers and
     * the secondary indexes (built once at the end, several times faster than row by row) and marks the
     * archive so that an interrupted load is finished by the next open. Checkpoints are spaced out meanwhile.
     */
    void beginBulkLoad() throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String name : ArchiveSchema.TRIGGER_NAMES) {
                st.execute("DROP TRIGGER IF EXISTS " + name);
            }
            for (String name : ArchiveSchema.INDEX_NAMES) {
                st.execute("DROP INDEX IF EXISTS " + name);
            }
            st.execute("PRAGMA wal_autocheckpoint=32768");
            st.execute("PRAGMA cache_size=" + BULK_CACHE_KIB); // appends in id order need few cached pages
        }
        putMetadata(ArchiveSchema.KEY_FTS_REBUILD_PENDING, "1");
    }

    /** Creates the secondary indexes dropped for a bulk load (one sorted pass each, far cheaper than per row). */
    void createIndexes() throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (String ddl : ArchiveSchema.CREATE_INDEXES) {
                st.execute(ddl);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    /**
     * Ends a bulk load in one transaction: creates any missing index, rebuilds the FTS index from the table unless
     * {@code ftsAlreadyBuilt} (merged in by {@link ParallelFtsBuild}), restores the triggers, clears the marker.
     */
    void finishBulkLoad(boolean ftsAlreadyBuilt) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (String ddl : ArchiveSchema.CREATE_INDEXES) {
                st.execute(ddl);
            }
            if (!ftsAlreadyBuilt) {
                st.execute("INSERT INTO messages_fts(messages_fts) VALUES('rebuild')");
            }
            for (String ddl : ArchiveSchema.TRIGGERS) {
                st.execute(ddl);
            }
            deleteMetadata(ArchiveSchema.KEY_FTS_REBUILD_PENDING);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint=1000");
            st.execute("PRAGMA cache_size=" + CACHE_KIB);
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    public Path file() {
        return file;
    }

    Connection connection() {
        return connection;
    }

    /** Highest message id stored, 0 when empty: updates continue after it. */
    public long maxId() {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(id) FROM messages")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public long count() {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM messages")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public Map<String, String> metadata() {
        try {
            return readMetadata();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Opens a batched writer; {@code batchSize} rows per transaction. */
    public ArchiveWriter writer(int batchSize) {
        return new ArchiveWriter(this, batchSize);
    }

    public ArchiveStats stats(int topSenders) {
        return ArchiveStats.read(connection, topSenders);
    }

    /** Writes the Python version's metadata keys from the table's real state. */
    void writeSummaryMetadata(long total, long maxId) throws SQLException {
        // Python's datetime.now().isoformat(): local time, microseconds
        putMetadata(ArchiveSchema.KEY_LAST_UPDATED, LocalDateTime.now().format(PYTHON_ISO));
        putMetadata(ArchiveSchema.KEY_LAST_ID, Long.toString(maxId));
        putMetadata(ArchiveSchema.KEY_TOTAL, Long.toString(total));
    }

    /** The schema objects as SQLite stores them (type, name, sql), for comparisons in tests and checks. */
    public List<String> schemaObjects() {
        List<String> out = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    public Optional<String> metadataValue(String key) {
        return Optional.ofNullable(metadata().get(key));
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing left to do
            }
        }
    }
}
