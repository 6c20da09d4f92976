package dev.chatgeist.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One daemon thread per pool that kills the worker of a running statement at its deadline, on cancel, or when the
 * waiting thread is interrupted; the waiting thread meanwhile blocks on the worker's reply, so a fast statement's
 * answer is read the moment it arrives. The thread sleeps on a monitor while nothing runs.
 */
final class SqlWorkerWatchdog {
    private static final long CHECK_MILLIS = 10;

    /** One running exchange; {@code failure} says why it was killed, null while it was not. */
    static final class Watch {
        final SqlWorker worker;
        final long deadlineNanos;
        final BooleanSupplier cancelled;
        final Thread waiter;
        volatile SqlWorker.Failure failure;

        Watch(SqlWorker worker, long deadlineNanos, BooleanSupplier cancelled) {
            this.worker = worker;
            this.deadlineNanos = deadlineNanos;
            this.cancelled = cancelled;
            this.waiter = Thread.currentThread();
        }
    }

    private final List<Watch> running = new ArrayList<>();
    private Thread thread;

    synchronized Watch watch(SqlWorker worker, long deadlineNanos, BooleanSupplier cancelled) {
        Watch w = new Watch(worker, deadlineNanos, cancelled);
        running.add(w);
        if (thread == null) {
            thread = new Thread(this::loop, "sql-worker-watchdog");
            thread.setDaemon(true);
            thread.start();
        }
        notifyAll();
        return w;
    }

    synchronized void unwatch(Watch w) {
        running.remove(w);
    }

    private void loop() {
        while (true) {
            List<Watch> now;
            synchronized (this) {
                while (running.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                now = List.copyOf(running);
            }
            for (Watch w : now) {
                check(w);
            }
            try {
                Thread.sleep(CHECK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void check(Watch w) {
        if (w.failure != null) {
            return;
        }
        SqlWorker.Failure f = null;
        if (w.cancelled.getAsBoolean() || w.waiter.isInterrupted()) {
            f = SqlWorker.Failure.CANCELLED;
        } else if (System.nanoTime() > w.deadlineNanos) {
            f = SqlWorker.Failure.DEADLINE;
        }
        if (f != null) {
            w.failure = f;
            w.worker.kill(); // the waiter's blocking read ends with end of stream
        }
    }
}
