package dev.chatgeist.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * At most {@code maxConcurrent} analyses at once; the rest wait in arrival order and can ask for their place.
 */
final class AnalysisQueue implements AutoCloseable {
    private final ExecutorService workers;
    private final List<Job> waiting = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final int capacity;

    AnalysisQueue(int maxConcurrent) {
        this.capacity = maxConcurrent;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(maxConcurrent, r -> {
            Thread t = new Thread(r, "analysis-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code job}; {@code work} runs it on a worker when its turn comes. */
    void submit(Job job, Consumer<Job> work) {
        synchronized (waiting) {
            waiting.add(job);
        }
        workers.execute(() -> {
            synchronized (waiting) {
                waiting.remove(job);
            }
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                work.accept(job);
            } finally {
                running.decrementAndGet();
            }
        });
    }

    /** 1-based place among the waiting jobs, or 0 when {@code job} is not waiting. */
    int position(Job job) {
        synchronized (waiting) {
            return waiting.indexOf(job) + 1;
        }
    }

    /** Whether a job submitted now would have to wait. */
    boolean full() {
        synchronized (waiting) {
            return running.get() + waiting.size() >= capacity;
        }
    }

    int maxRunning() {
        return maxRunning.get();
    }

    @Override
    public void close() {
        workers.shutdown(); // running jobs were cancelled: let them report and store what they must
        try {
            if (!workers.awaitTermination(20, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
