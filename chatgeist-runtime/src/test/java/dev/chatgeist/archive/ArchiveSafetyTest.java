package dev.chatgeist.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Databases the archive must refuse, and leave byte for byte as they were. */
class ArchiveSafetyTest {
    @TempDir
    Path home;

    static String sha256(Path f) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private Path dump() throws Exception {
        return Shared.generate(home.resolve("d.jsonl"), "-n", "50");
    }

    private void assertRefusedUntouched(Path db, String... messageParts) throws Exception {
        assertImportRefusedUntouched(db, false, messageParts);
    }

    /** Objects that act on writes stop import/update; a reader is not affected by them and still reads. */
    private void assertWritesRefusedReadsServed(Path db, String... messageParts) throws Exception {
        assertImportRefusedUntouched(db, true, messageParts);
    }

    private void assertImportRefusedUntouched(Path db, boolean readable, String... messageParts) throws Exception {
        String before = sha256(db);
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", dump().toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(messageParts).contains("untouched");
        assertThat(sha256(db)).isEqualTo(before);
        assertThat(Path.of(db + "-wal")).doesNotExist();
        TestCli.Run stats = new TestCli(home).run("stats", "--chat", "c");
        if (readable) {
            assertThat(stats.exitCode()).as(stats.all()).isZero();
            assertThat(stats.err()).doesNotContain("damaged");
        } else {
            assertThat(stats.exitCode()).isNotZero();
        }
        assertThat(sha256(db)).isEqualTo(before);
    }

    @Test
    void notSqlite() throws Exception {
        Path db = home.resolve("databases/c.db");
        Files.createDirectories(db.getParent());
        Files.writeString(db, "these are my notes, not a database\n".repeat(100));
        assertRefusedUntouched(db, "is not an SQLite database");
    }

