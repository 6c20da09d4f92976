package dev.chatgeist.archive;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic "what Telegram serves now" for an archive built by {@code TestArchives}: every 11th message is
 * gone, every 3rd edited, every 5th has new reactions, every 7th more views, the rest unchanged. The new values
 * depend on the id only, so applying the plan again (after a crash, or twice) asks for the same state. Also the
 * child process of the kill -9 test: {@code main(db, nowEpochSecond, batchSize)} refreshes the archive with it.
 */
final class RefreshPlan {
    private RefreshPlan() {}

    static String editedText(long id) {
        return "правка " + id + " zebra";
    }

    static long views(long id) {
        return id * 10 + 5;
    }

    static long reactions(long id) {
        return id % 9;
    }

    static String reactionsDetail(long id) {
        return id % 9 == 0 ? "" : "🔥 (" + id % 9 + ")";
    }

    static boolean gone(long id) {
        return id % 11 == 0;
    }

    static boolean edited(long id) {
        return !gone(id) && id % 3 == 0;
    }

    /** Every row of the archive, as the writer stores them. */
    static List<MessageRow> read(Archive a) throws SQLException {
        List<MessageRow> rows = new ArrayList<>();
        try (Statement st = a.readConnection().createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT " + String.join(", ", ArchiveSchema.COLUMNS) + " FROM messages ORDER BY id")) {
            while (rs.next()) {
                rows.add(new MessageRow(
                        rs.getLong(1),
                        nullableLong(rs, 2),
                        rs.getString(3),
                        rs.getString(4),
                        nullableLong(rs, 5),
                        rs.getString(6),
                        rs.getString(7),
                        nullableLong(rs, 8),
                        rs.getLong(9),
                        rs.getString(10),
                        nullableLong(rs, 11),
                        nullableLong(rs, 12),
                        rs.getString(13),
                        rs.getString(14),
                        rs.getInt(15) == 1));
            }
        }
        return rows;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column) == null ? null : rs.getLong(column);
    }

    /** Tells the writer what the plan's Telegram serves for {@code rows}. */
    static void apply(RefreshWriter w, List<MessageRow> rows) {
        for (MessageRow r : rows) {
            long id = r.id();
            if (gone(id)) {
                w.gone(List.of(id));
                continue;
            }
            if (id % 5 == 0) {
                w.reactions(id, reactions(id), reactionsDetail(id));
            }
            if (id % 7 == 0) {
                w.counters(id, views(id), null);
            }
            w.current(withText(r, edited(id) ? editedText(id) : r.message()));
        }
    }

    /** {@code row} as stored, with another text; counters and reactions as the plan has them. */
    static MessageRow withText(MessageRow r, String text) {
        long id = r.id();
        return new MessageRow(
                id,
                r.timestamp(),
                r.dateIso(),
                text,
                r.senderId(),
                r.senderUsername(),
                r.senderDisplayName(),
                r.replyToMsgId(),
                id % 5 == 0 ? reactions(id) : r.reactionsCount(),
                id % 5 == 0 ? reactionsDetail(id) : r.reactionsDetail(),
                id % 7 == 0 ? Long.valueOf(views(id)) : r.views(),
                r.forwards(),
                r.permalink(),
                r.mediaPath(),
                r.service());
    }

    /** The child JVM of the kill -9 test: refreshes {@code args[0]} at {@code args[1]} with batches of args[2]. */
    public static void main(String[] args) throws Exception {
        try (Archive a = Archive.openForWrite(Path.of(args[0]), System.out::println)) {
            List<MessageRow> rows = read(a);
            try (RefreshWriter w =
                    new RefreshWriter(a, Instant.ofEpochSecond(Long.parseLong(args[1])), Integer.parseInt(args[2]))) {
                apply(w, rows);
                System.out.println(w.finish());
            }
        }
    }
}
