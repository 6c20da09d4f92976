package dev.chatgeist.update;

import dev.chatgeist.archive.ArchiveWriter;
import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.source.FetchRequest;
import dev.chatgeist.source.HistorySource;
import dev.chatgeist.source.RowSink;
import dev.chatgeist.source.SourceReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongConsumer;

/**
 * Runs a source on its own thread and the archive writer on the caller's, joined by a small bounded queue: parsing
 * and SQLite work overlap on two cores, and memory stays flat whatever the history's size.
 */
final class Pipeline {
    private static final int CHUNK = 512;
    /** A chunk also ends at this many characters of text, so the queue stays small with megabyte messages too. */
    private static final long CHUNK_CHARS = 500_000;

    private static final int QUEUE_CHUNKS = 8;

    /** Queue element: a chunk of rows, the end of the stream, or the source's failure. */
    private record Item(List<MessageRow> rows, SourceReport report, Throwable failure) {}

    private Pipeline() {}

    static SourceReport run(HistorySource source, FetchRequest request, ArchiveWriter writer, LongConsumer rowsStored)
            throws IOException, InterruptedException {
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        Thread producer = new Thread(() -> produce(source, request, queue), "source-" + request.alias());
        producer.setDaemon(true);
        producer.start();
        long stored = 0;
        try {
            while (true) {
                Item item = queue.take();
                if (item.failure() != null) {
                    throwUnchecked(item.failure());
                }
                if (item.rows() == null) {
                    return item.report();
                }
                for (MessageRow row : item.rows()) {
                    writer.write(row);
                }
                stored += item.rows().size();
                rowsStored.accept(stored);
            }
        } finally {
            producer.interrupt();
            producer.join(10_000);
        }
    }

    /** Collects rows into chunks and hands each full chunk to the queue. */
    private static final class Chunker implements RowSink {
        private final BlockingQueue<Item> queue;
        private List<MessageRow> chunk = new ArrayList<>(CHUNK);
        private long chunkChars;

        Chunker(BlockingQueue<Item> queue) {
            this.queue = queue;
        }

        @Override
        public void accept(MessageRow row) throws InterruptedException {
            chunk.add(row);
            chunkChars += row.textLength();
            if (chunk.size() >= CHUNK || chunkChars >= CHUNK_CHARS) {
                flush();
            }
        }

        void flush() throws InterruptedException {
            if (!chunk.isEmpty()) {
                queue.put(new Item(chunk, null, null));
                chunk = new ArrayList<>(CHUNK);
                chunkChars = 0;
            }
        }
    }

    private static void produce(HistorySource source, FetchRequest request, BlockingQueue<Item> queue) {
        Chunker chunker = new Chunker(queue);
        try {
            SourceReport report = source.fetch(request, chunker);
            chunker.flush();
            queue.put(new Item(null, report, null));
        } catch (InterruptedException e) {
            // the consumer stopped (it failed or was cancelled): nothing more to deliver
        } catch (Throwable t) {
            try {
                queue.put(new Item(null, null, t));
            } catch (InterruptedException ignored) {
                // consumer gone
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
        throw (T) t;
    }
}
