package dev.chatgeist.plugin.operate;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One outcome line the runtime writes at the end of every run of a batch job:
 * {@code <timestamp> INFO run=update outcome=ok chats=3 new=120 duration_ms=…} or
 * {@code <timestamp> ERROR run=update outcome=failed reason="not logged in to Telegram: run chatgeist login"}.
 *
 * @param time    the line's timestamp as written
 * @param ok      outcome=ok
 * @param reason  the failure's reason (empty when ok)
 * @param details the rest of the line after the outcome (counts, duration)
 * @param line    the whole line
 */
public record Outcome(String time, boolean ok, String reason, String details, String line) {
    private static final Pattern OUTCOME = Pattern.compile(
            "^(\\S+(?: \\d{2}:\\d{2}:\\S+)?)\\s+(?:\\S+\\s+)*?run=(\\S+)\\s+outcome=(\\w+)(.*)$");
    private static final Pattern REASON = Pattern.compile("reason=\"((?:[^\"\\\\]|\\\\.)*)\"|reason=(\\S+)");

    /** The last outcome line of {@code job} in a log's text, if any. */
    public static Optional<Outcome> last(String logText, Job job) {
        List<String> lines = logText.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Optional<Outcome> o = parse(lines.get(i), job);
            if (o.isPresent()) {
                return o;
            }
        }
        return Optional.empty();
    }

    static Optional<Outcome> parse(String line, Job job) {
        Matcher m = OUTCOME.matcher(line.strip());
        if (!m.matches() || !m.group(2).equals(job.id())) {
            return Optional.empty();
        }
        boolean ok = m.group(3).equals("ok");
        String rest = m.group(4).strip();
        String reason = "";
        Matcher r = REASON.matcher(rest);
        if (r.find()) {
            reason = r.group(1) != null ? r.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : r.group(2);
        }
        return Optional.of(new Outcome(m.group(1), ok, reason, rest, line.strip()));
    }

    /** "ok (chats=3 new=120 …)" or "FAILED: not logged in to Telegram: run chatgeist login". */
    public String describe() {
        if (ok) {
            return details.isEmpty() ? "ok" : "ok (" + details + ")";
        }
        return "FAILED: " + (reason.isEmpty() ? details : reason);
    }
}
