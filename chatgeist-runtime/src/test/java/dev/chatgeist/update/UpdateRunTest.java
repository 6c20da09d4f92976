package dev.chatgeist.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.archive.ArchiveWriter;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.TargetsFile;
import dev.chatgeist.core.lock.ProcessLock;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.testing.DumpBackedTelegram;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.util.ConsoleProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update run's orchestration without the command line: the home's run lock, one live source for all chats,
 * the tally. DumpBackedTelegram stands in for the user's Telegram account; archives and locks are real.
 */
class UpdateRunTest {
    @TempDir
    Path home;

    private final StringWriter console = new StringWriter();

    private UpdateRun run(EventLog log) {
        Home h = new Home(home);
        PrintWriter err = new PrintWriter(new StringWriter());
        return new UpdateRun(
                h,
                log,
                new UpdateEngine(
                        h,
                        log,
                        Duration.ofSeconds(1),
                        ArchiveWriter.DEFAULT_BATCH,
                        label -> new ConsoleProgress(err, false, label)));
    }

    private TargetsFile targets() throws Exception {
        Files.writeString(
                home.resolve("targets.json"), "{\"chats\": {\"main\": \"@main_chat\", \"broken\": \"not a target!\"}}");
        return TargetsFile.load(home.resolve("targets.json"));
    }

    @Test
    void everyChatIsTriedOnceWithOneLiveSourceAndTheTallyIsReturned() throws Exception {
        Path history = Shared.generate(home.resolve("h.jsonl"), "-n", "300", "--seed", "5");
        AtomicInteger opened = new AtomicInteger();
        try (EventLog log = EventLog.consoleOnly(new PrintWriter(console), new PrintWriter(console))) {
            UpdateRun.Result result = run(log).run(
                            List.of("main", "broken"),
                            targets(),
                            () -> {
                                opened.incrementAndGet();
                                return new DumpBackedTelegram(Map.of("main", history));
                            },
                            new UpdateEngine.Options(0, false));
            assertThat(result).isInstanceOfSatisfying(UpdateRun.Finished.class, f -> {
                assertThat(f.chats()).isEqualTo(2);
                assertThat(f.ok()).isEqualTo(1);
                assertThat(f.failed()).isEqualTo(1);
                assertThat(f.busy()).isZero();
                assertThat(f.anyFailed()).isTrue();
            });
        }
        assertThat(opened).hasValue(1);
        assertThat(console.toString()).contains("update finished: 1 ok, 1 failed, 0 busy");
        assertThat(home.resolve(".update.lock")).as("released").satisfies(lock -> {
            try (ProcessLock again = ProcessLock.tryAcquire(lock, Duration.ZERO).orElseThrow()) {
                assertThat(again).isNotNull();
            }
        });
    }

    @Test
    void aRunningUpdateMakesTheSecondOneBusyBeforeItOpensTelegram() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        try (ProcessLock held = ProcessLock.tryAcquire(home.resolve(".update.lock"), Duration.ZERO)
                        .orElseThrow();
                EventLog log = EventLog.consoleOnly(new PrintWriter(console), new PrintWriter(console))) {
            UpdateRun.Result result = run(log).run(
                            List.of("main"),
                            targets(),
                            () -> {
                                opened.incrementAndGet();
                                return new DumpBackedTelegram(Map.of());
                            },
                            new UpdateEngine.Options(0, false));
            assertThat(result)
                    .isInstanceOfSatisfying(
                            UpdateRun.Busy.class,
                            b -> assertThat(b.holder())
                                    .contains("pid " + ProcessHandle.current().pid()));
        }
        assertThat(opened).as("the live source is not opened").hasValue(0);
        assertThat(home.resolve("databases/main.db")).doesNotExist();
    }
}
