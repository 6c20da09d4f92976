package dev.chatgeist.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The search index built in shards and merged must be the index FTS5 itself would build: FTS5's integrity check
 * passes and every query finds the same rows, in the same bm25 order, as after FTS5's own 'rebuild'.
 */
class ParallelFtsBuildTest {
    private static final String[] WORDS = {
        "кава",
        "центр",
        "Valencia",
        "docker",
        "квартира",
        "оренда",
        "привіт",
        "meetup",
        "дякую",
        "job",
        "🔥",
        "Kotlin",
        "кафе",
        "пляж"
    };

    private static List<MessageRow> rows(int count, int startId) {
        List<MessageRow> out = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(count * 31L + startId);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 3 + rnd.nextInt(30); w++) {
                text.append(WORDS[rnd.nextInt(WORDS.length)])
                        .append(rnd.nextInt(5) == 0 ? "" + rnd.nextInt(50) : "")
                        .append(' ');
            }
            long id = startId + i * 2L;
            out.add(new MessageRow(
                    id,
                    1_700_000_000L + id,
                    "2023-11-14T22:13:20+00:00",
                    text.toString(),
                    (long) rnd.nextInt(40),
                    null,
                    "Автор " + rnd.nextInt(40),
                    null,
                    0,
                    "",
                    null,
                    null,
                    null,
                    null,
                    false));
        }
        return out;
    }

    private static Path load(Path dir, String name, List<MessageRow> rows, int shards) throws Exception {
        Path db = dir.resolve(name + ".db");
        try (Archive a = Archive.openForWrite(db, line -> {})) {
            try (ArchiveWriter w = a.writer(250)) {
                for (MessageRow r : rows) {
                    w.write(r);
                }
                w.finish();
            }
        }
        if (shards > 0) {
            // rebuild the same rows through the shards explicitly, with the requested shard count
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement st = c.createStatement()) {
                st.execute("INSERT INTO messages_fts(messages_fts) VALUES('delete-all')");
            }
            ParallelFtsBuild build = new ParallelFtsBuild(db, shards);
            build.start();
            for (int i = 0; i < rows.size(); i += 250) {
                build.submit(rows.subList(i, Math.min(rows.size(), i + 250)));
            }
            assertThat(build.finishInto(db)).as("merged").isTrue();
            build.deleteFiles();
        }
        return db;
    }

    @ParameterizedTest(name = "{0} rows in {1} shards")
    @CsvSource({"1, 1", "1, 3", "600, 2", "600, 3", "5000, 2", "5000, 4"})
    void mergedIndexEqualsFts5sOwn(int count, int shards, @TempDir Path dir) throws Exception {
        List<MessageRow> rows = rows(count, 1000);
        Path merged = load(dir, "merged", rows, shards);
        Path reference = load(dir, "reference", rows, 0);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + reference);
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO messages_fts(messages_fts) VALUES('rebuild')");
        }
        Db.assertSearchIndexConsistent(merged);
        for (String q : List.of(
                "кава",
                "Valencia AND docker",
                "\"кава центр\"",
                "квар*",
                "sender_display_name:Автор",
                "🔥 OR пляж",
                "NEAR(кафе пляж, 3)")) {
            String sql = "SELECT rowid, round(bm25(messages_fts), 6) FROM messages_fts WHERE messages_fts MATCH '"
                    + q.replace("'", "''") + "' ORDER BY bm25(messages_fts), rowid";
            assertThat(Db.rows(merged, sql)).as(q).isEqualTo(Db.rows(reference, sql));
        }
        // the merged index keeps working as rows change later
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + merged);
                Statement st = c.createStatement()) {
            st.execute("UPDATE messages SET message = 'змінено зовсім' WHERE id = 1000");
            st.execute("DELETE FROM messages WHERE id = 1002");
            st.execute("INSERT INTO messages (id, message) VALUES (999999, 'новий кава рядок')");
            st.execute("INSERT INTO messages_fts(messages_fts) VALUES('optimize')");
        }
        Db.assertSearchIndexConsistent(merged);
        assertThat(Db.scalar(merged, "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'змінено'"))
                .isOne();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("fts-build"));
        }
    }

    @Test
    void outOfOrderIdsAbandonTheBuildAndChangeNothing(@TempDir Path dir) throws Exception {
        Path db = load(dir, "x", rows(10, 100), 0);
        ParallelFtsBuild build = new ParallelFtsBuild(db, 2);
        build.start();
        build.submit(rows(5, 500));
        build.submit(rows(5, 100));
        assertThat(build.finishInto(db)).isFalse();
        build.deleteFiles();
        Db.assertSearchIndexConsistent(db);
    }

    @Test
    void varintsRoundTripLikeSqlites() {
        for (long v : new long[] {
            0, 1, 127, 128, 16383, 16384, 2097151, 1L << 35, (1L << 56) - 1, 1L << 56, Long.MAX_VALUE, -1
        }) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FtsIndexMerger.putVarint(out, v);
            byte[] b = out.toByteArray();
            assertThat(b.length)
                    .as("size of %d", v)
                    .isEqualTo(v >= 0 && v < (1L << 56) ? Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7) : 9);
            assertThat(FtsIndexMerger.getVarint(b, new int[] {0})).isEqualTo(v);
        }
    }
}
