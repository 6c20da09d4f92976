package dev.chatgeist.update;

import dev.chatgeist.config.Home;
import dev.chatgeist.config.TargetsFile;
import dev.chatgeist.core.lock.ProcessLock;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.core.log.JobLog;
import dev.chatgeist.core.log.RunOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One {@code update} of several chats: at most one run per home at a time ({@code .update.lock}; a second run
 * finds it taken and does nothing, which is not an error), the live source opened once, each chat updated in
 * turn by the {@link UpdateEngine}, and the tally logged as the run's last line.
 */
public final class UpdateRun {
    /** How a run ended. */
    public sealed interface Result {}

    /** Another update holds the home's lock ({@code holder} describes it); nothing was done. */
    public record Busy(String holder) implements Result {}

    /** Every chat was tried: how many were updated, failed, or skipped because another run held them. */
    public record Finished(int chats, int ok, int failed, int busy, Duration duration) implements Result {
        public boolean anyFailed() {
            return failed > 0;
        }
    }

    /** The job name of the run's outcome line ({@code run=update}). */
    public static final String JOB = JobLog.UPDATE.command();

    private final Home home;
    private final EventLog log;
    private final UpdateEngine engine;

    public UpdateRun(Home home, EventLog log, UpdateEngine engine) {
        this.home = home;
        this.log = log;
        this.engine = engine;
    }

    /** Updates {@code aliases} (each listed in {@code targets}); {@code live} opens the source once the lock is held. */
    public Result run(
            List<String> aliases, TargetsFile targets, Supplier<LiveSourceProvider> live, UpdateEngine.Options options)
            throws IOException {
        Path runLock = home.dir().resolve(".update.lock");
        Optional<ProcessLock> lock = ProcessLock.tryAcquire(runLock, Duration.ZERO);
        if (lock.isEmpty()) {
            String holder = ProcessLock.describeHolder(runLock);
            String reason = "another update is already running (" + holder + ")";
            log.outcome(reason + "; nothing to do", RunOutcome.busy(JOB, reason));
            return new Busy(holder);
        }
        try (ProcessLock held = lock.get();
                LiveSourceProvider source = live.get()) {
            long started = System.nanoTime();
            int ok = 0;
            int failed = 0;
            int busy = 0;
            long inserted = 0;
            long updated = 0;
            List<ChatResult> failures = new ArrayList<>();
            for (String alias : aliases) {
                if (engine.stopRequested()) {
                    failed++;
                    failures.add(
                            ChatResult.failed(alias, "not updated: " + StopSignal.StoppedException.WHY, Duration.ZERO));
                    continue;
                }
                ChatResult r = engine.update(alias, targets.targetOf(alias), source, options);
                inserted += r.inserted();
                updated += r.updated();
                switch (r.outcome()) {
                    case OK -> ok++;
                    case BUSY -> busy++;
                    case FAILED -> {
                        failed++;
                        failures.add(r);
                    }
                }
            }
            Finished f = new Finished(aliases.size(), ok, failed, busy, Duration.ofNanos(System.nanoTime() - started));
            String secs = String.format(Locale.ROOT, "%.1f", f.duration().toNanos() / 1e9);
            String details = "chats=" + f.chats() + " ok=" + ok + " failed=" + failed + " busy=" + busy + " new="
                    + inserted + " updated=" + updated + " duration_ms="
                    + f.duration().toMillis();
            RunOutcome outcome = failures.isEmpty()
                    ? RunOutcome.ok(JOB, details)
                    : RunOutcome.failed(JOB, failureReason(failures), details);
            String text = String.format("update finished: %d ok, %d failed, %d busy (%ss)", ok, failed, busy, secs);
            log.outcome(text, outcome);
            return f;
        }
    }

    /** The first failed chat and why, and how many more failed: the outcome line's reason. */
    private static String failureReason(List<ChatResult> failures) {
        ChatResult first = failures.get(0);
        String more = failures.size() > 1 ? " (and " + (failures.size() - 1) + " more chats failed)" : "";
        return first.alias() + ": " + first.message() + more;
    }
}
