package dev.chatgeist.report;

import dev.chatgeist.archive.Archive;
import dev.chatgeist.archive.ArchiveException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a {@link ChatStats} from an archive in one pass over its messages (in id order, a handful of columns), so
 * a million messages take about a second; only the few messages shown in full are read again by id. Reply chains
 * are followed in memory with primitive arrays: a reply's thread is its parent's, and a parent comes before its
 * replies in id order.
 *
 * <p>Why it is long: the single pass and its accumulators belong together (splitting them would cost a second pass
 * or shared mutable state); the formatter's one-argument-per-line layout adds the rest.
 */
public final class ChatStatsReader {
    private static final int TOP_SENDERS = 15;
    private static final int TOP_MESSAGES = 10;
    private static final int TOP_THREADS = 10;
    private static final long NONE = Long.MIN_VALUE;

    /** The period: days in {@code zone}, both ends included; an empty end is open. */
    public record Period(Optional<LocalDate> from, Optional<LocalDate> to, ZoneId zone) {
        long fromSecond() {
            return from.map(d -> d.atStartOfDay(zone).toEpochSecond()).orElse(Long.MIN_VALUE);
        }

        long toSecondExclusive() {
            return to.map(d -> d.plusDays(1).atStartOfDay(zone).toEpochSecond()).orElse(Long.MAX_VALUE);
        }
    }

