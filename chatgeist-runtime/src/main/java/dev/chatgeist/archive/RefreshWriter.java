package dev.chatgeist.archive;

import java.sql.Connection;
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

    private final Archive archive;
    private final Connection connection;
    private final int batchSize;
    private final List<RefreshOp> pending = new ArrayList<>();
    private final Map<String, String> remembered = new LinkedHashMap<>();
    private final RefreshRows rows;
    private long pendingChars;
    private Result done = NOTHING;
    private boolean finished;

    RefreshWriter(Archive archive, Instant now, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.archive = archive;
        this.connection = archive.connection();
        this.rows = new RefreshRows(connection, now);
        this.batchSize = batchSize;
    }

    /**
     * The message as Telegram serves it now (a full row): updates its text, reactions, views, forwards and media
     * path when they differ (the previous text goes to {@code message_edits}); writes nothing when they are equal;
     * un-deletes it if it was recorded as deleted. A message not archived yet is inserted whole.
     */
    public void current(MessageRow row) {
        add(new RefreshOp.Current(row));
    }

    /** Views and forwards only (messages.getMessagesViews); {@code null} = unknown, the stored value stays. */
    public void counters(long id, Long views, Long forwards) {
        add(new RefreshOp.Counters(id, views, forwards));
    }

    /** Reactions only (messages.getMessagesReactions): the total and the detail as {@link MessageRow} has them. */
    public void reactions(long id, long count, String detail) {
        add(new RefreshOp.Reactions(id, count, detail));
    }

    /**
     * Ids Telegram no longer has, found inside a range the refresh read completely: recorded in
     * {@code deleted_messages} with this refresh's time (the first detection stays), never applied.
     */
    public void gone(Collection<Long> ids) {
        for (long id : ids) {
            add(new RefreshOp.Gone(id));
        }
    }

    /**
     * Stores a metadata value (the Telegram side's refresh state) with the last batch, in {@link #finish()}'s
     * transaction: it is saved only if everything before it is. Written only when it differs; {@code null} removes.
     */
    public void remember(String key, String value) {
        remembered.put(key, value);
    }

    private void add(RefreshOp op) {
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
            done = done.plus(Transactions.inTransaction(connection, () -> rows.apply(pending)));
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
                Result r = rows.apply(pending);
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
            rows.close();
        }
        finished = true;
        return done;
    }

    /** Without {@link #finish()}, calls still pending are dropped (an aborted run); committed batches stay. */
    @Override
    public void close() {
        pending.clear();
        rows.close();
    }
}
