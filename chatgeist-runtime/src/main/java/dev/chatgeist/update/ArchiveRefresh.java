package dev.chatgeist.update;

import dev.chatgeist.archive.Archive;
import dev.chatgeist.archive.ArchiveException;
import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.archive.RefreshWriter;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a source's refresh (issue 12) against the archive's refresh writer: what Telegram serves now goes through
 * {@link RefreshWriter} (unchanged rows are not written, edits keep their old text, deletions are recorded), and
 * the state for the next run is saved in the writer's last transaction.
 */
final class ArchiveRefresh {
    /** What the refresh wrote and what it cost. */
    record Outcome(RefreshWriter.Result written, RefreshReport report) {
        String summary() {
            return String.format(
                    Locale.ROOT,
                    "refreshed %,d (%,d changed, %,d edited, %,d deleted)",
                    report.reread(),
                    written.updated(),
                    written.edited(),
                    written.deleted());
        }

        String fields() {
            return " refresh_reread=" + report.reread() + " refresh_pages=" + report.pages() + " refresh_by_id="
                    + report.byId() + " refresh_head=" + (report.headNotModified() ? "not_modified" : "read")
                    + " refresh_updated=" + written.updated() + " refresh_edited=" + written.edited()
                    + " refresh_deleted=" + written.deleted() + " refresh_undeleted=" + written.undeleted();
        }
    }

    private ArchiveRefresh() {}

    /** Metadata key: when the scheduled pass over the whole window was last made (unix seconds). */
    static final String WHOLE_AT = "refresh_whole_at";

    static RefreshRequest request(Archive archive, String alias, RefreshWindow window, Instant now) {
        Map<String, String> metadata = archive.metadata();
        long wholeAt = RefreshState.number(metadata.get(WHOLE_AT));
        RefreshWindow effective = window.due(wholeAt, now);
        long saveWholeAt = 0;
        if (window.wholeEveryDays() > 0) { // the schedule starts at its first run; a due pass restarts it
            saveWholeAt = effective.forced() && !window.forced() || wholeAt == 0 ? now.getEpochSecond() : wholeAt;
        }
        return new RefreshRequest(
                alias, now, effective.startAt(now), effective.forced(), RefreshState.from(metadata), saveWholeAt);
    }

    static Outcome run(Archive archive, RefreshableSource source, RefreshRequest request)
            throws IOException, InterruptedException {
        try (RefreshWriter writer = archive.refreshWriter(request.now())) {
            RefreshReport report = source.refresh(request, new Sink(archive, writer));
            report.next().saveTo(writer::remember);
            if (request.wholeAt() > 0) {
                writer.remember(WHOLE_AT, Long.toString(request.wholeAt()));
            }
            return new Outcome(writer.finish(), report);
        }
    }

    private record Sink(Archive archive, RefreshWriter writer) implements RefreshSink {
        @Override
        public void current(MessageRow row) {
            writer.current(row);
        }

        @Override
        public void gone(Collection<Long> ids) {
            writer.gone(ids);
        }

        @Override
        public void counters(long id, Long views, Long forwards) {
            writer.counters(id, views, forwards);
        }

        @Override
        public void reactions(long id, long count, String detail) {
            writer.reactions(id, count, detail);
        }

        @Override
        public List<Long> top(Ranking by, long since, long fromId, int limit) {
            String column = by.column; // a constant of the enum, never user input
            return ids(
                    "SELECT id FROM messages WHERE timestamp >= ? AND id >= ? AND " + column + " > 0 ORDER BY " + column
                            + " DESC, id DESC LIMIT ?",
                    since,
                    fromId,
                    limit);
        }

        /** Ids already recorded as deleted are left out: they are not asked for again on every run. */
        @Override
        public List<Long> storedIds(long fromId, long toId) {
            return ids(
                    "SELECT id FROM messages WHERE id BETWEEN ? AND ? AND id NOT IN (SELECT id FROM deleted_messages)"
                            + " ORDER BY id",
                    fromId,
                    toId);
        }

        private List<Long> ids(String sql, long... parameters) {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = archive.readConnection().prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setLong(i + 1, parameters[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw new ArchiveException(
                        "cannot read the archived ids of " + archive.file() + ": " + e.getMessage(), e);
            }
            return ids;
        }
    }
}
