package dev.chatgeist.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Builds the search index of a bulk load on the other cores. Tokenising the text is most of an import's work and
 * SQLite allows one writer per database, so committed batches go through one shared queue to {@link SideFtsBuilder} shards (whichever is free takes the next),
 * each filling an identical FTS5 table in its own scratch database on its own thread while the archive's
 * connection stores the rows; at the end {@link FtsIndexMerger} puts the shards' segments into the archive's index.
 *
 * <p>An external-content FTS5 table must see each row once. If ids arrive out of order (a duplicate is then
 * possible) the build is abandoned, and so it is after any failure here: the caller then falls back to FTS5's own
 * {@code rebuild}. A crash leaves the archive marked for a rebuild and the scratch files are removed later.
 */
final class ParallelFtsBuild {
    private final List<SideFtsBuilder> shards = new ArrayList<>();
    private final BlockingQueue<List<MessageRow>> batches;
    private long lastId = Long.MIN_VALUE;
    private boolean abandoned;

    ParallelFtsBuild(Path archive, int shardCount) {
        batches = new ArrayBlockingQueue<>(shardCount);
        for (int i = 0; i < shardCount; i++) {
            shards.add(new SideFtsBuilder(scratchFile(archive, i), batches));
        }
    }

    /** One shard per core, at most two: the archive's own writer and the parser need the rest. */
    static int defaultShards() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    private static Path scratchFile(Path archive, int shard) {
        return archive.resolveSibling("." + archive.getFileName() + ".fts-build-" + shard);
    }

    void start() {
        shards.forEach(SideFtsBuilder::start);
    }

    /**
     * Hands a committed batch to whichever shard takes it first (blocking while all are busy: memory stays
     * bounded); gives up on the first id that does not increase.
     */
    void submit(List<MessageRow> rows) throws InterruptedException {
        if (abandoned) {
            return;
        }
        for (MessageRow r : rows) {
            if (r.id() <= lastId) {
                abandon();
                return;
            }
            lastId = r.id();
        }
        hand(rows);
    }

    /** Puts a batch on the shared queue, unless every shard has stopped (a failure): then the build is abandoned. */
    private void hand(List<MessageRow> rows) throws InterruptedException {
        while (!batches.offer(rows, 100, TimeUnit.MILLISECONDS)) {
            if (shards.stream().noneMatch(SideFtsBuilder::running)) {
                abandon();
                return;
            }
        }
    }

    private void abandon() {
        abandoned = true;
        shards.forEach(SideFtsBuilder::abandon);
    }

    /**
     * Waits for the shards and merges their indexes into the archive's; false (nothing changed) if the build was
     * abandoned or failed, so that the caller rebuilds the index instead.
     */
    boolean finishInto(Path archive) throws InterruptedException {
        for (int i = 0; i < shards.size() && !abandoned; i++) {
            hand(SideFtsBuilder.END);
        }
        boolean complete = !abandoned;
        for (SideFtsBuilder s : shards) {
            complete &= s.finish();
        }
        if (!complete) {
            return false;
        }
        try {
            FtsIndexMerger.merge(
                    archive, shards.stream().map(SideFtsBuilder::file).toList());
            return true;
        } catch (SQLException | IllegalStateException e) {
            return false;
        }
    }

    /** Stops every shard (an aborted load) and waits for them. */
    void stop() throws InterruptedException {
        abandon();
        for (SideFtsBuilder s : shards) {
            s.finish();
        }
    }

    void deleteFiles() {
        shards.forEach(SideFtsBuilder::deleteFile);
    }

    /** Removes scratch files a crashed load left beside {@code archive}. */
    static void deleteLeftovers(Path archive) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(
                archive.toAbsolutePath().getParent(), "." + archive.getFileName() + ".fts-build*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove scratch files beside " + archive, e);
        }
    }
}
