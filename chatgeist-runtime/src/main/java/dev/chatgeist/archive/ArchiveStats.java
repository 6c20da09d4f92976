package dev.chatgeist.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Totals of one archive: size, id and date range, and optionally top senders and messages per month. From the side
 * tables: {@code deleted} messages Telegram no longer has (kept here), {@code edited} messages whose text changed,
 * {@code edits} earlier texts kept for them.
 */
public record ArchiveStats(
        long total,
        long lastId,
        Instant firstDate,
        Instant lastDate,
        List<Sender> topSenders,
        List<Month> perMonth,
        long deleted,
        long edited,
        long edits) {

    public record Sender(Long senderId, String username, String displayName, long messages) {
        /** "Name (@user)" or the id when nothing else is known. */
        public String label() {
            String name = displayName != null && !displayName.isBlank()
                    ? displayName
                    : senderId != null ? String.valueOf(senderId) : "(unknown)";
            return username != null && !username.isBlank() ? name + " (@" + username + ")" : name;
        }
    }

    public record Month(String month, long messages) {}

    /** {@code topSenders} 0 reads only the summary (cheap, for listings). */
    static ArchiveStats read(Connection c, int topSenders) {
        try (Statement st = c.createStatement()) {
            long total;
            long lastId;
            Instant first = null;
            Instant last = null;
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(id) FROM messages")) {
                rs.next();
                total = rs.getLong(1);
                lastId = rs.getLong(2);
            }
            // date_iso of odd rows may be empty or unparsable (Python kept them); the timestamp is reliable.
            try (ResultSet rs = st.executeQuery(
                    "SELECT MIN(timestamp), MAX(timestamp) FROM messages WHERE typeof(timestamp) = 'integer'")) {
                if (rs.next() && rs.getObject(1) != null) {
                    first = Instant.ofEpochSecond(rs.getLong(1));
                    last = Instant.ofEpochSecond(rs.getLong(2));
                }
            }
            List<Sender> senders = new ArrayList<>();
            List<Month> months = new ArrayList<>();
            if (topSenders > 0) {
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT sender_id, MAX(sender_username), MAX(sender_display_name), COUNT(*) AS n
                        FROM messages WHERE is_service = 0
                        GROUP BY sender_id ORDER BY n DESC, sender_id LIMIT ?""")) {
                    ps.setInt(1, topSenders);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Object id = rs.getObject(1);
                            senders.add(new Sender(
                                    id == null ? null : rs.getLong(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getLong(4)));
                        }
                    }
                }
                try (ResultSet rs = st.executeQuery("""
                        SELECT strftime('%Y-%m', timestamp, 'unixepoch') AS m, COUNT(*)
                        FROM messages WHERE typeof(timestamp) = 'integer' GROUP BY m ORDER BY m""")) {
                    while (rs.next()) {
                        months.add(new Month(rs.getString(1), rs.getLong(2)));
                    }
                }
            }
            long deleted = 0;
            long edited = 0;
            long edits = 0;
            // an archive not written since the side tables exist has none yet (read-only opens create nothing)
            if (hasTable(st, "deleted_messages")) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM deleted_messages")) {
                    rs.next();
                    deleted = rs.getLong(1);
                }
            }
            if (hasTable(st, "message_edits")) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT id), COUNT(*) FROM message_edits")) {
                    rs.next();
                    edited = rs.getLong(1);
                    edits = rs.getLong(2);
                }
            }
            return new ArchiveStats(
                    total, lastId, first, last, List.copyOf(senders), List.copyOf(months), deleted, edited, edits);
        } catch (SQLException e) {
            throw new ArchiveException("cannot read statistics: " + e.getMessage(), e);
        }
    }

    private static boolean hasTable(Statement st, String name) throws SQLException {
        try (ResultSet rs =
                st.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'")) {
            return rs.next();
        }
    }
}
