package dev.chatgeist.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Upserts rows by id in batched transactions. A row equal to the stored one is skipped (no write, no FTS churn),
 * so importing the same file twice leaves the archive as it was. Each batch commits its rows together with
 * {@code metadata.last_id}: a crash loses at most the batch in flight, and the next run fills it in.
 *
 * <p>Into an empty archive the rows are bulk-loaded: the FTS triggers and secondary indexes are dropped with the
 * first batch, the search index is built on the other cores by {@link ParallelFtsBuild}, and the indexes are created
 * once at the end (several times faster than row by row). A crash in between leaves {@code fts_rebuild_pending}
 * set, and the next open finishes the job. Readers see the new rows at once but find them through the search
 * index only once the load completes.
 */
public final class ArchiveWriter implements AutoCloseable {
    /**
     * Rows per INSERT statement. One statement per row would be slow: every statement that fires the FTS trigger
     * opens a savepoint, and FTS5 flushes its pending terms to a new segment at each savepoint — tens of times
     * slower than one multi-row statement.
     */
    static final int ROWS_PER_STATEMENT = 200;

    /** Rows per transaction: what a crash can lose at most (and then the next run stores again). */
    public static final int DEFAULT_BATCH = 2_000;
    /**
     * A batch also ends at this many characters of text: 2,000 rows of a normal chat hold far fewer, 2,000 rows of
     * near-1-MiB messages would not fit the jobs' 64 MB heap (nor would the full-text shards that queue them).
     */
    static final long MAX_BATCH_CHARS = 1_000_000;

    /** {@code INSERT ... VALUES (...) x rows ... ON CONFLICT(id) DO UPDATE ... WHERE the row differs}. */
    static String upsert(int rows) {
        var cols = ArchiveSchema.COLUMNS;
        String one = "(" + "?, ".repeat(cols.size() - 1) + "?)";
        StringBuilder sb = new StringBuilder("INSERT INTO messages (")
                .append(String.join(", ", cols))
                .append(") VALUES ")
                .append(one);
        for (int i = 1; i < rows; i++) {
            sb.append(", ").append(one);
        }
        List<String> sets = new ArrayList<>();
        List<String> diffs = new ArrayList<>();
        for (String c : cols.subList(1, cols.size())) {
            sets.add(c + " = excluded." + c);
            diffs.add("messages." + c + " IS NOT excluded." + c);
        }
        return sb.append(" ON CONFLICT(id) DO UPDATE SET ")
                .append(String.join(", ", sets))
                .append(" WHERE ")
                .append(String.join(" OR ", diffs))
                .toString();
    }

    /** What a writer did: rows new to the archive, rows changed, rows already identical, and the final total. */
    public record Result(long inserted, long updated, long unchanged, long total, long maxId) {}

    private final Archive archive;
    private final Connection connection;
    private final int batchSize;
    private List<MessageRow> pending;
    private final long countBefore;
    private final boolean bulk;
    private final BulkLoad bulkLoad;
    private boolean bulkStarted;
    private ParallelFtsBuild ftsBuild;
    private PreparedStatement fullStatement;
    private long written;
    private long unchanged;
    private long batchMaxId;
    private long pendingChars;
    private boolean finished;

    ArchiveWriter(Archive archive, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.archive = archive;
        this.connection = archive.connection();
        this.batchSize = batchSize;
        this.pending = new ArrayList<>(batchSize);
        this.countBefore = archive.count();
        this.bulk = countBefore == 0;
        this.bulkLoad = new BulkLoad(archive);
        this.batchMaxId = archive.maxId();
    }

    public void write(MessageRow row) {
        pending.add(row);
        pendingChars += row.textLength();
        if (pending.size() >= batchSize || pendingChars >= MAX_BATCH_CHARS) {
            flush();
        }
    }