    @Test
    void someoneElsesDatabase() throws Exception {
        Path db = home.resolve("databases/c.db");
        Files.createDirectories(db.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)");
            st.execute("INSERT INTO invoices VALUES (1, 9.5)");
        }
        assertRefusedUntouched(db, "of something else", "invoices");
    }

    @Test
    void aMessagesTableOfAnotherShape() throws Exception {
        Path db = home.resolve("databases/c.db");
        Files.createDirectories(db.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT, created TEXT)");
        }
        assertRefusedUntouched(db, "not a ChatGeist archive", "column timestamp is missing", "unexpected column body");
    }

    @Test
    void writtenByANewerVersion() throws Exception {
        TestCli cli = new TestCli(home);
        assertThat(cli.run("import", "--chat", "c", dump().toString()).exitCode())
                .isZero();
        Path db = home.resolve("databases/c.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.execute("UPDATE metadata SET value = '99' WHERE key = 'schema_version'");
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            st.execute("PRAGMA journal_mode=DELETE");
        }
        String before = sha256(db);
        TestCli.Run run = cli.run("import", "--chat", "c", dump().toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("newer ChatGeist (schema 99").contains("upgrade");
        assertThat(sha256(db)).isEqualTo(before);
    }

    /** An archive made by an import, as closed by ChatGeist (no -wal), then changed by {@code sql}. */
    private Path archiveWith(String... sql) throws Exception {
        assertThat(new TestCli(home)
                        .run("import", "--chat", "c", dump().toString())
                        .exitCode())
                .isZero();
        Path db = home.resolve("databases/c.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            st.execute("PRAGMA journal_mode=DELETE");
        }
        return db;
    }

    @Test
    void aTriggerSomeoneAddedIsNamedNotCalledDamage() throws Exception {
        Path db = archiveWith(
                "CREATE TABLE audit (id INTEGER, at TEXT)",
                "CREATE TRIGGER audit_insert AFTER INSERT ON messages BEGIN INSERT INTO audit VALUES (new.id, 'now'); END",
                "CREATE INDEX idx_mine ON messages(views)",
                "CREATE VIEW recent AS SELECT * FROM messages");
        assertWritesRefusedReadsServed(
                db,
                "has what ChatGeist did not create and would run on its writes: trigger "
                        + "audit_insert on messages: CREATE TRIGGER audit_insert AFTER INSERT ON messages BEGIN INSERT INTO audit",
                "If you added it, remove it (sqlite3 " + db + " 'DROP TRIGGER \"audit_insert\"')");
        assertThat(new TestCli(home).run("stats", "--chat", "c").err())
                .doesNotContain("damaged")
                .doesNotContain("idx_mine")
                .doesNotContain("recent");
    }

    @Test
    void aChangedTriggerOfOursAndAForeignUniqueIndexAreNamed() throws Exception {
        Path db = archiveWith(
                "DROP TRIGGER messages_au",
                "CREATE TRIGGER messages_au AFTER UPDATE ON messages BEGIN SELECT RAISE(ABORT, 'read only'); END",
                "CREATE UNIQUE INDEX one_per_date ON messages(date_iso)");
        assertWritesRefusedReadsServed(
                db,
                "trigger messages_au on messages (changed from the one ChatGeist creates)",
                "unique index one_per_date on messages",
                "DROP TRIGGER \"messages_au\"; DROP INDEX \"one_per_date\"");
    }

    @Test
    void addedTablesViewsAndIndexesAreLeftAlone() throws Exception {
        Path db = archiveWith(
                "CREATE TABLE notes (id INTEGER PRIMARY KEY, note TEXT)",
                "CREATE INDEX idx_mine ON messages(views)",
                "CREATE VIEW recent AS SELECT * FROM messages");
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", dump().toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(Db.rows(
                        db,
                        "SELECT name FROM sqlite_master WHERE name IN ('notes', 'idx_mine', 'recent') ORDER BY name"))
                .containsExactly("text:idx_mine", "text:notes", "text:recent");
    }

    @Test
    void malformedLinesAreReportedWithLineNumbersAndTheRestImported() throws Exception {
        Path f = home.resolve("bad.jsonl");
        Files.writeString(
                f,
                String.join(
                                "\n",
                                "{\"id\": 1, \"date\": \"2024-01-01T00:00:00+00:00\", \"message\": \"ok one\"}",
                                "{\"id\": 2, \"date\": \"2024-01-01T00:01:00+00:00\", \"message\": \"trunc",
                                "",
                                "[1, 2, 3]",
                                "{\"date\": \"2024-01-01T00:02:00+00:00\", \"message\": \"no id\"}",
                                "{\"id\": 5, \"views\": \"many\"}",
                                "{\"id\": 6, \"message\": \"ok two\"} trailing",
                                "{\"id\": 7, \"message\": \"ok three\", \"reactions_counts\": {\"👍\": 2}}")
                        + "\n");
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", f.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err())
                .contains(
                        "line 2: malformed JSON",
                        "line 4: not a JSON object (found an array)",
                        "line 6: views must be a whole number, found the text \"many\"",
                        "line 7: malformed JSON");
        assertThat(run.out()).contains("2 new").contains("1 without id skipped").contains("4 bad lines");
        assertThat(Db.rows(
                        home.resolve("databases/c.db"),
                        "SELECT id, message, reactions_detail FROM messages ORDER BY id"))
                .containsExactly("int:1 | text:ok one | text:", "int:7 | text:ok three | text:👍 (2)");
        assertThat(Files.readString(home.resolve("logs/update.log"))).contains("problem=\"line 2: malformed JSON");
    }

    @Test
    void interruptedBulkLoadIsFinishedByTheNextOpen() throws Exception {
        TestCli cli = new TestCli(home);
        assertThat(cli.run("import", "--chat", "c", dump().toString()).exitCode())
                .isZero();
        Path db = home.resolve("databases/c.db");
        // the state a crash between the first batch and the end of a bulk load leaves behind
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER messages_ai");
            st.execute("DROP INDEX idx_date");
            st.execute("INSERT INTO messages_fts(messages_fts) VALUES('delete-all')");
            st.execute("INSERT INTO metadata VALUES ('fts_rebuild_pending', '1')");
        }
        TestCli.Run run = cli.run("chats", "list");
        assertThat(run.exitCode()).isZero(); // read-only commands leave it alone
        TestCli.Run again = cli.run("import", "--chat", "c", dump().toString());
        assertThat(again.out()).contains("finishing an interrupted bulk load");
        Db.assertSearchIndexConsistent(db);
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'привіт OR hello OR так'"))
                .isPositive();
        assertThat(
                        Db.rows(
                                db,
                                "SELECT name FROM sqlite_master WHERE type IN ('trigger','index') AND name NOT LIKE 'sqlite%' ORDER BY name"))
                .containsExactly(
                        "text:idx_date",
                        "text:idx_message_edits",
                        "text:idx_reactions",
                        "text:idx_sender",
                        "text:messages_ad",
                        "text:messages_ai",
                        "text:messages_au");
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM metadata WHERE key = 'fts_rebuild_pending'"))
                .isZero();
    }

    @Test
    void unorderedIdsInABulkLoadStillGiveAConsistentIndex() throws Exception {
        Path f = home.resolve("unordered.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int id : new int[] {5, 3, 9, 3, 1, 7}) {
            sb.append("{\"id\": ")
                    .append(id)
                    .append(", \"message\": \"слово")
                    .append(id)
                    .append(" text\"}\n");
        }
        Files.writeString(f, sb.toString().repeat(1));
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", f.toString());
        assertThat(run.out()).contains("5 new");
        Db.assertSearchIndexConsistent(home.resolve("databases/c.db"));
        assertThat(Db.scalar(
                        home.resolve("databases/c.db"),
                        "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'text'"))
                .isEqualTo(5);
    }
}
