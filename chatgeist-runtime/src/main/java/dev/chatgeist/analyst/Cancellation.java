package dev.chatgeist.analyst;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A cancel signal for one analysis: polled by loops, and pushing to listeners that kill what is running. */
public final class Cancellation {
    private final CountDownLatch latch = new CountDownLatch(1);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public boolean isCancelled() {
        return latch.getCount() == 0;
    }

    /** Triggers the signal once; runs every listener. */
    public void cancel() {
        synchronized (this) {
            if (isCancelled()) {
                return;
            }
            latch.countDown();
        }
        for (Runnable r : listeners) {
            r.run();
        }
    }

    /** Runs {@code r} on cancel (at once if already cancelled). */
    public void onCancel(Runnable r) {
        listeners.add(r);
        if (isCancelled()) {
            r.run();
        }
    }

    /** Sleeps up to {@code millis}; returns true if cancelled meanwhile. */
    public boolean sleep(long millis) throws InterruptedException {
        return latch.await(millis, TimeUnit.MILLISECONDS);
    }
}
