package dev.chatgeist.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC reads of archive files for assertions (read-only). */
public final class Db {
    private Db() {}

    public static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:sqlite:file:" + file.toAbsolutePath() + "?mode=ro", new java.util.Properties());
    }

    /** Every row of {@code sql}, each cell as "type:value" so that 1 and '1' differ. */
    public static List<String> rows(Path file, String sql) throws SQLException {
        try (Connection c = open(file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    sb.append(i > 1 ? " | " : "").append(cell(v));
                }
                out.add(sb.toString());
            }
            return out;
        }
    }

    private static String cell(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Integer || v instanceof Long) {
            return "int:" + v;
        }
        if (v instanceof Double || v instanceof Float) {
            return "real:" + v;
        }
        if (v instanceof byte[] b) {
            return "blob:" + java.util.HexFormat.of().formatHex(b);
        }
        return "text:" + v;
    }

    public static long scalar(Path file, String sql) throws SQLException {
        try (Connection c = open(file);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** FTS5's own check of the external-content index against the messages table. */
    public static void assertSearchIndexConsistent(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO messages_fts(messages_fts, rank) VALUES('integrity-check', 1)");
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                if (!"ok".equals(rs.getString(1))) {
                    throw new AssertionError("integrity_check of " + file + ": " + rs.getString(1));
                }
            }
        }
    }

    /** All columns of messages ordered by id, with SQLite storage types. */
    public static List<String> messages(Path file) throws SQLException {
        return rows(
                file,
                "SELECT id, typeof(timestamp), timestamp, date_iso, message, typeof(sender_id), sender_id, "
                        + "sender_username, sender_display_name, reply_to_msg_id, typeof(reactions_count), reactions_count, "
                        + "reactions_detail, views, forwards, permalink, media_path, is_service FROM messages ORDER BY id");
    }
}
