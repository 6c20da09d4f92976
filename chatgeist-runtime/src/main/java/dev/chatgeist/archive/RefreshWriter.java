package dev.chatgeist.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what Telegram serves now of messages inside the refresh window, in batched transactions like
 * {@link ArchiveWriter}: counters, reactions and texts that changed, and messages that are gone. A row that is
 * already equal is only read, never written, so a refresh of a quiet chat writes no page at all. An edit keeps the
 * previous text in {@code message_edits} ({@link EditHistory}, shared with the importer) and the search index
 * follows through the schema's triggers; a deletion is recorded in {@code deleted_messages} and never applied.
 * Each batch commits its changes together with their history: a crash loses at most the batch in flight, and the
 * next refresh finds the same differences again and writes them once.
 */
public final class RefreshWriter implements AutoCloseable {
    /** Calls per transaction: what a crash can lose at most (the next refresh writes it again). */
    public static final int DEFAULT_BATCH = 2_000;

    /**
     * What a refresh did, counted per call that changed something: {@code inserted} rows that were not archived
     * yet, {@code updated} rows changed (edits included), {@code edited} of them with a new text (the old one is in
     * {@code message_edits}), {@code deleted} messages newly recorded as gone, {@code undeleted} recorded ones that
     * reappeared, {@code unchanged} calls that found the archive already equal, {@code ignored} ids not in the
     * archive (counters, reactions or deletions of messages it never had).
     */
    public record Result(
            long inserted, long updated, long edited, long deleted, long undeleted, long unchanged, long ignored) {
        Result plus(Result o) {
            return new Result(
                    inserted + o.inserted,
                    updated + o.updated,
                    edited + o.edited,
                    deleted + o.deleted,
                    undeleted + o.undeleted,
                    unchanged + o.unchanged,
                    ignored + o.ignored);
        }
    }

    private static final Result NOTHING = new Result(0, 0, 0, 0, 0, 0, 0);

    /** One queued call; applied in order inside a batch's transaction. */
    private sealed interface Op {
        long id();

        long chars();
    }

    private record Current(MessageRow row) implements Op {
        @Override
        public long id() {
            return row.id();
        }

        @Override
        public long chars() {
            return row.textLength();
        }
    }

    private record Counters(long id, Long views, Long forwards) implements Op {
        @Override
        public long chars() {
            return 0;
        }
    }

    private record Reactions(long id, long count, String detail) implements Op {
        @Override
        public long chars() {
            return detail == null ? 0 : detail.length();
        }
    }

    private record Gone(long id) implements Op {
        @Override
        public long chars() {
            return 0;
        }
    }

    /**
     * The columns a refresh keeps up to date; the others (date, sender, reply, permalink) stay as archived. A row
     * without a media path (media off in this run) keeps the stored one.
     */
    private static final String CURRENT_DIFFERS =
            "message IS NOT ? OR reactions_count IS NOT ? OR reactions_detail IS NOT ?"
                    + " OR views IS NOT ? OR forwards IS NOT ? OR media_path IS NOT COALESCE(?, media_path)";

    private static final String CURRENT_SET = "message = ?, reactions_count = ?, reactions_detail = ?, views = ?,"
            + " forwards = ?, media_path = COALESCE(?, media_path)";

    private static final String COUNTERS_DIFFER =
            "views IS NOT COALESCE(?, views) OR forwards IS NOT COALESCE(?, forwards)";
    private static final String COUNTERS_SET = "views = COALESCE(?, views), forwards = COALESCE(?, forwards)";

    private static final String REACTIONS_DIFFER = "reactions_count IS NOT ? OR reactions_detail IS NOT ?";
    private static final String REACTIONS_SET = "reactions_count = ?, reactions_detail = ?";

    private final Archive archive;
    private final Connection connection;
    private final Instant now;
    private final int batchSize;
    private final List<Op> pending = new ArrayList<>();
    private final Map<String, String> remembered = new LinkedHashMap<>();
    private long pendingChars;
    private Result done = NOTHING;
    private boolean finished;

    RefreshWriter(Archive archive, Instant now, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.archive = archive;
        this.connection = archive.connection();
        this.now = now;
        this.batchSize = batchSize;
    }

    /**
     * The message as Telegram serves it now (a full row): updates its text, reactions, views, forwards and media
     * path when they differ (the previous text goes to {@code message_edits}); writes nothing when they are equal;
     * un-deletes it if it was recorded as deleted. A message not archived yet is inserted whole.
     */
    public void current(MessageRow row) {
        add(new Current(row));
    }

    /** Views and forwards only (messages.getMessagesViews); {@code null} = unknown, the stored value stays. */
    public void counters(long id, Long views, Long forwards) {
        add(new Counters(id, views, forwards));
    }

    /** Reactions only (messages.getMessagesReactions): the total and the detail as {@link MessageRow} has them. */
    public void reactions(long id, long count, String detail) {
        add(new Reactions(id, count, detail));
    }

    /**
     * Ids Telegram no longer has, found inside a range the refresh read completely: recorded in
     * {@code deleted_messages} with this refresh's time (the first detection stays), never applied.
     */
    public void gone(Collection<Long> ids) {
        for (long id : ids) {
            add(new Gone(id));
        }
    }

    /**
     * Stores a metadata value (the Telegram side's refresh state) with the last batch, in {@link #finish()}'s
     * transaction: it is saved only if everything before it is. Written only when it differs; {@code null} removes.
     */
    public void remember(String key, String value) {
        remembered.put(key, value);
    }

