package dev.chatgeist.testing;

import dev.chatgeist.archive.Archive;
import dev.chatgeist.archive.ArchiveSchema;
import dev.chatgeist.archive.ArchiveWriter;
import dev.chatgeist.archive.MessageRow;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds real chat archives with the production writer, from a few deterministic messages. */
public final class TestArchives {
    private TestArchives() {}

    /** A sender of test messages. */
    public record Sender(long id, String username, String name) {}

    public static final Sender OLENA = new Sender(101, "olena_k", "Олена Коваль");
    public static final Sender TARAS = new Sender(102, "taras", "Тарас Шевчук");
    public static final Sender IVAN = new Sender(103, "ivan_p", "Іван Петренко");

    /**
     * Writes {@code count} messages into {@code databases/<alias>.db}: senders in turn (Olena, Taras, Ivan, Olena
     * ...), one message a minute from 2025-01-01, texts that mention cafes, updates and replacements so that
     * legitimate LIKE queries have something to find.
     */
    public static Path build(Path databasesDir, String alias, int count) {
        Path file = databasesDir.resolve(alias + ".db");
        List<Sender> senders = List.of(OLENA, TARAS, IVAN);
        String[] texts = {
            "Привіт усім! Яка найкраща кава у Валенсії?",
            "Раджу кафе Ruzafa Coffee, там смачно",
            "Хто знає, коли update документів для резиденції?",
            "Need a replacement for my bike tyre",
            "Дякую, @olena_k, дуже допомогла",
        };
        try (Archive a = Archive.openForWrite(file, s -> {});
                ArchiveWriter w = a.writer(500)) {
            long t0 = Instant.parse("2025-01-01T10:00:00Z").getEpochSecond();
            for (int i = 1; i <= count; i++) {
                Sender s = senders.get((i - 1) % senders.size());
                long ts = t0 + 60L * i;
                w.write(new MessageRow(
                        i,
                        ts,
                        Instant.ofEpochSecond(ts).toString().replace("Z", "+00:00"),
                        texts[(i - 1) % texts.length] + " #" + i,
                        s.id(),
                        s.username(),
                        s.name(),
                        i > 1 && i % 4 == 0 ? (long) i - 1 : null,
                        i % 7,
                        i % 7 == 0 ? "" : "👍 (" + i % 7 + ")",
                        (long) i * 10,
                        0L,
                        "https://t.me/" + alias + "/" + i,
                        null,
                        false));
            }
            w.finish();
        }
        return file;
    }

    /** Every row of an opened archive, in id order, as the writers store them. */
    public static List<MessageRow> rows(Archive a) throws SQLException {
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

    /** {@code r} with another text (an edit in Telegram). */
    public static MessageRow withText(MessageRow r, String text) {
        return served(r, text, r.reactionsCount(), r.reactionsDetail(), r.views());
    }

    /** {@code r} as Telegram serves it later: the columns a refresh keeps up to date replaced. */
    public static MessageRow served(
            MessageRow r, String text, long reactionsCount, String reactionsDetail, Long views) {
        return new MessageRow(
                r.id(),
                r.timestamp(),
                r.dateIso(),
                text,
                r.senderId(),
                r.senderUsername(),
                r.senderDisplayName(),
                r.replyToMsgId(),
                reactionsCount,
                reactionsDetail,
                views,
                r.forwards(),
                r.permalink(),
                r.mediaPath(),
                r.service());
    }
}
