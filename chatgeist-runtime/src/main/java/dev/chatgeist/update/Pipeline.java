package dev.chatgeist.update;

import dev.chatgeist.archive.ArchiveWriter;
import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.source.FetchRequest;
import dev.chatgeist.source.HistorySource;
import dev.chatgeist.source.RowSink;
import dev.chatgeist.source.SourceReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Runs a source on its own thread and the archive writer on the caller's, joined by a small bounded hand-off:
 * parsing and SQLite work overlap on two cores, and memory stays flat whatever the history's size. When the source
 * fails or the run is stopped, every row the source delivered before that reaches the writer — in the order
 * delivered, so what is stored is a prefix of what was asked, without holes.
 */
final class Pipeline {
    private static final int CHUNK = 512;
    /** A chunk also ends at this many characters of text, so the hand-off stays small with megabyte messages too. */
    private static final long CHUNK_CHARS = 500_000;

    private static final int QUEUE_CHUNKS = 8;

    /** The source failed, or the run was stopped; every row delivered before that was given to the writer. */
    static final class SourceStopped extends Exception {
        SourceStopped(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private Pipeline() {}

    static SourceReport run(
            HistorySource source, FetchRequest request, ArchiveWriter writer, LongConsumer rowsStored, StopSignal stop)
            throws SourceStopped {
        Handoff handoff = new Handoff();
        Thread producer = new Thread(() -> produce(source, request, handoff), "source-" + request.alias());
        producer.setDaemon(true);
        stop.listen(handoff::stop);
        producer.start();
        long stored = 0;
        try {
            while (true) {
                Handoff.Taken taken = handoff.take();
                for (List<MessageRow> chunk : taken.chunks()) {
                    for (MessageRow row : chunk) {
                        writer.write(row);
                    }
                    stored += chunk.size();
                    rowsStored.accept(stored);
                }
                if (taken.failure() != null) {
                    throw new SourceStopped(taken.failure());
                }
                if (taken.report() != null) {
                    return taken.report();
                }
            }
        } finally {
            stop.listen(null);
            handoff.stop(); // after a writer failure: the source delivers no more
            producer.interrupt();
            if (!stop.stopped()) { // else no chat follows, and the source may be stuck reading the network
                try {
                    producer.join(10_000); // the source may share a connection with the next chat's
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void produce(HistorySource source, FetchRequest request, Handoff handoff) {
        try {
            handoff.finish(source.fetch(request, handoff));
        } catch (InterruptedException e) {
            // stopped: the consumer already took every row delivered
        } catch (Throwable t) {
            handoff.fail(t);
        }
    }

    /**
     * The rows between the two threads, in chunks: full ones waiting for the writer and the one being filled. One
     * lock guards both, so a stop or a failure hands over exactly the rows delivered so far.
     */
    private static final class Handoff implements RowSink {
        /** What the writer takes at once: chunks to store, then maybe the end (report) or the failure. */
        record Taken(List<List<MessageRow>> chunks, SourceReport report, Throwable failure) {}

        private final ArrayDeque<List<MessageRow>> full = new ArrayDeque<>();
        private List<MessageRow> open = new ArrayList<>(CHUNK);
        private long openChars;
        private SourceReport report;
        private Throwable failure;
        private boolean stopped;

        @Override
        public synchronized void accept(MessageRow row) throws InterruptedException {
            if (stopped) {
                throw new InterruptedException("stopped");
            }
            open.add(row);
            openChars += row.textLength();
            if (open.size() >= CHUNK || openChars >= CHUNK_CHARS) {
                close();
                notifyAll();
                while (full.size() >= QUEUE_CHUNKS && !stopped) {
                    wait();
                }
            }
        }

        private void close() {
            if (!open.isEmpty()) {
                full.add(open);
                open = new ArrayList<>(CHUNK);
                openChars = 0;
            }
        }

        synchronized void finish(SourceReport done) {
            if (!stopped) {
                close();
                report = done;
                notifyAll();
            }
        }

        synchronized void fail(Throwable t) {
            if (!stopped) {
                close();
                failure = t;
                notifyAll();
            }
        }

        synchronized void stop() {
            if (!stopped) {
                stopped = true;
                if (report == null && failure == null) {
                    close();
                    failure = new StopSignal.StoppedException();
                }
                notifyAll();
            }
        }

        /**
         * Waits for a full chunk, the end, or a failure; the end and the failure come with every chunk left. An
         * interrupt of the waiting writer counts as a stop (and is consumed: the writer still has to commit).
         */
        synchronized Taken take() {
            while (full.isEmpty() && report == null && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    stop();
                }
            }
            if (report == null && failure == null) { // one chunk at a time: at most QUEUE_CHUNKS + 1 in memory
                List<MessageRow> chunk = full.poll();
                notifyAll();
                return new Taken(List.of(chunk), null, null);
            }
            List<List<MessageRow>> chunks = new ArrayList<>(full);
            full.clear();
            return new Taken(chunks, report, failure);
        }
    }
}
