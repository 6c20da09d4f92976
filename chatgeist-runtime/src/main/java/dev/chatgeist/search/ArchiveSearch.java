package dev.chatgeist.search;

import dev.chatgeist.core.UserException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.sqlite.Function;

/**
 * Full-text search of one archive through its {@code messages_fts} index (external content over {@code messages}),
 * the index the bot's analysts query. Newest first walks the index backwards by rowid (message ids grow with time
 * in Telegram) and stops at the limit, so a common word costs no more than a rare one; the bm25 rank (which reads
 * every match's statistics) is computed only when asked for.
 */
public final class ArchiveSearch {
    /** Surround each match in a snippet; chosen by the caller (terminal bold, or plain markers). */
    public record Markers(String open, String close) {}

    private static final int SNIPPET_TOKENS = 16;

    private final Markers markers;

    public ArchiveSearch(Markers markers) {
        this.markers = markers;
    }

    /** Up to {@code limit + 1} hits (one more than asked, so the caller can tell that more exist). */
    public List<SearchHit> search(String chat, Connection archive, SearchRequest request) {
        StringBuilder sql = new StringBuilder("SELECT m.id, m.timestamp, m.date_iso, m.sender_display_name, "
                + "m.sender_username, m.sender_id, m.permalink, snippet(messages_fts, 0, ?, ?, '…', "
                + SNIPPET_TOKENS + "), " + (request.byRank() ? "messages_fts.rank" : "NULL")
                + " FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ?");
        List<Object> args = new ArrayList<>(List.of(markers.open(), markers.close(), request.match()));
        if (request.from() != null) {
            sql.append(" AND m.timestamp >= ?");
            args.add(request.from().getEpochSecond());
        }
        if (request.until() != null) {
            sql.append(" AND m.timestamp < ?");
            args.add(request.until().getEpochSecond());
        }
        if (request.sender() != null) {
            String who = request.sender().strip();
            String username = who.startsWith("@") ? who.substring(1) : who;
            sql.append(" AND (m.sender_username = ? COLLATE NOCASE OR CAST(m.sender_id AS TEXT) = ? "
                    + "OR instr(chatgeist_fold(m.sender_display_name), ?) > 0)");
            args.addAll(List.of(username, who, fold(who)));
        }
        sql.append(request.byRank() ? " ORDER BY messages_fts.rank" : " ORDER BY messages_fts.rowid DESC");
        sql.append(" LIMIT ?");
        args.add(request.limit() + 1);
        try {
            registerFold(archive);
            try (PreparedStatement ps = archive.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<SearchHit> hits = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hits.add(new SearchHit(
                                chat,
                                rs.getLong(1),
                                (Long) longOrNull(rs, 2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                (Long) longOrNull(rs, 6),
                                rs.getString(7),
                                oneLine(rs.getString(8)),
                                (Double) doubleOrNull(rs, 9)));
                    }
                }
                return hits;
            }
        } catch (SQLException e) {
            throw translate(chat, e);
        }
    }

    /** Hits of several archives in the asked order, at most {@code limit + 1} (see {@link #search}). */
    public static List<SearchHit> merge(List<SearchHit> hits, boolean byRank, int limit) {
        Comparator<SearchHit> newest = Comparator.comparing(
                        (SearchHit h) -> h.timestamp() == null ? Long.MIN_VALUE : h.timestamp())
                .reversed()
                .thenComparing(SearchHit::chat)
                .thenComparing(SearchHit::id, Comparator.reverseOrder());
        Comparator<SearchHit> order =
                byRank ? Comparator.comparing(SearchHit::rank).thenComparing(newest) : newest;
        return hits.stream().sorted(order).limit(limit + 1L).toList();
    }

    private static Object doubleOrNull(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Object longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ⏎ ").strip();
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Unicode lower case for SQLite (its own lower() folds ASCII only, and names here are mostly Cyrillic). */
    private static void registerFold(Connection c) throws SQLException {
        Function.create(
                c,
                "chatgeist_fold",
                new Function() {
                    @Override
                    protected void xFunc() throws SQLException {
                        String v = value_text(0);
                        result(v == null ? null : fold(v));
                    }
                },
                1,
                Function.FLAG_DETERMINISTIC);
    }

    private static UserException translate(String chat, SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("fts5")
                || msg.contains("syntax error")
                || msg.contains("no such column")
                || msg.contains("unterminated string")
                || msg.contains("unknown special query")) {
            String detail =
                    msg.replaceFirst("^\\[SQLITE_[A-Z_]+\\][^(]*\\(", "").replaceFirst("\\)$", "");
            return new UserException(
                    "the search query is not valid FTS5 syntax (" + detail + "). Without --raw "
                            + "the words are searched as typed; with --raw see https://sqlite.org/fts5.html#full_text_query_syntax");
        }
        return new UserException("searching " + chat + " failed: " + msg, 1, e);
    }
}
