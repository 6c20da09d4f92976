package dev.chatgeist.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * What the chat report shows about one archive over a period: totals, activity per month and per weekday × hour,
 * the top senders, the most reacted messages and the busiest reply threads. Service messages (joins, pins) count
 * in {@code service} only.
 *
 * @param weekdayHour messages per weekday (0 = Monday) and hour (0-23) in {@code zone}: index weekday * 24 + hour
 */
public record ChatStats(
        String alias,
        ZoneId zone,
        Instant first,
        Instant last,
        long messages,
        long service,
        long senders,
        long replies,
        long reactions,
        long reactedMessages,
        List<Month> months,
        long[] weekdayHour,
        List<Sender> topSenders,
        List<Message> mostReacted,
        List<Thread> threads) {

    /** Messages in a month, and the senders whose first / last message of the period fell in it. */
    public record Month(YearMonth month, long messages, long newSenders, long goneSenders) {}

    public record Sender(Long id, String name, String username, long messages, Instant first, Instant last) {
        /** "Name (@user)", or the id when the archive has no name. */
        public String label() {
            String n = name != null && !name.isBlank() ? name : id != null ? "id " + id : "(unknown)";
            return username != null && !username.isBlank() ? n + " (@" + username + ")" : n;
        }
    }

    public record Message(
            long id,
            Instant date,
            String sender,
            String text,
            long reactions,
            String reactionsDetail,
            String permalink) {}

    /** A reply chain: its first message (maybe before the period), how many replies it drew and from how many. */
    public record Thread(Message root, long replies, long participants, Instant lastReply) {}

    public long weekdayHour(int weekday, int hour) {
        return weekdayHour[weekday * 24 + hour];
    }
}
