package dev.chatgeist.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.ChildCli;
import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of an import loses at most the batch in flight; running it again completes the archive
 * with no duplicates and no gaps, equal to an uninterrupted import.
 */
class CrashRecoveryTest {
    @TempDir
    static Path dir;

    static Path base;
    static Path big;
    static Path reference;

    @BeforeAll
    static void data() throws Exception {
        base = Shared.generate(dir.resolve("base.jsonl"), "-n", "3000", "--seed", "21");
        big = Shared.generate(
                dir.resolve("big.jsonl"),
                "-n",
                "60000",
                "--seed",
                "22",
                "--start-id",
                "10000",
                "--start-date",
                "2025-02-01",
                "--days",
                "60");
        Path refHome = Files.createDirectories(dir.resolve("reference"));
        assertThat(new TestCli(refHome)
                        .run("import", "--chat", "c", base.toString(), big.toString())
                        .exitCode())
                .isZero();
        reference = refHome.resolve("databases/c.db");
    }

    /** Starts the import in a child JVM and kills it with SIGKILL once {@code atLeast} rows are committed. */
    private static void killMidImport(Path home, Path file, long atLeast) throws Exception {
        Path db = home.resolve("databases/c.db");
        Process p = ChildCli.start(home, home.resolve("child.out"), "import", "--chat", "c", file.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            assertThat(p.isAlive())
                    .as("the import finished before it could be killed")
                    .isTrue();
            assertThat(System.nanoTime()).as("rows appeared in time").isLessThan(deadline);
            if (Files.exists(db)) {
                try {
                    if (Db.scalar(db, "SELECT COUNT(*) FROM messages") >= atLeast) {
                        break;
                    }
                } catch (java.sql.SQLException e) {
                    // schema not created yet
                }
            }
            Thread.sleep(10);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long committed = Db.scalar(db, "SELECT COUNT(*) FROM messages");
        assertThat(committed)
                .as("rows committed before the kill")
                .isGreaterThanOrEqualTo(atLeast)
                .isLessThan(63000);
    }

    @Test
    void killedBulkLoadIsCompletedByTheNextRun() throws Exception {
        Path home = Files.createDirectories(dir.resolve("bulk"));
        Path both = dir.resolve("both.jsonl");
        Files.write(both, Files.readAllBytes(base));
        Files.write(both, Files.readAllBytes(big), java.nio.file.StandardOpenOption.APPEND);
        killMidImport(home, both, 8000);
        Path db = home.resolve("databases/c.db");
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM metadata WHERE key = 'fts_rebuild_pending'"))
                .isOne();

        TestCli.Run again = new TestCli(home).run("import", "--chat", "c", both.toString());
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("finishing an interrupted bulk load");
        assertThat(Db.messages(db)).isEqualTo(Db.messages(reference));
        Db.assertSearchIndexConsistent(db);
    }

    @Test
    void killedIncrementalImportIsCompletedByTheNextRun() throws Exception {
        Path home = Files.createDirectories(dir.resolve("incremental"));
        assertThat(new TestCli(home)
                        .run("import", "--chat", "c", base.toString())
                        .exitCode())
                .isZero();
        killMidImport(home, big, 3000 + 6000);
        Path db = home.resolve("databases/c.db");
        long lastId = Long.parseLong(Db.rows(db, "SELECT value FROM metadata WHERE key = 'last_id'")
                .get(0)
                .substring(5));
        assertThat(lastId)
                .as("last_id is committed with its batch")
                .isEqualTo(Db.scalar(db, "SELECT MAX(id) FROM messages"));

        TestCli.Run again = new TestCli(home).run("import", "--chat", "c", big.toString());
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(Db.messages(db)).isEqualTo(Db.messages(reference));
        Db.assertSearchIndexConsistent(db);
    }
}
