package dev.chatgeist.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of a refresh ({@link RefreshWriter} batches the calls): each call is probed with a SELECT and written only if the archive differs, so an equal row
 * costs a read and no page. Statements are prepared once per writer.
 */
final class RefreshRows {
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

    private static final String IS_DELETED = "EXISTS (SELECT 1 FROM deleted_messages d WHERE d.id = messages.id)";

    private final Connection connection;
    private final Instant now;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    RefreshRows(Connection connection, Instant now) {
        this.connection = connection;
        this.now = now;
    }

    /** Applies {@code ops} in order, inside the caller's transaction; returns what they did. */
    RefreshWriter.Result apply(List<RefreshOp> ops) throws SQLException {
        Tally t = new Tally();
        if (ops.isEmpty()) {
            return t.result();
        }
        EditHistory.clock(connection, now);
        for (RefreshOp op : ops) {
            if (op instanceof RefreshOp.Current c) {
                current(c.row(), t);
            } else if (op instanceof RefreshOp.Counters c) {
                change(c.id(), COUNTERS_DIFFER, COUNTERS_SET, t, c.views(), c.forwards());
            } else if (op instanceof RefreshOp.Reactions r) {
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
        PreparedStatement probe = statement(
                "SELECT " + CURRENT_DIFFERS + ", message IS NOT ?, " + IS_DELETED + " FROM messages WHERE id = ?");
        int p = bindAll(probe, 0, values);
        probe.setString(++p, r.message());
        probe.setLong(++p, r.id());
        boolean differs;
        boolean textDiffers;
        boolean wasDeleted;
        try (ResultSet rs = probe.executeQuery()) {
            if (!rs.next()) {
                PreparedStatement insert = statement(ArchiveWriter.upsert(1));
                ArchiveWriter.bind(insert, 0, r);
                insert.executeUpdate();
                t.inserted++;
                return;
            }
            differs = rs.getBoolean(1);
            textDiffers = rs.getBoolean(2);
            wasDeleted = rs.getBoolean(3);
        }
        if (differs) {
            update(r.id(), CURRENT_SET, values);
            t.updated++;
            if (textDiffers) {
                t.edited++; // the TEMP trigger of EditHistory has kept the earlier text
            }
        } else {
            t.unchanged++;
        }
        if (wasDeleted) {
            PreparedStatement undelete = statement("DELETE FROM deleted_messages WHERE id = ?");
            undelete.setLong(1, r.id());
            undelete.executeUpdate();
            t.undeleted++;
        }
    }

    /** Updates the row when {@code differs} holds for {@code values} (bound twice: in the probe and the SET). */
    private void change(long id, String differs, String set, Tally t, Object... values) throws SQLException {
        PreparedStatement probe = statement("SELECT " + differs + " FROM messages WHERE id = ?");
        probe.setLong(bindAll(probe, 0, values) + 1, id);
        try (ResultSet rs = probe.executeQuery()) {
            if (!rs.next()) {
                t.ignored++;
                return;
            }
            if (!rs.getBoolean(1)) {
                t.unchanged++;
                return;
            }
        }
        update(id, set, values);
        t.updated++;
    }

    private void update(long id, String set, Object[] values) throws SQLException {
        PreparedStatement ps = statement("UPDATE messages SET " + set + " WHERE id = ?");
        ps.setLong(bindAll(ps, 0, values) + 1, id);
        ps.executeUpdate();
    }

    private void gone(long id, Tally t) throws SQLException {
        PreparedStatement probe = statement("SELECT " + IS_DELETED + " FROM messages WHERE id = ?");
        probe.setLong(1, id);
        try (ResultSet rs = probe.executeQuery()) {
            if (!rs.next()) {
                t.ignored++;
                return;
            }
            if (rs.getBoolean(1)) {
                t.unchanged++;
                return;
            }
        }
        PreparedStatement record = statement("INSERT INTO deleted_messages (id, detected_at) VALUES (?, ?)");
        record.setLong(1, id);
        record.setLong(2, now.getEpochSecond());
        record.executeUpdate();
        t.deleted++;
    }

    /** The writer's prepared statement for {@code sql}, prepared once. */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Closes the prepared statements (the writer is done). */
    void close() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing a statement cannot lose data
            }
        }
        statements.clear();
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

        RefreshWriter.Result result() {
            return new RefreshWriter.Result(inserted, updated, edited, deleted, undeleted, unchanged, ignored);
        }
    }
}
