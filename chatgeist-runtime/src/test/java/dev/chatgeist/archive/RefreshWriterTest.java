package dev.chatgeist.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.TestArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refresh's archive side on real SQLite files: what Telegram serves now ({@link RefreshPlan}) replaces counters,
 * reactions and texts, edits keep the earlier text, deletions are recorded and never applied, the search index
 * follows, and a refresh that finds nothing new writes nothing.
 */
class RefreshWriterTest {
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final int N = 200;

    @TempDir
    Path dir;

    private Path build() {
        return TestArchives.build(dir, "c", N);
    }

    private static RefreshWriter.Result refresh(Path db, Instant now) throws Exception {
        try (Archive a = Archive.openForWrite(db, s -> {});
                RefreshWriter w = a.refreshWriter(now)) {
            RefreshPlan.apply(w, RefreshPlan.read(a));
            return w.finish();
        }
    }

    private static List<String> ids(LongPredicate which) {
        return LongStream.rangeClosed(1, N)
                .filter(which)
                .mapToObj(i -> "int:" + i)
                .toList();
    }

    @Test
    void rowsBecomeWhatTelegramServesEditsAndDeletionsAreKept() throws Exception {
        Path db = build();
        List<String> original = Db.rows(db, "SELECT id, message FROM messages ORDER BY id");

        RefreshWriter.Result r = refresh(db, NOW);

        long edited = LongStream.rangeClosed(1, N).filter(RefreshPlan::edited).count();
        long gone = LongStream.rangeClosed(1, N).filter(RefreshPlan::gone).count();
        assertThat(r.edited()).isEqualTo(edited);
        assertThat(r.deleted()).isEqualTo(gone);
        assertThat(r.inserted()).isZero();
        assertThat(r.undeleted()).isZero();
        assertThat(r.ignored()).isZero();
        // every row equals the served state; deleted ones keep what they said
        for (long id = 1; id <= N; id++) {
            String text = original.get((int) id - 1).split(" \\| ", 2)[1].substring(5);
            String row = Db.rows(
                            db,
                            "SELECT message, reactions_count, reactions_detail, views FROM messages WHERE id = " + id)
                    .get(0);
            String expectText = RefreshPlan.edited(id) ? RefreshPlan.editedText(id) : text;
            assertThat(row).as("message %d", id).startsWith("text:" + expectText + " | ");
            if (!RefreshPlan.gone(id) && id % 5 == 0) {
                assertThat(row)
                        .contains(" | int:" + RefreshPlan.reactions(id) + " | text:" + RefreshPlan.reactionsDetail(id)
                                + " | ");
            }
            if (!RefreshPlan.gone(id) && id % 7 == 0) {
                assertThat(row).endsWith("int:" + RefreshPlan.views(id));
            } else {
                assertThat(row).endsWith("int:" + id * 10);
            }
        }
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM messages")).isEqualTo(N);
        // the side tables hold exactly the edits (with the earlier text) and the deletions
        List<String> expectedEdits = new ArrayList<>();
        for (long id = 1; id <= N; id++) {
            if (RefreshPlan.edited(id)) {
                expectedEdits.add("int:" + id + " | int:" + NOW.getEpochSecond() + " | "
                        + original.get((int) id - 1).split(" \\| ", 2)[1]);
            }
        }
        assertThat(Db.rows(db, "SELECT id, edited_at, old_message FROM message_edits ORDER BY id"))
                .isEqualTo(expectedEdits);
        assertThat(Db.rows(db, "SELECT id FROM deleted_messages ORDER BY id")).isEqualTo(ids(RefreshPlan::gone));
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM deleted_messages WHERE detected_at <> " + NOW.getEpochSecond()))
                .isZero();
        // the search index follows: the new word finds the edited rows, the old word no longer finds them
        Db.assertSearchIndexConsistent(db);
        assertThat(Db.rows(db, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'zebra' ORDER BY rowid"))
                .isEqualTo(ids(RefreshPlan::edited));
        // text 1 of TestArchives ("... кава у Валенсії? #i") is at ids 1, 6, 11, ...
        assertThat(Db.rows(db, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'Валенсії' ORDER BY rowid"))
                .isEqualTo(ids(id -> id % 5 == 1 && !RefreshPlan.edited(id)))
                .doesNotContain("int:6");
        assertThat(Db.rows(db, "SELECT id FROM message_edits WHERE old_message LIKE '%Валенсії%' ORDER BY id"))
                .isEqualTo(ids(id -> id % 5 == 1 && RefreshPlan.edited(id)))
                .contains("int:6");
    }

    @Test
    void aSecondRefreshWithNoChangeChangesNoRowAndWritesNoPage() throws Exception {
        Path db = build();
        refresh(db, NOW);
        List<String> after = Db.messages(db);
        List<String> edits = Db.rows(db, "SELECT * FROM message_edits ORDER BY rowid");
        List<String> deleted = Db.rows(db, "SELECT * FROM deleted_messages ORDER BY id");
        Path wal = Path.of(db + "-wal");
        assertThat(Files.exists(wal) ? Files.size(wal) : 0)
                .as("closing the archive checkpoints the WAL")
                .isZero();
        long size = Files.size(db);
        var mtime = Files.getLastModifiedTime(db);
        Thread.sleep(1100); // a write would show in the mtime even on a file system with second resolution

        RefreshWriter.Result again;
        try (Archive a = Archive.openForWrite(db, s -> {});
                RefreshWriter w = a.refreshWriter(NOW.plusSeconds(3600))) {
            RefreshPlan.apply(w, RefreshPlan.read(a));
            again = w.finish();
            assertThat(Files.exists(wal) ? Files.size(wal) : 0)
                    .as("WAL bytes after a refresh that found nothing new")
                    .isZero();
        }
        assertThat(again.updated() + again.inserted() + again.edited() + again.deleted() + again.undeleted())
                .isZero();
        assertThat(again.unchanged()).isPositive();
        assertThat(Files.size(db)).isEqualTo(size);
        assertThat(Files.getLastModifiedTime(db)).isEqualTo(mtime);
        assertThat(Db.messages(db)).isEqualTo(after);
        assertThat(Db.rows(db, "SELECT * FROM message_edits ORDER BY rowid")).isEqualTo(edits);
        assertThat(Db.rows(db, "SELECT * FROM deleted_messages ORDER BY id"))
                .as("the first detection stays")
                .isEqualTo(deleted);
    }

    @Test
    void aMessageThatReappearsIsUndeleted() throws Exception {
        Path db = build();
        try (Archive a = Archive.openForWrite(db, s -> {})) {
            try (RefreshWriter w = a.refreshWriter(NOW)) {
                w.gone(List.of(5L, 6L));
                assertThat(w.finish().deleted()).isEqualTo(2);
            }
            MessageRow five = RefreshPlan.read(a).get(4);
            try (RefreshWriter w = a.refreshWriter(NOW.plusSeconds(60))) {
                w.current(five);
                RefreshWriter.Result r = w.finish();
                assertThat(r.undeleted()).isOne();
                assertThat(r.unchanged()).as("its row was equal").isOne();
            }
        }
        assertThat(Db.rows(db, "SELECT id, detected_at FROM deleted_messages"))
                .containsExactly("int:6 | int:" + NOW.getEpochSecond());
    }

    @Test
    void partialCallsLeaveWhatTheyDoNotKnowAndIgnoreIdsNotArchived() throws Exception {
        Path db = build();
        try (Archive a = Archive.openForWrite(db, s -> {});
                RefreshWriter w = a.refreshWriter(NOW)) {
            w.counters(3, null, 7L);
            w.counters(4, 41L, null);
            w.reactions(8, 0, "");
            w.counters(99_999, 1L, 1L);
            w.reactions(99_999, 1, "👍 (1)");
            w.gone(List.of(99_999L));
            RefreshWriter.Result r = w.finish();
            assertThat(r.updated()).isEqualTo(3);
            assertThat(r.ignored()).isEqualTo(3);
            assertThat(r.deleted()).isZero();
        }
        assertThat(Db.rows(
                        db,
                        "SELECT id, views, forwards, reactions_count, reactions_detail FROM messages "
                                + "WHERE id IN (3, 4, 8) ORDER BY id"))
                .containsExactly(
                        "int:3 | int:30 | int:7 | int:3 | text:👍 (3)",
                        "int:4 | int:41 | int:0 | int:4 | text:👍 (4)",
                        "int:8 | int:80 | int:0 | int:0 | text:");
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM messages")).isEqualTo(N);
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM deleted_messages")).isZero();
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM message_edits")).isZero();
    }

    @Test
    void aRowWithoutAMediaPathKeepsTheStoredOneAndAnUnknownMessageIsInserted() throws Exception {
        Path db = build();
        try (Archive a = Archive.openForWrite(db, s -> {})) {
            MessageRow ten = RefreshPlan.read(a).get(9);
            MessageRow newcomer = new MessageRow(
                    N + 50,
                    1_800_000_000L,
                    "2027-01-15T08:00:00+00:00",
                    "пізнє",
                    7L,
                    null,
                    "X",
                    null,
                    0,
                    "",
                    null,
                    null,
                    null,
                    null,
                    false);
            try (RefreshWriter w = a.refreshWriter(NOW)) {
                w.current(ten.withMediaPath("media/c/10.jpg"));
                w.current(newcomer);
                RefreshWriter.Result r = w.finish();
                assertThat(r.updated()).isOne();
                assertThat(r.inserted()).isOne();
            }
            try (RefreshWriter w = a.refreshWriter(NOW)) {
                w.current(ten); // media off in this run: no path
                assertThat(w.finish().unchanged()).isOne();
            }
            assertThat(a.maxId()).isEqualTo(N + 50);
            assertThat(a.metadataValue(ArchiveSchema.KEY_LAST_ID)).contains(Long.toString(N + 50));
            assertThat(a.metadataValue(ArchiveSchema.KEY_TOTAL)).contains(Long.toString(N + 1));
        }
        assertThat(Db.rows(db, "SELECT media_path FROM messages WHERE id = 10")).containsExactly("text:media/c/10.jpg");
        Db.assertSearchIndexConsistent(db);
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'пізнє'"))
                .isOne();
    }

    @Test
    void rememberedStateIsSavedWithTheLastBatchAndOnlyWhenItChanges() throws Exception {
        Path db = build();
        try (Archive a = Archive.openForWrite(db, s -> {})) {
            try (RefreshWriter w = a.refreshWriter(NOW)) {
                w.remember("refresh_full_at", "1700000000");
                w.close(); // aborted: nothing saved
            }
            assertThat(a.metadataValue("refresh_full_at")).isEmpty();
            try (RefreshWriter w = a.refreshWriter(NOW)) {
                w.remember("refresh_full_at", "1700000000");
                w.finish();
            }
            assertThat(a.metadataValue("refresh_full_at")).contains("1700000000");
            assertThat(a.setMetadata("refresh_full_at", "1700000000")).isFalse();
            assertThat(a.setMetadata("refresh_full_at", "1700003600")).isTrue();
            assertThat(a.setMetadata("refresh_full_at", null)).isTrue();
            assertThat(a.metadataValue("refresh_full_at")).isEmpty();
        }
    }

    /** The importer shares the "text changed" code: a newer dump's changed text keeps the earlier one too. */
    @Test
    void anImportedRowWithAChangedTextKeepsTheEarlierTextAndAnEqualReimportWritesNoPage() throws Exception {
        Path db = build();
        List<MessageRow> rows;
        try (Archive a = Archive.openForWrite(db, s -> {})) {
            rows = RefreshPlan.read(a);
            try (ArchiveWriter w = a.writer(50)) {
                for (MessageRow r : rows) {
                    w.write(r.id() == 7 ? RefreshPlan.withText(r, "оновлений текст") : r);
                }
                ArchiveWriter.Result res = w.finish();
                assertThat(res.updated()).isOne();
            }
        }
        assertThat(Db.rows(db, "SELECT id, old_message FROM message_edits"))
                .containsExactly("int:7 | text:" + rows.get(6).message());
        Db.assertSearchIndexConsistent(db);
        long size = Files.size(db);
        var mtime = Files.getLastModifiedTime(db);
        Thread.sleep(1100);
        try (Archive a = Archive.openForWrite(db, s -> {})) {
            try (ArchiveWriter w = a.writer(50)) {
                for (MessageRow r : RefreshPlan.read(a)) {
                    w.write(r);
                }
                assertThat(w.finish().unchanged()).isEqualTo(N);
            }
            assertThat(Files.size(Path.of(db + "-wal"))).as("WAL bytes").isZero();
        }
        assertThat(Files.size(db)).isEqualTo(size);
        assertThat(Files.getLastModifiedTime(db)).isEqualTo(mtime);
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM message_edits")).isOne();
    }

    @Test
    void anArchiveFromBeforeGetsTheSideTablesAndAForeignOneIsRefused() throws Exception {
        Path db = build();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE deleted_messages");
            st.execute("DROP TABLE message_edits");
        }
        try (Archive a = Archive.openReadOnly(db)) {
            ArchiveStats s = a.stats(0);
            assertThat(List.of(s.deleted(), s.edited(), s.edits())).containsExactly(0L, 0L, 0L);
        }
        try (Archive a = Archive.openForWrite(db, s -> {})) {
            assertThat(a.schemaObjects())
                    .anyMatch(o -> o.startsWith("table deleted_messages "))
                    .anyMatch(o -> o.startsWith("table message_edits "))
                    .anyMatch(o -> o.startsWith("index idx_message_edits "));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE deleted_messages");
            st.execute("CREATE TABLE deleted_messages (msg TEXT, why TEXT)");
        }
        byte[] before = Files.readAllBytes(db);
        assertThatThrownBy(() -> Archive.openForWrite(db, s -> {}))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining("deleted_messages has columns [msg, why], expected [id, detected_at]")
                .hasMessageContaining("left untouched");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }

    @Test
    void statsCountDeletedAndEditedMessages() throws Exception {
        Path db = build();
        refresh(db, NOW);
        try (Archive a = Archive.openForWrite(db, s -> {});
                RefreshWriter w = a.refreshWriter(NOW.plusSeconds(60))) {
            MessageRow three = RefreshPlan.read(a).get(2);
            w.current(RefreshPlan.withText(three, "друга правка"));
            assertThat(w.finish().edited()).isOne();
        }
        try (Archive a = Archive.openReadOnly(db)) {
            ArchiveStats s = a.stats(0);
            long edited =
                    LongStream.rangeClosed(1, N).filter(RefreshPlan::edited).count();
            assertThat(s.deleted())
                    .isEqualTo(LongStream.rangeClosed(1, N)
                            .filter(RefreshPlan::gone)
                            .count());
            assertThat(s.edited()).isEqualTo(edited);
            assertThat(s.edits()).isEqualTo(edited + 1);
        }
        assertThat(Db.rows(db, "SELECT old_message FROM message_edits WHERE id = 3 ORDER BY edited_at"))
                .hasSize(2)
                .last()
                .isEqualTo("text:" + RefreshPlan.editedText(3));
    }
}
