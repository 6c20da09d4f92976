package dev.chatgeist.update;

import static dev.chatgeist.core.log.EventLog.q;

import dev.chatgeist.archive.Archive;
import dev.chatgeist.archive.ArchiveWriter;
import dev.chatgeist.archive.IdOffsets;
import dev.chatgeist.config.Alias;
import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.config.Home;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.lock.ProcessLock;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.source.FetchRequest;
import dev.chatgeist.source.HistorySource;
import dev.chatgeist.source.SourceReport;
import dev.chatgeist.util.ConsoleProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * For one chat: take the chat's lock, open its archive, ask the source for what is new, store it in batches, log
 * one line. Used by {@code update} (live source, incremental after the archive's highest id) and {@code import}
 * (dump files, upserted whole: unchanged rows are skipped, so a repeated import changes nothing).
 */
public final class UpdateEngine {
    /** Problems shown on the console per file; the rest are counted (all go to the log up to its own cap). */
    private static final int CONSOLE_PROBLEMS = 10;

    private final Home home;
    private final EventLog log;
    private final Duration lockWait;
    private final int batchSize;
    private final Function<String, ConsoleProgress> progress;
    private final StopSignal stop;

    public UpdateEngine(
            Home home, EventLog log, Duration lockWait, int batchSize, Function<String, ConsoleProgress> progress) {
        this(home, log, lockWait, batchSize, progress, new StopSignal());
    }

    /** @param stop asks the chat being written to commit what it received and end (SIGTERM, Ctrl+C) */
    public UpdateEngine(
            Home home,
            EventLog log,
            Duration lockWait,
            int batchSize,
            Function<String, ConsoleProgress> progress,
            StopSignal stop) {
        this.home = home;
        this.log = log;
        this.lockWait = lockWait;
        this.batchSize = batchSize;
        this.progress = progress;
        this.stop = stop;
    }

    /** The run was asked to stop: start no more chats. */
    public boolean stopRequested() {
        return stop.stopped();
    }

    /**
     * What the live source should fetch: {@code limit} 0 = all new; {@code full} = from the first message;
     * {@code refresh} how much of the past is re-read (issue 12; off for sources that cannot, and with a limit).
     */
    public record Options(long limit, boolean full, RefreshWindow refresh) {
        public Options(long limit, boolean full) {
            this(limit, full, RefreshWindow.OFF);
        }
    }

    public ChatResult update(String alias, String targetText, LiveSourceProvider live, Options options) {
        long started = System.nanoTime();
        ChatTarget target;
        HistorySource source;
        try {
            Alias.check(alias);
            target = ChatTarget.parse(targetText);
            source = stop.interruptible(() -> live.open(alias, target));
        } catch (UserException | SourceUnavailableException e) {
            ChatResult r = ChatResult.failed(alias, e.getMessage(), since(started));
            log.error(
                    alias + ": " + e.getMessage(),
                    "update chat=" + alias + " outcome=failed error=" + q(e.getMessage()));
            return r;
        }
        RefreshableSource refresher =
                options.refresh().on() && options.limit() == 0 && source instanceof RefreshableSource r ? r : null;
        return withChat(alias, started, "update", archive -> {
            // with a refresh, --full re-reads the stored messages through it (edits keep their old text)
            long afterId = options.full() && refresher == null ? 0 : archive.maxId();
            RefreshRequest refreshing =
                    refresher == null ? null : ArchiveRefresh.request(archive, alias, options.refresh(), Instant.now());
            if (refresher != null) {
                refresher.prepareRefresh(refreshing);
            }
            ConsoleProgress bar = progress.apply(alias);
            try (ArchiveWriter writer = archive.writer(batchSize)) {
                FetchRequest request = new FetchRequest(
                        alias, Optional.of(target), afterId, options.limit(), bar, IdOffsets.from(archive.metadata()));
                SourceReport report;
                try {
                    report = Pipeline.run(source, request, writer, bar::rows, stop);
                } catch (Pipeline.SourceStopped e) {
                    bar.done();
                    return failedKeeping("update", alias, started, writer.finish(), e.getCause());
                }
                bar.done();
                report.idOffsets()
                        .filter(ids -> !request.idOffsets().equals(Optional.of(ids)))
                        .ifPresent(ids -> ids.recordIn(archive));
                ArchiveWriter.Result result = writer.finish();
                // not after a stop: the new messages are stored, the refresh can wait for the next run
                ArchiveRefresh.Outcome refreshed =
                        refresher == null || stop.stopped() ? null : refresh(archive, refresher, refreshing);
                return finish("update", alias, source.describe(), started, result, report, refreshed);
            } finally {
                bar.done();
            }
        });
    }

    /** The refresh after the new messages are committed; it runs on this thread, which no stop interrupts. */
    private static ArchiveRefresh.Outcome refresh(Archive archive, RefreshableSource source, RefreshRequest request)
            throws IOException {
        try {
            return ArchiveRefresh.run(archive, source, request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during the refresh (the new messages are stored)", e);
        }
    }

    public ChatResult importFiles(String alias, Optional<ChatTarget> target, List<HistorySource> sources) {
        long started = System.nanoTime();
        Alias.check(alias);
        return withChat(alias, started, "import", archive -> {
            ConsoleProgress bar = progress.apply(alias);
            SourceReport total = new SourceReport();
            List<String> names = new ArrayList<>();
            try (ArchiveWriter writer = archive.writer(batchSize)) {
                for (HistorySource source : sources) {
                    FetchRequest request = new FetchRequest(alias, target, 0, 0, bar);
                    SourceReport report;
                    try {
                        report = Pipeline.run(source, request, writer, bar::rows, stop);
                    } catch (Pipeline.SourceStopped e) {
                        bar.done();
                        return failedKeeping("import", alias, started, writer.finish(), e.getCause());
                    }
                    bar.done();
                    reportProblems(alias, source.describe(), report);
                    total.addAll(report);
                    names.add(source.describe());
                }
                ArchiveWriter.Result result = writer.finish();
                return finish("import", alias, String.join(", ", names), started, result, total, null);
            } finally {
                bar.done();
            }
        });
    }

    @FunctionalInterface
    private interface ArchiveWork {
        ChatResult run(Archive archive) throws IOException;
    }

    private ChatResult withChat(String alias, long started, String verb, ArchiveWork work) {
        Path lockFile = home.databasesDir().resolve("." + alias + ".lock");
        Optional<ProcessLock> lock;
        try {
            lock = ProcessLock.tryAcquire(lockFile, lockWait);
        } catch (IOException e) {
            return failed(verb, alias, "cannot create the lock file " + lockFile + ": " + e.getMessage(), started);
        }
        if (lock.isEmpty()) {
            String holder = ProcessLock.describeHolder(lockFile);
            String msg = alias + " is already being written by another run (" + holder + "); skipped";
            log.info(msg, verb + " chat=" + alias + " outcome=busy holder=" + q(holder));
            return ChatResult.busy(alias, msg);
        }
        try (ProcessLock held = lock.get();
                Archive archive = Archive.openForWrite(
                        home.database(alias),
                        line -> log.info(alias + ": " + line, verb + " chat=" + alias + " repair=" + q(line)))) {
            return work.run(archive);
        } catch (UserException e) {
            return failed(verb, alias, e.getMessage(), started);
        } catch (IOException e) {
            return failed(verb, alias, "I/O error: " + e.getMessage(), started);
        }
    }

    /**
     * The source failed, or the run was stopped, after {@code kept} was committed: every message received, a prefix of
     * the history without holes, so the next run continues after its last id.
     */
    private ChatResult failedKeeping(
            String verb, String alias, long started, ArchiveWriter.Result kept, Throwable cause) {
        String why = cause instanceof UserException || cause instanceof StopSignal.StoppedException
                ? cause.getMessage()
                : cause instanceof IOException ? "I/O error: " + cause.getMessage() : cause.toString();
        String message = String.format(
                Locale.ROOT,
                "%s; the %,d new messages received before are kept (last id %d), the next run continues after them",
                why,
                kept.inserted(),
                kept.maxId());
        log.error(
                alias + ": " + message,
                verb + " chat=" + alias + " outcome=failed new=" + kept.inserted() + " updated=" + kept.updated()
                        + " total=" + kept.total() + " last_id=" + kept.maxId() + " error=" + q(why));
        return new ChatResult(
                alias,
                ChatResult.Outcome.FAILED,
                kept.inserted(),
                kept.updated(),
                kept.total(),
                kept.maxId(),
                since(started),
                message,
                null);
    }

    private ChatResult failed(String verb, String alias, String message, long started) {
        log.error(alias + ": " + message, verb + " chat=" + alias + " outcome=failed error=" + q(message));
        return ChatResult.failed(alias, message, since(started));
    }

    /** @param refreshed null when nothing was refreshed */
    private ChatResult finish(
            String verb,
            String alias,
            String source,
            long started,
            ArchiveWriter.Result r,
            SourceReport report,
            ArchiveRefresh.Outcome refreshed) {
        Duration d = since(started);
        String secs = String.format(Locale.ROOT, "%.2f", d.toNanos() / 1e9);
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "%s: %,d new, %,d updated, %,d total, last id %d (%ss)",
                alias,
                r.inserted(),
                r.updated() + (refreshed == null ? 0 : refreshed.written().updated()),
                r.total(),
                r.maxId(),
                secs));
        if (report.skippedCount() > 0) {
            text.append(String.format(Locale.ROOT, ", %,d without id skipped", report.skippedCount()));
        }
        if (report.problemCount() > 0) {
            text.append(String.format(Locale.ROOT, ", %,d bad lines", report.problemCount()));
        }
        if (refreshed != null) {
            text.append(", ").append(refreshed.summary());
        }
        log.info(
                text.toString(),
                verb + " chat=" + alias + " outcome=ok new=" + r.inserted() + " updated=" + r.updated()
                        + " unchanged=" + r.unchanged() + " total=" + r.total() + " last_id=" + r.maxId()
                        + " skipped=" + report.skippedCount() + " problems=" + report.problemCount()
                        + " duration=" + secs + "s" + (refreshed == null ? "" : refreshed.fields()) + " source="
                        + q(source));
        return new ChatResult(
                alias,
                ChatResult.Outcome.OK,
                r.inserted(),
                r.updated(),
                r.total(),
                r.maxId(),
                d,
                text.toString(),
                report);
    }

    private void reportProblems(String alias, String source, SourceReport report) {
        List<String> problems = report.firstProblems();
        for (int i = 0; i < problems.size(); i++) {
            String p = problems.get(i);
            String fields = "import chat=" + alias + " source=" + q(source) + " problem=" + q(p);
            if (i < CONSOLE_PROBLEMS) {
                log.warn(alias + ": " + p, fields);
            } else {
                log.fileOnly("WARN", fields);
            }
        }
        if (report.problemCount() > CONSOLE_PROBLEMS) {
            log.warn(
                    String.format(
                            Locale.ROOT,
                            "%s: %,d more bad lines (first %d in %s)",
                            alias,
                            report.problemCount() - CONSOLE_PROBLEMS,
                            SourceReport.KEPT,
                            "logs/update.log"),
                    "import chat=" + alias + " source=" + q(source) + " problems=" + report.problemCount());
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