    /** Commits the rows written so far as one transaction. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        pendingChars = 0;
        try {
            batchMaxId = Transactions.inTransaction(connection, this::writePending);
            if (ftsBuild != null) {
                ftsBuild.submit(pending);
                pending = new ArrayList<>(batchSize);
            } else {
                pending.clear();
            }
        } catch (SQLException e) {
            pending.clear();
            throw archive.failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.clear();
            throw new ArchiveException("interrupted while building the search index");
        }
    }

    /** Upserts the pending rows and records their last id, inside the batch's transaction; returns that id. */
    private long writePending() throws SQLException {
        if (bulk && !bulkStarted) {
            bulkLoad.begin();
            bulkStarted = true;
            ftsBuild = new ParallelFtsBuild(archive.file(), ParallelFtsBuild.defaultShards());
            ftsBuild.start();
        }
        EditHistory.clock(connection, Instant.now()); // a newer dump's changed text keeps the previous one
        long maxId = batchMaxId;
        int full = pending.size() / ROWS_PER_STATEMENT;
        if (full > 0) {
            if (fullStatement == null) {
                fullStatement = connection.prepareStatement(upsert(ROWS_PER_STATEMENT));
            }
            for (int k = 0; k < full; k++) {
                maxId = Math.max(maxId, execute(fullStatement, k * ROWS_PER_STATEMENT, ROWS_PER_STATEMENT));
            }
        }
        int rest = pending.size() - full * ROWS_PER_STATEMENT;
        if (rest > 0) {
            try (PreparedStatement ps = connection.prepareStatement(upsert(rest))) {
                maxId = Math.max(maxId, execute(ps, full * ROWS_PER_STATEMENT, rest));
            }
        }
        archive.putMetadataIfChanged(ArchiveSchema.KEY_LAST_ID, Long.toString(maxId));
        return maxId;
    }

    /** Flushes, rebuilds the search index after a bulk load, and records the Python version's metadata keys. */
    public Result finish() {
        Totals totals;
        flush();
        closeStatement();
        try {
            if (bulkStarted) {
                bulkLoad.createIndexes(); // while the search index is still being built
                boolean built = ftsBuild.finishInto(archive.file());
                bulkLoad.finish(built);
                ftsBuild.deleteFiles();
                bulkStarted = false;
            }
            totals = Transactions.inTransaction(connection, () -> {
                Totals t = new Totals(archive.count(), archive.maxId());
                if (written > 0 || !archive.summaryMatches(t.total(), t.maxId())) {
                    // a run that changed nothing writes no page (last_updated: when the rows last changed)
                    archive.writeSummaryMetadata(t.total(), t.maxId());
                }
                return t;
            });
        } catch (SQLException e) {
            throw archive.failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArchiveException("interrupted while building the search index; it is rebuilt on the next run");
        }
        finished = true;
        long inserted = totals.total() - countBefore;
        return new Result(inserted, written - inserted, unchanged, totals.total(), totals.maxId());
    }

    /** The archive's rows and highest id once the load is done, as recorded in its metadata. */
    private record Totals(long total, long maxId) {}

    /** Binds {@code count} pending rows from {@code from}, runs the statement, counts; returns their max id. */
    private long execute(PreparedStatement ps, int from, int count) throws SQLException {
        long maxId = Long.MIN_VALUE;
        int p = 0;
        for (int i = from; i < from + count; i++) {
            MessageRow r = pending.get(i);
            bind(ps, p, r);
            p += ArchiveSchema.COLUMNS.size();
            maxId = Math.max(maxId, r.id());
        }
        int changed = ps.executeUpdate();
        written += changed;
        unchanged += count - changed;
        return maxId;
    }

    /** Binds one row's columns, in {@link ArchiveSchema#COLUMNS} order, after the first {@code p} parameters. */
    static void bind(PreparedStatement ps, int p, MessageRow r) throws SQLException {
        ps.setLong(p + 1, r.id());
        setLong(ps, p + 2, r.timestamp());
        setText(ps, p + 3, r.dateIso());
        setText(ps, p + 4, r.message());
        setLong(ps, p + 5, r.senderId());
        setText(ps, p + 6, r.senderUsername());
        setText(ps, p + 7, r.senderDisplayName());
        setLong(ps, p + 8, r.replyToMsgId());
        ps.setLong(p + 9, r.reactionsCount());
        setText(ps, p + 10, r.reactionsDetail());
        setLong(ps, p + 11, r.views());
        setLong(ps, p + 12, r.forwards());
        setText(ps, p + 13, r.permalink());
        setText(ps, p + 14, r.mediaPath());
        ps.setInt(p + 15, r.service() ? 1 : 0);
    }

    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    static void setText(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }

    /**
     * Without {@link #finish()}, rows still pending are dropped (an aborted run). A bulk load left unfinished keeps
     * its marker, and the next open of the archive rebuilds the indexes.
     */
    private void closeStatement() {
        if (fullStatement != null) {
            try {
                fullStatement.close();
            } catch (SQLException ignored) {
                // closing a finished statement cannot lose data
            }
            fullStatement = null;
        }
    }

    @Override
    public void close() {
        closeStatement();
        if (!finished) {
            pending.clear();
            if (ftsBuild != null) {
                try {
                    ftsBuild.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ftsBuild.deleteFiles();
            }
        }
    }
}