    private void add(Op op) {
        pending.add(op);
        pendingChars += op.chars();
        if (pending.size() >= batchSize || pendingChars >= ArchiveWriter.MAX_BATCH_CHARS) {
            flush();
        }
    }

    /** Commits the calls made so far as one transaction. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            done = done.plus(Transactions.inTransaction(connection, this::applyPending));
        } catch (SQLException e) {
            throw archive.failure(e);
        } finally {
            pending.clear();
            pendingChars = 0;
        }
    }

    /** Flushes, stores the remembered metadata, and returns what the whole refresh did. */
    public Result finish() {
        if (finished) {
            return done;
        }
        try {
            done = done.plus(Transactions.inTransaction(connection, () -> {
                Result r = applyPending();
                for (var e : remembered.entrySet()) {
                    archive.putMetadataIfChanged(e.getKey(), e.getValue());
                }
                Result all = done.plus(r);
                if (all.inserted() + all.updated() + all.deleted() + all.undeleted() > 0) {
                    archive.writeSummaryMetadata(archive.count(), archive.maxId());
                }
                return r;
            }));
        } catch (SQLException e) {
            throw archive.failure(e);
        } finally {
            pending.clear();
            pendingChars = 0;
        }
        finished = true;
        return done;
    }

    /** Applies the pending calls in order, inside the batch's transaction; returns what they did. */
    private Result applyPending() throws SQLException {
        Tally t = new Tally();
        if (pending.isEmpty()) {
            return t.result();
        }
        EditHistory.clock(connection, now);
        for (Op op : pending) {
            if (op instanceof Current c) {
                current(c.row(), t);
            } else if (op instanceof Counters c) {
                change(c.id(), COUNTERS_DIFFER, COUNTERS_SET, t, c.views(), c.forwards());
            } else if (op instanceof Reactions r) {
                change(r.id(), REACTIONS_DIFFER, REACTIONS_SET, t, r.count(), r.detail());
            } else {
                gone(op.id(), t);
            }
        }
        return t.result();
    }

    private void current(MessageRow r, Tally t) throws SQLException {
        Object[] values = {r.message(), r.reactionsCount(), r.reactionsDetail(), r.views(), r.forwards(), r.mediaPath()
        };
        String probe = "SELECT " + CURRENT_DIFFERS + ", message IS NOT ?,"
                + " EXISTS (SELECT 1 FROM deleted_messages d WHERE d.id = messages.id) FROM messages WHERE id = ?";
        boolean differs;
        boolean textDiffers;
        boolean wasDeleted;
        try (PreparedStatement ps = connection.prepareStatement(probe)) {
            int p = bindAll(ps, 0, values);
            ps.setString(++p, r.message());
            ps.setLong(++p, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    insert(r);
                    t.inserted++;
                    return;
                }
                differs = rs.getBoolean(1);
                textDiffers = rs.getBoolean(2);
                wasDeleted = rs.getBoolean(3);
            }
        }
        if (differs) {
            update(r.id(), CURRENT_SET, values);
            t.updated++;
            if (textDiffers) {
                t.edited++;
            }
        } else {
            t.unchanged++;
        }
        if (wasDeleted) {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM deleted_messages WHERE id = ?")) {
                ps.setLong(1, r.id());
                ps.executeUpdate();
            }
            t.undeleted++;
        }
    }

    private void insert(MessageRow r) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(ArchiveWriter.upsert(1))) {
            ArchiveWriter.bind(ps, 0, r);
            ps.executeUpdate();
        }
    }

    /** Updates the row when {@code differs} holds for {@code values} (bound twice: in the probe and the SET). */
    private void change(long id, String differs, String set, Tally t, Object... values) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT " + differs + " FROM messages WHERE id = ?")) {
            int p = bindAll(ps, 0, values);
            ps.setLong(p + 1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    t.ignored++;
                    return;
                }
                if (!rs.getBoolean(1)) {
                    t.unchanged++;
                    return;
                }
            }
        }
        update(id, set, values);
        t.updated++;
    }

    private void update(long id, String set, Object[] values) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE messages SET " + set + " WHERE id = ?")) {
            int p = bindAll(ps, 0, values);
            ps.setLong(p + 1, id);
            ps.executeUpdate();
        }
    }

    private void gone(long id, Tally t) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM deleted_messages d WHERE d.id = messages.id) FROM messages WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    t.ignored++;
                    return;
                }
                if (rs.getBoolean(1)) {
                    t.unchanged++;
                    return;
                }
            }
        }
        try (PreparedStatement ps =
                connection.prepareStatement("INSERT INTO deleted_messages (id, detected_at) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, now.getEpochSecond());
            ps.executeUpdate();
        }
        t.deleted++;
    }

    /** Binds {@code values} (String, Long, Integer or null) after the first {@code p} parameters; returns the last. */
    private static int bindAll(PreparedStatement ps, int p, Object[] values) throws SQLException {
        for (Object v : values) {
            p++;
            if (v == null || v instanceof String) {
                ArchiveWriter.setText(ps, p, (String) v);
            } else {
                ArchiveWriter.setLong(ps, p, ((Number) v).longValue());
            }
        }
        return p;
    }

    /** Counts of one batch, added to the refresh's result only once the batch is committed. */
    private static final class Tally {
        long inserted;
        long updated;
        long edited;
        long deleted;
        long undeleted;
        long unchanged;
        long ignored;

        Result result() {
            return new Result(inserted, updated, edited, deleted, undeleted, unchanged, ignored);
        }
    }

    /** Without {@link #finish()}, calls still pending are dropped (an aborted run); committed batches stay. */
    @Override
    public void close() {
        pending.clear();
    }
}
