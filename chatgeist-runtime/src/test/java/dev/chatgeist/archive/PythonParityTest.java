package dev.chatgeist.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our rows must equal the Python converter's rows column by column (types included) for the same dump, and a
 * database made by the Python converter must be opened, extended and queried by ours without conversion. The
 * Python side is the real {@code jsonl_to_sqlite.py}, run with python3.
 */
class PythonParityTest {
    @TempDir
    static Path dir;

    static Path clean;
    static Path dirty;
    static Path increment;

    @BeforeAll
    static void dumps() throws Exception {
        clean = Shared.generate(dir.resolve("clean.jsonl"), "-n", "4000", "--seed", "3");
        dirty = Shared.generate(dir.resolve("dirty.jsonl"), "-n", "3000", "--seed", "5", "--dirty", "0.08");
        increment = Shared.generate(
                dir.resolve("inc.jsonl"),
                "-n",
                "700",
                "--seed",
                "9",
                "--start-id",
                "6000",
                "--start-date",
                "2025-01-01",
                "--days",
                "3");
    }

    private static Path ours(String name, Path... files) throws java.io.IOException {
        Path home = Files.createDirectories(dir.resolve("home-" + name));
        String[] args = new String[files.length + 3];
        args[0] = "import";
        args[1] = "--chat";
        args[2] = "c";
        for (int i = 0; i < files.length; i++) {
            args[i + 3] = files[i].toString();
        }
        TestCli.Run run = new TestCli(home).run(args);
        assertThat(run.exitCode()).as(run.all()).isZero();
        return home.resolve("databases/c.db");
    }

    private static Path python(String name, Path... files) throws Exception {
        Path db = dir.resolve("py-" + name + ".db");
        for (Path f : files) {
            Shared.pythonConvert(f, db);
        }
        return db;
    }

    private static void assertSameRows(Path ours, Path python) throws Exception {
        List<String> a = Db.messages(ours);
        List<String> b = Db.messages(python);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            assertThat(a.get(i)).as("row %d", i).isEqualTo(b.get(i));
        }
        assertThat(a).hasSameSizeAs(b);
    }

    @Test
    void cleanDumpGivesThePythonConvertersRows() throws Exception {
        Path ours = ours("clean", clean);
        Path py = python("clean", clean);
        assertSameRows(ours, py);
        assertThat(Db.scalar(ours, "SELECT COUNT(*) FROM messages")).isEqualTo(4000);
        Db.assertSearchIndexConsistent(ours);
        // full-text search finds the same rows in both
        for (String q : List.of("квартира", "Valencia", "docker OR kubernetes", "\"дякую\"")) {
            String sql = "SELECT rowid FROM messages_fts WHERE messages_fts MATCH '" + q.replace("'", "''")
                    + "' ORDER BY rowid";
            assertThat(Db.rows(ours, sql)).as(q).isEqualTo(Db.rows(py, sql)).isNotEmpty();
        }
    }

    @Test
    void dirtyDumpGivesThePythonConvertersRows() throws Exception {
        Path ours = ours("dirty", dirty);
        assertSameRows(ours, python("dirty", dirty));
        Db.assertSearchIndexConsistent(ours);
    }

    @Test
    void incrementalImportGivesThePythonConvertersRows() throws Exception {
        Path ours = ours("inc", clean, increment);
        assertSameRows(ours, python("inc", clean, increment));
        Db.assertSearchIndexConsistent(ours);
    }

    @Test
    void schemaIsThePythonConvertersSchema() throws Exception {
        Path ours = ours("schema", clean);
        Path py = python("schema", clean);
        // the Python converter's objects, statement for statement; beside them only our side tables
        String side = "('deleted_messages', 'message_edits', 'idx_message_edits')";
        String sql = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT IN " + side
                + " ORDER BY type, name";
        assertThat(Db.rows(ours, sql)).isEqualTo(Db.rows(py, sql));
        assertThat(Db.rows(py, "SELECT name FROM sqlite_master WHERE name IN " + side))
                .isEmpty();
        assertThat(Db.rows(ours, "SELECT type, name FROM sqlite_master WHERE name IN " + side + " ORDER BY name"))
                .containsExactly(
                        "text:table | text:deleted_messages",
                        "text:index | text:idx_message_edits",
                        "text:table | text:message_edits");
        assertThat(Db.rows(ours, "SELECT key FROM metadata ORDER BY key"))
                .containsExactly("text:last_id", "text:last_updated", "text:schema_version", "text:total_messages");
        assertThat(Db.rows(ours, "SELECT value FROM metadata WHERE key IN ('last_id', 'total_messages') ORDER BY key"))
                .containsExactly("text:5005", "text:4000");
    }

    @Test
    void pythonDatabaseIsExtendedInPlaceAndStaysReadableByPython() throws Exception {
        Path py = python("adopt", clean);
        Path home = Files.createDirectories(dir.resolve("home-adopt"));
        Files.createDirectories(home.resolve("databases"));
        Path db = home.resolve("databases/c.db");
        Files.copy(py, db);
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", increment.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("700 new");
        assertSameRows(db, python("adopt-both", clean, increment));
        assertThat(Db.rows(db, "SELECT value FROM metadata WHERE key = 'schema_version'"))
                .containsExactly("text:1");
        Db.assertSearchIndexConsistent(db);
        assertThat(Db.rows(db, "SELECT name FROM sqlite_master WHERE name IN ('deleted_messages', 'message_edits')"))
                .as("the side tables are added to a Python-made archive")
                .hasSize(2);
        // the Python converter still opens and extends it
        Shared.pythonConvert(increment, db);
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM messages")).isEqualTo(4700);
    }

    @Test
    void staleSearchIndexOfAPythonReimportIsRepairedOnFirstOpen() throws Exception {
        // The Python converter upserts with INSERT OR REPLACE, which does not fire the delete trigger: importing
        // the same dump twice leaves duplicate entries in the external-content FTS index.
        Path py = python("stale", clean, clean);
        Path home = Files.createDirectories(dir.resolve("home-stale"));
        Files.createDirectories(home.resolve("databases"));
        Path db = home.resolve("databases/c.db");
        Files.copy(py, db);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Db.assertSearchIndexConsistent(db))
                .hasMessageContaining("malformed");
        Files.copy(py, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", increment.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("search index of c.db did not match");
        Db.assertSearchIndexConsistent(db);
    }
}
