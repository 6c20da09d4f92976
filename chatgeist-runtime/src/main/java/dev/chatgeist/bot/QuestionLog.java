package dev.chatgeist.bot;

import dev.chatgeist.core.log.EventLog;
import java.util.List;

/**
 * The one log line per question ({@code question user=... outcome=...}) that the benchmark and the operator read:
 * who asked, on which chats, with which skill, how it ended and where the time went.
 */
final class QuestionLog {
    /** What one question's line reports; times in milliseconds. */
    record Entry(
            long userId,
            List<String> databases,
            Skill skill,
            long durationMs,
            String outcome,
            int queries,
            String delivery,
            long waitMs,
            long analystMs) {
        /** A question that ended before it reached the analyst. */
        static Entry early(long userId, List<String> databases, Skill skill, long durationMs, String outcome) {
            return new Entry(userId, databases, skill, durationMs, outcome, 0, "-", 0, 0);
        }
    }

    private final EventLog log;
    private final String analyst;

    QuestionLog(EventLog log, String analyst) {
        this.log = log;
        this.analyst = analyst;
    }

    /** Writes {@code message} to the console and the entry (plus {@code extra}, e.g. " overhead_ms=3") to the file. */
    void write(String message, Entry e, String extra) {
        log.info(
                message,
                "question user=" + e.userId() + " chat=" + String.join(",", e.databases()) + " skill="
                        + e.skill().logName() + " analyst=" + analyst + " duration_ms=" + e.durationMs() + " outcome="
                        + e.outcome() + " queries=" + e.queries() + " delivery=" + e.delivery() + " wait_ms="
                        + e.waitMs()
                        + " analyst_ms=" + e.analystMs() + extra);
    }
}
