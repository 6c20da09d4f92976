package dev.chatgeist.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.core.lock.ProcessLock;
import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.DumpBackedTelegram;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateCommandTest {
    @TempDir
    static Path shared;

    static Path history;

    @BeforeAll
    static void dumps() throws Exception {
        history = Shared.generate(shared.resolve("history.jsonl"), "-n", "1500", "--seed", "11");
    }

    @TempDir
    Path home;

    private TestCli cli(DumpBackedTelegram telegram) {
        TestCli cli = new TestCli(home).live(telegram);
        cli.run("chats", "add", "main", "@main_chat");
        return cli;
    }

    @Test
    void incrementalLimitAndFull() throws Exception {
        DumpBackedTelegram telegram = new DumpBackedTelegram(Map.of("main", history));
        TestCli cli = cli(telegram);
        TestCli.Run first = cli.run("update", "--limit", "500");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("main: 500 new");
        long lastId = Db.scalar(home.resolve("databases/main.db"), "SELECT MAX(id) FROM messages");

        TestCli.Run second = cli.run("update", "--chat", "main");
        assertThat(second.out()).contains("main: 1,000 new", "1,500 total");
        TestCli.Run third = cli.run("update");
        assertThat(third.out()).contains("main: 0 new");
        TestCli.Run full = cli.run("update", "--full");
        assertThat(full.out()).contains("main: 0 new, 0 updated, 1,500 total");

        assertThat(telegram.requests)
                .extracting(r -> r.afterId())
                .containsExactly(
                        0L, lastId, Db.scalar(home.resolve("databases/main.db"), "SELECT MAX(id) FROM messages"), 0L);
        assertThat(telegram.requests.get(0).limit()).isEqualTo(500);
        Db.assertSearchIndexConsistent(home.resolve("databases/main.db"));

        List<String> log = Files.readAllLines(home.resolve("logs/update.log"));
        assertThat(log)
                .anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d) INFO update "
                        + "chat=main outcome=ok new=500 updated=0 unchanged=0 total=500 last_id=\\d+ skipped=0 problems=0 "
                        + "duration=\\d+\\.\\d\\ds source=\"telegram-stand-in @main_chat\""));
        assertThat(log)
                .anyMatch(
                        l -> l.matches(
                                ".* INFO run=update outcome=ok chats=1 ok=1 failed=0 busy=0 new=500 updated=0 duration_ms=\\d+"));
    }

    @Test
    void aChatWithoutLiveSourceIsReportedAndTheOthersContinue() {
        TestCli cli = new TestCli(home); // this build's default: no Telegram client
        cli.run("chats", "add", "a", "@aaaa_chat");
        cli.run("chats", "add", "b", "@bbbb_chat");
        TestCli.Run run = cli.run("update");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "a: no live Telegram source for @aaaa_chat",
                        "b: no live Telegram source",
                        "chatgeist login",
                        "chatgeist import --chat a");
        assertThat(run.out()).contains("update finished: 0 ok, 2 failed");
        assertThat(home.resolve("databases/a.db")).doesNotExist();
    }

    @Test
    void oneFailingChatDoesNotStopTheOthers() throws Exception {
        DumpBackedTelegram telegram = new DumpBackedTelegram(Map.of("main", history));
        TestCli cli = cli(telegram);
        cli.run("chats", "add", "private", "-1009999999999");
        Files.writeString(
                home.resolve("targets.json"),
                Files.readString(home.resolve("targets.json"))
                        .replace(
                                "\"private\": \"-1009999999999\"",
                                "\"private\": \"-1009999999999\", \"broken\": \"not a target!\""));
        TestCli.Run run = cli.run("update");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("main: 1,500 new").contains("1 ok, 2 failed");
        assertThat(run.err())
                .contains("private: the account is not a member of -1009999999999")
                .contains("broken: invalid chat target 'not a target!'");
    }

    @Test
    void unknownChatListsTheKnownOnes() {
        TestCli cli = cli(new DumpBackedTelegram(Map.of()));
        TestCli.Run run = cli.run("update", "--chat", "nope");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown chat 'nope'; known chats: main");
    }

    @Test
    void missingTargetsFileSaysHowToStart() {
        TestCli.Run run = new TestCli(home).run("update");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no targets.json").contains("chats add");
    }

    @Test
    void overlappingRunsDoNotFight() throws Exception {
        DumpBackedTelegram telegram = new DumpBackedTelegram(Map.of("main", history));
        TestCli cli = cli(telegram);
        // another update holds the run lock: this one exits 0 with a clear line and touches nothing
        try (ProcessLock held = ProcessLock.tryAcquire(home.resolve(".update.lock"), Duration.ZERO)
                .orElseThrow()) {
            TestCli.Run run = cli.run("update");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out())
                    .contains("another update is already running (pid "
                            + ProcessHandle.current().pid());
        }
        assertThat(home.resolve("databases/main.db")).doesNotExist();
        // an import holds the chat: the update skips that chat, exit 0
        try (ProcessLock held = ProcessLock.tryAcquire(home.resolve("databases/.main.lock"), Duration.ZERO)
                .orElseThrow()) {
            TestCli.Run run = cli.run("update");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out())
                    .contains("main is already being written by another run")
                    .contains("1 busy");
        }
        assertThat(cli.run("update").out()).contains("main: 1,500 new");
    }
}
