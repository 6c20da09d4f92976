package dev.chatgeist.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the home lives on a small tmpfs (needs root, as in CI). The failing batch is rolled back
 * whole, the message says what happened and what to do, and after space is freed the next run completes.
 */
class DiskFullTest {
    private static int sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void fullDiskLosesNoCommittedBatchAndTheNextRunCompletes(@TempDir Path dir) throws Exception {
        Path mnt = dir.resolve("small-disk");
        Files.createDirectories(mnt);
        Assumptions.assumeTrue(
                sh("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt.toString()) == 0,
                "mounting a tmpfs needs root (CI runs as root); run the suite as root to exercise a real full disk");
        try {
            Path dump = Shared.generate(dir.resolve("d.jsonl"), "-n", "20000", "--seed", "31");
            Path home = mnt.resolve("home");
            TestCli cli = new TestCli(home);
            Files.createDirectories(home);
            Files.writeString(home.resolve("targets.json"), "{\"chats\": {\"c\": \"@cccc_chat\"}}");
            TestCli.Run run = cli.run("import", "--chat", "c", dump.toString());
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("is full").contains("Free some space and run again");
            assertThat(Files.readString(home.resolve("targets.json")))
                    .isEqualTo("{\"chats\": {\"c\": \"@cccc_chat\"}}");

            Path db = home.resolve("databases/c.db");
            long rows = Db.scalar(db, "SELECT COUNT(*) FROM messages");
            assertThat(rows % ArchiveWriter.DEFAULT_BATCH)
                    .as("only whole batches are stored")
                    .isZero();
            List<String> ok = Db.rows(db, "PRAGMA integrity_check");
            assertThat(ok).containsExactly("text:ok");

            assertThat(sh("mount", "-o", "remount,size=64m", mnt.toString())).isZero();
            TestCli.Run again = cli.run("import", "--chat", "c", dump.toString());
            assertThat(again.exitCode()).as(again.all()).isZero();
            assertThat(Db.scalar(db, "SELECT COUNT(*) FROM messages")).isEqualTo(20000);
            Db.assertSearchIndexConsistent(db);
        } finally {
            sh("umount", "-l", mnt.toString());
        }
    }
}
