package dev.chatgeist.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.TestArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real refresh process in the middle of its batches loses nothing and doubles nothing: the next
 * refresh completes the archive, and it equals an uninterrupted refresh row for row, edit for edit, deletion for
 * deletion.
 */
class RefreshCrashTest {
    static final int N = 40_000;
    static final long NOW = Instant.parse("2026-12-03T12:00:00Z").getEpochSecond();

    @TempDir
    Path dir;

    /** Refreshes {@code db} with {@link RefreshPlan} in a child JVM (batches of 100 calls). */
    private static Process startRefresh(Path db, Path output) throws Exception {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RefreshPlan.class.getName(),
                        db.toString(),
                        Long.toString(NOW),
                        "100")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    private static void refreshToTheEnd(Path db) throws Exception {
        Process p = startRefresh(db, db.resolveSibling(db.getFileName() + ".out"));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(Files.readString(db.resolveSibling(db.getFileName() + ".out")))
                .isZero();
    }

    @Test
    void killedRefreshIsCompletedByTheNextOneWithNothingLostOrDoubled() throws Exception {
        Path base = TestArchives.build(Files.createDirectories(dir.resolve("base")), "c", N);
        Path reference = Files.copy(base, dir.resolve("reference.db"));
        Path killed = Files.copy(base, dir.resolve("killed.db"));
        refreshToTheEnd(reference);

        Process p = startRefresh(killed, dir.resolve("killed.out"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            assertThat(p.isAlive())
                    .as("the refresh finished before it could be killed")
                    .isTrue();
            assertThat(System.nanoTime()).as("edits appeared in time").isLessThan(deadline);
            try {
                if (Db.scalar(killed, "SELECT COUNT(*) FROM message_edits") >= 1000) {
                    break;
                }
            } catch (java.sql.SQLException e) {
                // the side tables are not created yet
            }
            Thread.sleep(10);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no rollback by the process
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long edits = LongStream.rangeClosed(1, N).filter(RefreshPlan::edited).count();
        assertThat(Db.scalar(killed, "SELECT COUNT(*) FROM message_edits"))
                .as("edits committed before the kill")
                .isBetween(1000L, edits - 1);
        Db.assertSearchIndexConsistent(killed);

        refreshToTheEnd(killed);

        assertThat(Db.messages(killed)).isEqualTo(Db.messages(reference));
        String editsSql = "SELECT id, edited_at, old_message FROM message_edits ORDER BY id, edited_at";
        assertThat(Db.rows(killed, editsSql))
                .isEqualTo(Db.rows(reference, editsSql))
                .hasSize((int) edits);
        String deletedSql = "SELECT id, detected_at FROM deleted_messages ORDER BY id";
        assertThat(Db.rows(killed, deletedSql))
                .isEqualTo(Db.rows(reference, deletedSql))
                .hasSize((int)
                        LongStream.rangeClosed(1, N).filter(RefreshPlan::gone).count());
        Db.assertSearchIndexConsistent(killed);
        String zebra = "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'zebra' ORDER BY rowid";
        assertThat(Db.rows(killed, zebra)).isEqualTo(Db.rows(reference, zebra)).hasSize((int) edits);
        assertThat(Db.rows(reference, "SELECT COUNT(*) FROM messages")).containsExactly("int:" + N);
    }
}