    public ChatStats read(String alias, Path database, Period period) {
        Archive.openReadOnly(database).close(); // the same checks as every reader: header, schema version
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // read-only
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database, p)) {
            Scan scan = new Scan(period.zone());
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, timestamp, sender_id, reply_to_msg_id, reactions_count, is_service FROM messages
                    WHERE typeof(timestamp) = 'integer' AND timestamp >= ? AND timestamp < ? ORDER BY id""")) {
                ps.setLong(1, period.fromSecond());
                ps.setLong(2, period.toSecondExclusive());
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long sender = rs.getLong(3);
                        sender = rs.wasNull() ? NONE : sender;
                        long parent = rs.getLong(4);
                        parent = rs.wasNull() || parent == 0 ? NONE : parent;
                        scan.add(rs.getLong(1), rs.getLong(2), sender, parent, rs.getLong(5), rs.getInt(6) != 0);
                    }
                }
            }
            return scan.result(alias, new Details(c));
        } catch (SQLException e) {
            throw new ArchiveException("cannot read " + database + " for the report: " + e.getMessage(), e);
        }
    }

    /** The messages shown in full, read by id. */
    private static final class Details {
        private final PreparedStatement byId;
        private final PreparedStatement senderById;

        Details(Connection c) throws SQLException {
            byId = c.prepareStatement("SELECT timestamp, sender_display_name, sender_username, message, "
                    + "reactions_count, reactions_detail, permalink FROM messages WHERE id = ?");
            senderById = c.prepareStatement("SELECT sender_display_name, sender_username FROM messages WHERE id = ?");
        }

        Optional<ChatStats.Message> message(long id) throws SQLException {
            byId.setLong(1, id);
            try (ResultSet rs = byId.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String name = rs.getString(2);
                String user = rs.getString(3);
                String sender = name != null && !name.isBlank() ? name : user != null ? "@" + user : "";
                return Optional.of(new ChatStats.Message(
                        id,
                        Instant.ofEpochSecond(rs.getLong(1)),
                        sender,
                        rs.getString(4) == null ? "" : rs.getString(4),
                        rs.getLong(5),
                        rs.getString(6) == null ? "" : rs.getString(6),
                        rs.getString(7) == null ? "" : rs.getString(7)));
            }
        }

        String[] sender(long messageId) throws SQLException {
            senderById.setLong(1, messageId);
            try (ResultSet rs = senderById.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : new String[] {null, null};
            }
        }
    }

    /** Per sender: messages, first and last time, the id of the last message (its name is read from it). */
    private static final class SenderAcc {
        final int index;
        long messages;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long lastId;

        SenderAcc(int index) {
            this.index = index;
        }
    }

    private static final class Scan {
        private final ZoneRules rules;
        private final ZoneId zone;
        // per message, in id order: 24 bytes each, so a million messages take 24 MB
        private long[] ids = new long[1 << 16];
        private long[] roots = new long[1 << 16];
        private int[] senders = new int[1 << 16]; // SenderAcc.index
        private int[] times = new int[1 << 16]; // seconds after the first message's
        private final BitSet isReply = new BitSet();
        private int n;
        private long base = Long.MIN_VALUE;
        private long messages;
        private long service;
        private long replies;
        private long reactions;
        private long reacted;
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;
        private final long[] weekdayHour = new long[7 * 24];
        private final Map<Integer, long[]> perMonth = new HashMap<>();
        private long lastDay = Long.MIN_VALUE;
        private long[] monthCount;
        private final Map<Long, SenderAcc> perSender = new HashMap<>();
        private final PriorityQueue<long[]> topReacted =
                new PriorityQueue<>(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> -a[1]));
        // the zone offset of the hour last seen: rows come roughly in time order
        private long offsetHour = Long.MIN_VALUE;
        private long offsetSeconds;

        Scan(ZoneId zone) {
            this.zone = zone;
            this.rules = zone.getRules();
        }

        void add(long id, long ts, long sender, long parent, long reactionCount, boolean isService) {
            first = Math.min(first, ts);
            last = Math.max(last, ts);
            if (isService) {
                service++;
                return;
            }
            messages++;
            long local = ts + offset(ts);
            long day = Math.floorDiv(local, 86_400);
            int hour = Math.floorMod(local, 86_400) / 3600;
            int weekday = Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday (3 counting from Monday = 0)
            weekdayHour[weekday * 24 + hour]++;
            if (day != lastDay) { // rows come roughly in time order: the month changes rarely
                lastDay = day;
                LocalDate date = LocalDate.ofEpochDay(day);
                monthCount = perMonth.computeIfAbsent(date.getYear() * 12 + date.getMonthValue() - 1, k -> new long[1]);
            }
            monthCount[0]++;
            SenderAcc s = perSender.computeIfAbsent(sender, k -> new SenderAcc(perSender.size()));
            s.messages++;
            s.first = Math.min(s.first, ts);
            if (ts >= s.last) {
                s.last = ts;
                s.lastId = id;
            }
            if (reactionCount > 0) {
                reactions += reactionCount;
                reacted++;
                topReacted.add(new long[] {reactionCount, id});
                if (topReacted.size() > TOP_MESSAGES) {
                    topReacted.poll();
                }
            }
            if (parent != NONE) {
                replies++;
            }
            append(id, parent, s.index, ts);
        }

        private long offset(long ts) {
            long h = Math.floorDiv(ts, 3600);
            if (h != offsetHour) {
                offsetHour = h;
                offsetSeconds = rules.getOffset(Instant.ofEpochSecond(ts)).getTotalSeconds();
            }
            return offsetSeconds;
        }

        private void append(long id, long parent, int sender, long ts) {
            if (n == ids.length) {
                int size = n + n / 2;
                ids = Arrays.copyOf(ids, size);
                roots = Arrays.copyOf(roots, size);
                senders = Arrays.copyOf(senders, size);
                times = Arrays.copyOf(times, size);
            }
            if (base == Long.MIN_VALUE) {
                base = ts;
            }
            long root = id;
            if (parent != NONE) {
                int at = Arrays.binarySearch(ids, 0, n, parent);
                root = at >= 0 ? roots[at] : parent; // a parent outside the period (or deleted) heads the thread
            }
            ids[n] = id;
            roots[n] = root;
            senders[n] = sender;
            times[n] = (int) (ts - base); // id order is near time order: 68 years either way fit
            isReply.set(n, parent != NONE);
            n++;
        }

        ChatStats result(String alias, Details details) throws SQLException {
            return new ChatStats(
                    alias,
                    zone,
                    first == Long.MAX_VALUE ? null : Instant.ofEpochSecond(first),
                    last == Long.MIN_VALUE ? null : Instant.ofEpochSecond(last),
                    messages,
                    service,
                    perSender.size(),
                    replies,
                    reactions,
                    reacted,
                    months(),
                    weekdayHour.clone(),
                    topSenders(details),
                    mostReacted(details),
                    threads(details));
        }

        private List<ChatStats.Month> months() {
            if (perMonth.isEmpty()) {
                return List.of();
            }
            Map<Integer, long[]> newGone = new TreeMap<>();
            int lastMonth = perMonth.keySet().stream().max(Integer::compare).orElseThrow();
            for (SenderAcc s : perSender.values()) {
                newGone.computeIfAbsent(monthIndex(s.first), k -> new long[2])[0]++;
                int gone = monthIndex(s.last);
                if (gone != lastMonth) { // still writing in the period's last month: not gone
                    newGone.computeIfAbsent(gone, k -> new long[2])[1]++;
                }
            }
            int min = perMonth.keySet().stream().min(Integer::compare).orElseThrow();
            List<ChatStats.Month> out = new ArrayList<>();
            for (int m = min; m <= lastMonth; m++) { // empty months too: a gap is news
                long[] ng = newGone.getOrDefault(m, new long[2]);
                out.add(new ChatStats.Month(
                        YearMonth.of(m / 12, m % 12 + 1), perMonth.getOrDefault(m, new long[1])[0], ng[0], ng[1]));
            }
            return out;
        }

        private int monthIndex(long ts) {
            LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(ts + offset(ts), 86_400));
            return d.getYear() * 12 + d.getMonthValue() - 1;
        }

        private List<ChatStats.Sender> topSenders(Details details) throws SQLException {
            List<Map.Entry<Long, SenderAcc>> all = new ArrayList<>(perSender.entrySet());
            all.sort(Comparator.<Map.Entry<Long, SenderAcc>>comparingLong(e -> -e.getValue().messages)
                    .thenComparingLong(Map.Entry::getKey));
            List<ChatStats.Sender> out = new ArrayList<>();
            for (var e : all.subList(0, Math.min(TOP_SENDERS, all.size()))) {
                SenderAcc s = e.getValue();
                String[] name = details.sender(s.lastId);
                out.add(new ChatStats.Sender(
                        e.getKey() == NONE ? null : e.getKey(),
                        name[0],
                        name[1],
                        s.messages,
                        Instant.ofEpochSecond(s.first),
                        Instant.ofEpochSecond(s.last)));
            }
            return out;
        }

        private List<ChatStats.Message> mostReacted(Details details) throws SQLException {
            List<long[]> top = new ArrayList<>(topReacted);
            top.sort(Comparator.<long[]>comparingLong(a -> -a[0]).thenComparingLong(a -> a[1]));
            List<ChatStats.Message> out = new ArrayList<>();
            for (long[] t : top) {
                details.message(t[1]).ifPresent(out::add);
            }
            return out;
        }

        private List<ChatStats.Thread> threads(Details details) throws SQLException {
            long[] replyRoots = new long[(int) replies];
            int k = 0;
            for (int i = isReply.nextSetBit(0); i >= 0; i = isReply.nextSetBit(i + 1)) {
                replyRoots[k++] = roots[i];
            }
            Arrays.sort(replyRoots, 0, k);
            PriorityQueue<long[]> top = new PriorityQueue<>(
                    Comparator.<long[]>comparingLong(a -> a[1]).thenComparingLong(a -> -a[0]));
            for (int i = 0; i < k; ) {
                int j = i;
                while (j < k && replyRoots[j] == replyRoots[i]) {
                    j++;
                }
                top.add(new long[] {replyRoots[i], j - i});
                if (top.size() > TOP_THREADS) {
                    top.poll();
                }
                i = j;
            }
            Map<Long, Set<Integer>> participants = new HashMap<>();
            Map<Long, Long> lastReply = new HashMap<>();
            for (long[] t : top) {
                participants.put(t[0], new HashSet<>());
            }
            for (int i = 0; i < n; i++) {
                Set<Integer> set = participants.get(roots[i]);
                if (set != null) {
                    set.add(senders[i]);
                    if (isReply.get(i)) {
                        lastReply.merge(roots[i], base + times[i], Math::max);
                    }
                }
            }
            List<long[]> ordered = new ArrayList<>(top);
            ordered.sort(Comparator.<long[]>comparingLong(a -> -a[1]).thenComparingLong(a -> a[0]));
            List<ChatStats.Thread> out = new ArrayList<>();
            for (long[] t : ordered) {
                ChatStats.Message root =
                        details.message(t[0]).orElse(new ChatStats.Message(t[0], null, "", "", 0, "", ""));
                out.add(new ChatStats.Thread(
                        root, t[1], participants.get(t[0]).size(), Instant.ofEpochSecond(lastReply.get(t[0]))));
            }
            return out;
        }
    }
}
