package dev.chatgeist.archive;

import dev.chatgeist.testing.TestArchives;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
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
        return TestArchives.rows(a);
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
        return TestArchives.served(
                r,
                text,
                id % 5 == 0 ? reactions(id) : r.reactionsCount(),
                id % 5 == 0 ? reactionsDetail(id) : r.reactionsDetail(),
                id % 7 == 0 ? Long.valueOf(views(id)) : r.views());
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
