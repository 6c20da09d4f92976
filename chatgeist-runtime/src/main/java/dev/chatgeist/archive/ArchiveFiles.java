package dev.chatgeist.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;

/**
 * An archive's file before and under SQLite: the header check that refuses a foreign file untouched, the
 * connection settings, and the user-facing wording of SQLite's errors (each names the problem and the fix).
 */
final class ArchiveFiles {
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** Page cache per connection, in KiB (negative = KiB for SQLite): enough for index updates, small RSS. */
    static final String CACHE_KIB = "-8192";

    private ArchiveFiles() {}

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

    /** Refuses a directory or a file that is not SQLite before SQLite touches it; a missing or empty file is new. */
    static void checkHeader(Path file) {
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

    static String describe(Path file, SQLException e) {
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

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing left to do
            }
        }
    }
}
