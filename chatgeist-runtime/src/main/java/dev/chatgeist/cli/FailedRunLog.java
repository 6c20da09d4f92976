package dev.chatgeist.cli;

import dev.chatgeist.config.Home;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.core.log.JobLog;
import dev.chatgeist.core.log.RunOutcome;
import java.nio.file.Files;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Runs the command line; when {@code update}, {@code sync-token} or {@code login} stops with an exception (not
 * logged in, bad .env, unreadable targets.json, ...) it writes the run's failed outcome line to the command's log
 * before the error is printed, so that a failure of a scheduled run is in the log and not only in the scheduler's
 * stdout file. The commands write their own line when they get to the end.
 */
final class FailedRunLog implements CommandLine.IExecutionStrategy {
    private final CommandLine.IExecutionStrategy inner = new CommandLine.RunLast();

    @Override
    public int execute(ParseResult parseResult) {
        long started = System.nanoTime();
        try {
            return inner.execute(parseResult);
        } catch (CommandLine.ExecutionException e) {
            Optional<JobLog> job = loggedJob(parseResult);
            if (job.isPresent()
                    && job.get() != JobLog.BOT
                    && parseResult.commandSpec().userObject() instanceof RootCommand root) {
                write(root, job.get(), e.getCause(), (System.nanoTime() - started) / 1_000_000);
            }
            throw e;
        }
    }

    private static Optional<JobLog> loggedJob(ParseResult parseResult) {
        return parseResult.hasSubcommand()
                ? JobLog.ofCommand(parseResult.subcommand().commandSpec().name())
                : Optional.empty();
    }

    private static void write(RootCommand root, JobLog job, Throwable failure, long durationMs) {
        Home home;
        try {
            home = root.home();
        } catch (UserException e) {
            return; // no home directory: nowhere to log, and not to be created by a failing run
        }
        if (!Files.isDirectory(home.dir())) {
            return;
        }
        RunOutcome outcome = RunOutcome.failed(job.command(), reason(failure), "duration_ms=" + durationMs);
        try (EventLog log = new EventLog(home.logsDir().resolve(job.fileName()), root.cli.out(), root.cli.err())) {
            log.outcome(outcome);
        }
    }

    /** A user error's own message (it names the problem and the fix); for anything else its type and message. */
    static String reason(Throwable failure) {
        if (failure instanceof UserException) {
            return failure.getMessage();
        }
        if (failure instanceof java.io.UncheckedIOException io) { // e.g. "cannot read .env: Permission denied"
            return io.getMessage()
                    + (io.getCause().getMessage() == null
                            ? ""
                            : ": " + io.getCause().getMessage());
        }
        String message = failure.getMessage();
        return "unexpected error: " + failure.getClass().getSimpleName() + (message == null ? "" : ": " + message)
                + " (run it again with CHATGEIST_DEBUG=1 for the stack trace)";
    }
}
