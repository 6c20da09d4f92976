package dev.chatgeist.token;

import dev.chatgeist.core.credentials.CredentialsException;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.core.log.JobLog;
import dev.chatgeist.core.log.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one {@code sync-token} run did; {@link #outcome()} is its one line in {@code logs/sync_token.log}. Holds the
 * token's last 4 characters at most.
 */
public record SyncResult(
        int exitCode,
        boolean dryRun,
        boolean busy,
        String source,
        String tokenTail,
        Boolean changed,
        Instant expiresAt,
        Duration remaining,
        Step ping,
        Step env,
        Step credentialsOut,
        Step restart,
        String composeTool,
        List<String> warnings,
        List<String> errors) {
    /** Every exit status of {@code sync-token}. */
    public static final int OK = 0;

    public static final int INTERNAL_ERROR = 1;
    public static final int BAD_SETUP = 2;
    public static final int NO_CREDENTIALS = CredentialsException.EXIT_CODE;
    public static final int WRITE_FAILED = 4;
    public static final int RESTART_FAILED = 5;
    public static final int TOKEN_EXPIRED = 6;

    /** What happened to one part of the run, as written to the log ("done", "skipped", "failed", ...). */
    public enum Step {
        OK,
        WRITTEN,
        UNCHANGED,
        DONE,
        NOT_NEEDED,
        WOULD_RUN,
        WOULD_WRITE,
        SKIPPED,
        ABSENT,
        TIMEOUT,
        FAILED,
        NONE;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public SyncResult {
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /** The run's outcome line: ok (possibly with warnings), busy, or failed with the errors as the reason. */
    public RunOutcome outcome() {
        String job = JobLog.SYNC_TOKEN.command();
        if (busy) {
            return new RunOutcome(job, RunOutcome.Result.BUSY, "another sync-token run is busy", logFields());
        }
        if (exitCode == OK) {
            return RunOutcome.ok(job, logFields());
        }
        String reason = errors.isEmpty() ? "exit status " + exitCode : String.join("; ", errors);
        return RunOutcome.failed(job, reason, logFields());
    }

    /** Everything the run did, as {@code key=value} fields of its outcome line. */
    public String logFields() {
        List<String> f = new ArrayList<>();
        f.add("exit=" + exitCode);
        if (dryRun) {
            f.add("dry_run=yes");
        }
        if (busy) {
            f.add("busy=yes");
        }
        f.add("source=" + EventLog.q(source));
        f.add("token=" + (tokenTail == null ? "none" : tokenTail));
        f.add("changed=" + (changed == null ? "unknown" : changed ? "yes" : "no"));
        f.add("expires=" + (expiresAt == null ? "unknown" : expiresAt.toString()));
        if (remaining != null) {
            f.add("expires_in=" + formatDuration(remaining));
        }
        f.add("ping=" + ping.label());
        f.add("env=" + env.label());
        f.add("restart=" + restart.label());
        if (composeTool != null) {
            f.add("compose=" + EventLog.q(composeTool));
        }
        if (credentialsOut != Step.NONE) {
            f.add("credentials_out=" + credentialsOut.label());
        }
        f.add("warnings=" + warnings.size());
        return String.join(" ", f);
    }

    /** One human line saying what the run did (details were printed as they happened). */
    public String consoleSummary() {
        if (busy) {
            return "sync-token: another run is busy; nothing done";
        }
        String token = tokenTail == null ? "" : " " + tokenTail;
        String what;
        if (dryRun) {
            what = "dry run, token" + token + (Boolean.TRUE.equals(changed) ? " differs from .env" : " as in .env")
                    + "; sandbox " + (restart == Step.WOULD_RUN ? "would be recreated" : "would be left alone");
        } else if (changed == null) {
            what = "nothing changed";
        } else {
            what = "token" + token + (changed ? " changed" : " unchanged") + ", .env " + env.label()
                    + ", sandbox "
                    + switch (restart) {
                        case DONE -> "recreated";
                        case FAILED -> "NOT recreated";
                        case NOT_NEEDED -> "left running";
                        default -> "not touched";
                    };
        }
        String expiry = remaining == null
                ? ""
                : remaining.isNegative() ? ", token EXPIRED" : ", token valid " + formatDuration(remaining);
        String status = exitCode == OK ? "" : " (exit " + exitCode + ")";
        return "sync-token" + status + ": " + what + expiry;
    }

    /** "5h12m", "42m", "-1h03m" (expired an hour ago). */
    public static String formatDuration(Duration d) {
        long minutes = d.toMinutes();
        String sign = d.isNegative() ? "-" : "";
        long abs = Math.abs(minutes);
        long h = abs / 60;
        long m = abs % 60;
        return h == 0 ? sign + m + "m" : String.format(Locale.ROOT, "%s%dh%02dm", sign, h, m);
    }
}
