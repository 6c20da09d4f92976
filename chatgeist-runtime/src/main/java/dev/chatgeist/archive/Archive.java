package dev.chatgeist.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One chat's SQLite database. Opening checks that the file is SQLite and that its schema is ours (or the Python
 * version's, which is the same) before anything is written; a foreign or newer database is refused untouched.
 * The checks and SQLite's error wording are in {@link ArchiveFiles}, bringing the schema up to date in
 * {@link SchemaSetup}, bulk loads in {@link BulkLoad}, batched writes in {@link ArchiveWriter}.
 */
public final class Archive implements AutoCloseable {
    private static final java.time.format.DateTimeFormatter PYTHON_ISO =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

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
        ArchiveFiles.checkHeader(file);
        if (Files.exists(file)) {
            try (Connection ro = ArchiveFiles.connect(file, true)) {
                SchemaCheck.verify(file, ro, true);
            } catch (SQLException e) {
                throw new ArchiveException(ArchiveFiles.describe(file, e), e);
            }
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new ArchiveException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        Connection c = null;
        try {
            c = ArchiveFiles.connect(file, false);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
            }
            Archive a = new Archive(file, c);
            new SchemaSetup(a, log).run();
            EditHistory.install(c);
            return a;
        } catch (SQLException e) {
            ArchiveFiles.closeQuietly(c);
            throw new ArchiveException(ArchiveFiles.describe(file, e), e);
        } catch (RuntimeException e) {
            ArchiveFiles.closeQuietly(c);
            throw e;
        }
    }

    /** Opens an existing archive read-only (stats, listings); never creates or modifies anything. */
    public static Archive openReadOnly(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ArchiveException("no archive at " + file + "; run `update` or `import` first");
        }
        ArchiveFiles.checkHeader(file);
        Connection c = null;
        try {
            c = ArchiveFiles.connect(file, true);
            SchemaCheck.verify(file, c, false);
            return new Archive(file, c);
        } catch (SQLException e) {
            ArchiveFiles.closeQuietly(c);
            throw new ArchiveException(ArchiveFiles.describe(file, e), e);
        } catch (RuntimeException e) {
            ArchiveFiles.closeQuietly(c);
            throw e;
        }
    }

    /** Converts an SQL failure during writing into a user-facing archive error. */
    ArchiveException failure(SQLException e) {
        return new ArchiveException(ArchiveFiles.describe(file, e), e);
    }

    /** The schema version in metadata: 0 when absent (Python-made), "newer than ours" when unreadable. */
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
        try (PreparedStatement ps =
                connection.prepareStatement("INSERT OR REPLACE INTO metadata (key, value) VALUES (?, ?)")) {
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

    public Path file() {
        return file;
    }

    Connection connection() {
        return connection;
    }

    /** The connection for read-only features over an opened archive (search, export); they must not write. */
    public Connection readConnection() {
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

    /**
     * Opens a writer for what Telegram serves now of messages already archived (the refresh window): changed
     * counters, reactions and texts, deletions. {@code now} is recorded as the time of the edits and deletions it
     * finds.
     */
    public RefreshWriter refreshWriter(Instant now) {
        return new RefreshWriter(this, now, RefreshWriter.DEFAULT_BATCH);
    }

    /**
     * Stores a metadata value (e.g. the Telegram side's refresh state) in its own transaction, writing nothing when
     * the stored value is already {@code value}; {@code null} removes the key. Returns whether it wrote.
     */
    public boolean setMetadata(String key, String value) {
        try {
            return Transactions.inTransaction(connection, () -> putMetadataIfChanged(key, value));
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** {@link #setMetadata} inside the caller's transaction. */
    boolean putMetadataIfChanged(String key, String value) throws SQLException {
        String stored;
        try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM metadata WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                stored = rs.next() ? rs.getString(1) : null;
            }
        }
        if (java.util.Objects.equals(stored, value)) {
            return false;
        }
        if (value == null) {
            deleteMetadata(key);
        } else {
            putMetadata(key, value);
        }
        return true;
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

    /** Whether the metadata already records {@code total} rows up to {@code maxId} (and when they were written). */
    boolean summaryMatches(long total, long maxId) throws SQLException {
        Map<String, String> m = readMetadata();
        return m.containsKey(ArchiveSchema.KEY_LAST_UPDATED)
                && Long.toString(total).equals(m.get(ArchiveSchema.KEY_TOTAL))
                && Long.toString(maxId).equals(m.get(ArchiveSchema.KEY_LAST_ID));
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
        ArchiveFiles.closeQuietly(connection);
    }
}
