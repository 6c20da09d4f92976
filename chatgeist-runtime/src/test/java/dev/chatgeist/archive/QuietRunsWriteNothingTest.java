package dev.chatgeist.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.DumpBackedTelegram;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that find nothing new ({@code update} of a quiet chat, {@code update --full}, importing the same dump again)
 * change no row and write no page: the database keeps its size and mtime, and no WAL frame is written. The live
 * Telegram account is stood in for by a dump ({@link DumpBackedTelegram}).
 */
class QuietRunsWriteNothingTest {
    @TempDir
    Path home;

    private record FileState(long size, FileTime mtime, long walBytes) {}

    private static FileState state(Path db) throws Exception {
        Path wal = Path.of(db + "-wal");
        return new FileState(Files.size(db), Files.getLastModifiedTime(db), Files.exists(wal) ? Files.size(wal) : 0);
    }

    @Test
    void quietUpdatesAndRepeatedImportsWriteNothing() throws Exception {
        Path dump = Shared.generate(home.resolve("history.jsonl"), "-n", "1200", "--seed", "31");
        TestCli cli = new TestCli(home).live(new DumpBackedTelegram(Map.of("main", dump)));
        cli.run("chats", "add", "main", "@main_chat");
        TestCli.Run first = cli.run("update");
        assertThat(first.exitCode()).as(first.all()).isZero();
        Path db = home.resolve("databases/main.db");
        List<String> rows = Db.messages(db);
        List<String> meta = Db.rows(db, "SELECT key, value FROM metadata ORDER BY key");
        FileState before = state(db);
        assertThat(before.walBytes())
                .as("the WAL is checkpointed when a run ends")
                .isZero();

        for (String[] args : List.of(new String[] {"update"}, new String[] {"update", "--full"}, new String[] {
            "import", "--chat", "main", dump.toString()
        })) {
            Thread.sleep(1100); // a write would show in the mtime even at one-second resolution
            TestCli.Run again = cli.run(args);
            assertThat(again.exitCode()).as(again.all()).isZero();
            assertThat(again.out()).as(String.join(" ", args)).contains("0 new, 0 updated");
            assertThat(state(db)).as(String.join(" ", args)).isEqualTo(before);
        }
        assertThat(Db.messages(db)).isEqualTo(rows);
        assertThat(Db.rows(db, "SELECT key, value FROM metadata ORDER BY key"))
                .as("not even last_updated is rewritten")
                .isEqualTo(meta);
    }
}
