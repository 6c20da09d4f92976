package dev.chatgeist.plugin.operate;

import dev.chatgeist.core.log.RunOutcome;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The last outcome line of a batch job in its log, read with the runtime's own parser ({@link RunOutcome#parse}):
 * {@code 2026-01-10T12:00:03+02:00 INFO run=update outcome=ok chats=3 new=120 duration_ms=1840} or
 * {@code ... ERROR run=update outcome=failed reason="not logged in to Telegram: run chatgeist login"}.
 *
 * @param time   when the run ended
 * @param result ok, failed or busy
 * @param reason why it failed or was busy (empty when there is nothing to say)
 * @param counts the other fields (chats=3 new=120 duration_ms=1840)
 * @param line   the whole line
 */
public record Outcome(OffsetDateTime time, RunOutcome.Result result, String reason, String counts, String line) {
    /** The last outcome line of {@code job} in a log's text, if any. */
    public static Optional<Outcome> last(String logText, Job job) {
        List<String> lines = logText.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Optional<RunOutcome.Logged> logged = RunOutcome.parse(lines.get(i));
            if (logged.isPresent() && logged.get().outcome().job().equals(job.id())) {
                return Optional.of(of(logged.get(), lines.get(i).strip()));
            }
        }
        return Optional.empty();
    }

    private static Outcome of(RunOutcome.Logged logged, String line) {
        Map<String, String> fields = logged.fields();
        String counts = fields.entrySet().stream()
                .filter(e -> !List.of("run", "outcome", "reason").contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        String reason = logged.outcome().reason();
        return new Outcome(logged.time(), logged.outcome().result(), reason == null ? "" : reason, counts, line);
    }

    public boolean ok() {
        return result != RunOutcome.Result.FAILED;
    }

    /** "ok (chats=3 new=120 duration_ms=1840)", "busy: …" or "FAILED: not logged in to Telegram: run chatgeist login". */
    public String describe() {
        return switch (result) {
            case OK -> counts.isEmpty() ? "ok" : "ok (" + counts + ")";
            case BUSY -> "busy" + (reason.isEmpty() ? "" : ": " + reason);
            case FAILED -> "FAILED: " + (reason.isEmpty() ? counts : reason);
        };
    }
}
