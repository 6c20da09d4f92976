package dev.chatgeist.core.log;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The line every run of {@code update}, {@code sync-token} and {@code login} leaves in its own log, whatever happened:
 * {@code 2026-01-10T12:00:03+02:00 INFO run=update outcome=ok chats=3 new=120 duration_ms=1840} or
 * {@code ... ERROR run=update outcome=failed reason="not logged in to Telegram: run chatgeist login"}. bin/chatgeist
 * writes the same line for what it finds before Java starts (Java too old, no jar); {@code chatgeist:status} reads the
 * last one back with {@link #parse}.
 *
 * @param job     the command ({@link JobLog#command()})
 * @param result  how the run ended
 * @param reason  why it failed (or was busy), in words with the fix; null when there is nothing to say
 * @param details further {@code key=value} fields, already formatted (may be empty)
 */
public record RunOutcome(String job, Result result, String reason, String details) {

    /** How a run ended. */
    public enum Result {
        /** Done (possibly with warnings). */
        OK,
        /** Not done or not all done; the reason says why. */
        FAILED,
        /** Another run of the same job held the lock; nothing was done, and that is not an error. */
        BUSY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Result> of(String label) {
            for (Result r : values()) {
                if (r.label().equals(label)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    public RunOutcome {
        details = details == null ? "" : details.strip();
    }

    public static RunOutcome ok(String job, String details) {
        return new RunOutcome(job, Result.OK, null, details);
    }

    public static RunOutcome failed(String job, String reason, String details) {
        return new RunOutcome(job, Result.FAILED, reason, details);
    }

    public static RunOutcome busy(String job, String reason) {
        return new RunOutcome(job, Result.BUSY, reason, "");
    }

    /** The log level of the line: ERROR for a failed run, else INFO. */
    public String level() {
        return result == Result.FAILED ? "ERROR" : "INFO";
    }

    /** The line's fields after the time and level. */
    public String fields() {
        StringBuilder s =
                new StringBuilder("run=").append(job).append(" outcome=").append(result.label());
        if (reason != null) {
            s.append(" reason=").append(EventLog.q(reason));
        }
        if (!details.isEmpty()) {
            s.append(' ').append(details);
        }
        return s.toString();
    }

    /** A run's outcome line as read back from a log, with every field of it. */
    public record Logged(OffsetDateTime time, String level, RunOutcome outcome, Map<String, String> fields) {}

    /** The outcome of a log line, or empty when the line is not a run's outcome line. */
    public static Optional<Logged> parse(String line) {
        String[] head = line.strip().split(" ", 3);
        if (head.length < 3 || !head[2].startsWith("run=")) {
            return Optional.empty();
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(head[0]);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Map<String, String> fields = fieldsOf(head[2]);
        String job = fields.get("run");
        Optional<Result> result = Result.of(fields.getOrDefault("outcome", ""));
        if (job == null || result.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Logged(time, head[1], new RunOutcome(job, result.get(), fields.get("reason"), ""), fields));
    }

    /** {@code key=value key="quoted \" value"} as written by {@link EventLog#q}; in order, later keys win. */
    static Map<String, String> fieldsOf(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            int eq = text.indexOf('=', i);
            int space = text.indexOf(' ', i);
            if (eq < 0 || (space >= 0 && space < eq)) {
                i = space < 0 ? n : space + 1; // a bare word: not a field
                continue;
            }
            String key = text.substring(i, eq);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char c = text.charAt(i++);
                    if (c == '\\' && i < n) {
                        char e = text.charAt(i++);
                        value.append(e == 'n' ? '\n' : e);
                    } else {
                        value.append(c);
                    }
                }
                i++;
            } else {
                while (i < n && text.charAt(i) != ' ') {
                    value.append(text.charAt(i++));
                }
            }
            fields.put(key, value.toString());
        }
        return fields;
    }
}
