package dev.chatgeist.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.archive.ArchiveWriter;
import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.config.Home;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.source.FetchRequest;
import dev.chatgeist.source.HistorySource;
import dev.chatgeist.source.RowSink;
import dev.chatgeist.source.SourceReport;
import dev.chatgeist.telegram.ArchiveRows;
import dev.chatgeist.util.ConsoleProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat that fails, or a run that is stopped, in the middle: the engine commits every row the source delivered —
 * 1,300 rows are two full hand-off chunks and a partial one, and less than one archive batch — before it reports
 * the chat failed, and the next run continues after them. {@link Account} stands for the user's Telegram account
 * (a history of numbered messages that breaks off); the archive is a real SQLite file.
 */
class FailedChatKeepsWhatItReceivedTest {
    @TempDir
    Path home;

    private final StringWriter console = new StringWriter();

    /** Serves messages afterId+1 … last, failing (or, with {@code hang}, waiting forever) after {@code breakAt}. */
    private record Account(long last, long breakAt, boolean hang, CountDownLatch reachedBreak, List<Long> asked)
            implements HistorySource {
        @Override
        public SourceReport fetch(FetchRequest request, RowSink sink) throws IOException, InterruptedException {
            asked.add(request.afterId());
            SourceReport report = new SourceReport();
            for (long id = request.afterId() + 1; id <= last; id++) {
                if (id > breakAt) {
                    reachedBreak.countDown();
                    if (hang) {
                        new CountDownLatch(1).await(); // a connection that went silent
                    }
                    throw new IOException("the connection is gone");
                }
                sink.accept(row(id));
                report.delivered();
            }
            return report;
        }

        @Override
        public String describe() {
            return "telegram (stand-in account)";
        }
    }

    private static MessageRow row(long id) {
        return new MessageRow(
                id,
                1_700_000_000L + id,
                "2023-11-14T22:13:20+00:00",
                "message " + id,
                1001L,
                "alice",
                "Alice",
                null,
                0,
                "",
                null,
                null,
                null,
                null,
                false);
    }

    private UpdateEngine engine(EventLog log, StopSignal stop) {
        PrintWriter err = new PrintWriter(new StringWriter());
        return new UpdateEngine(
                new Home(home),
                log,
                Duration.ofSeconds(1),
                ArchiveWriter.DEFAULT_BATCH,
                label -> new ConsoleProgress(err, false, label),
                stop);
    }

    private ChatResult update(UpdateEngine engine, Account account) {
        return engine.update(
                "big", "@bigchat", (String alias, ChatTarget target) -> account, new UpdateEngine.Options(0, false));
    }

    private List<String> stored() throws Exception {
        return ArchiveRows.archive(home.resolve("databases/big.db"));
    }

    @Test
    void aSourceFailingAfter1300RowsLeavesExactlyThoseRowsAndTheNextRunContinuesAfterThem() throws Exception {
        List<Long> asked = new ArrayList<>();
        try (EventLog log = EventLog.consoleOnly(new PrintWriter(console), new PrintWriter(console))) {
            UpdateEngine engine = engine(log, new StopSignal());
            ChatResult failed = update(engine, new Account(3_000, 1_300, false, new CountDownLatch(1), asked));
            assertThat(failed.outcome()).isEqualTo(ChatResult.Outcome.FAILED);
            assertThat(failed.inserted()).isEqualTo(1_300);
            assertThat(failed.lastId()).isEqualTo(1_300);
            assertThat(failed.message())
                    .isEqualTo("I/O error: the connection is gone; the 1,300 new messages received before are kept "
                            + "(last id 1300), the next run continues after them");
            assertThat(stored()).hasSize(1_300);
            assertThat(stored().get(1_299)).contains("\"id\":1300,");

            ChatResult next = update(engine, new Account(3_000, Long.MAX_VALUE, false, new CountDownLatch(1), asked));
            assertThat(next.outcome()).isEqualTo(ChatResult.Outcome.OK);
            assertThat(next.inserted()).isEqualTo(1_700);
        }
        assertThat(asked).containsExactly(0L, 1_300L);
        assertThat(stored()).hasSize(3_000);
    }

    @Test
    void aStopWhileTheSourceWaitsForTheNetworkCommitsEveryRowReceived() throws Exception {
        CountDownLatch reachedBreak = new CountDownLatch(1);
        StopSignal stop = new StopSignal();
        Thread signal = new Thread(() -> {
            try {
                if (reachedBreak.await(30, TimeUnit.SECONDS)) {
                    stop.stop(); // what the shutdown hook does on SIGTERM
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        signal.start();
        try (EventLog log = EventLog.consoleOnly(new PrintWriter(console), new PrintWriter(console))) {
            UpdateEngine engine = engine(log, stop);
            ChatResult r = update(engine, new Account(3_000, 1_300, true, reachedBreak, new ArrayList<>()));
            assertThat(r.outcome()).isEqualTo(ChatResult.Outcome.FAILED);
            assertThat(r.message()).startsWith("stopped (SIGTERM or Ctrl+C); the 1,300 new messages received before");
            assertThat(engine.stopRequested()).isTrue();
        } finally {
            signal.join(30_000);
        }
        assertThat(stored()).hasSize(1_300);
        assertThat(Thread.currentThread().isInterrupted())
                .as("the worker is left uninterrupted")
                .isFalse();
    }
}
