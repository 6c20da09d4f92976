package dev.chatgeist.update;

/**
 * A request to stop a run early (SIGTERM from the scheduler, Ctrl+C): the chat being written commits every message
 * already received, the chats after it are not started. Made on the thread that runs the chats.
 */
public final class StopSignal {
    /** The failure a chat reports when the run was stopped while it was being written. */
    public static final class StoppedException extends Exception {
        /** Why the run ended early, as chats' failures say it. */
        static final String WHY = "stopped (SIGTERM or Ctrl+C)";

        StoppedException() {
            super(WHY);
        }
    }

    private final Thread worker;
    private boolean stopped;
    private Runnable listener;
    private boolean waiting;

    public StopSignal() {
        this.worker = Thread.currentThread();
    }

    /**
     * Asks the run to stop: the pipeline in progress is told; a worker inside {@link #interruptible} is interrupted.
     * Elsewhere (committing, logging) nothing is interrupted: an interrupt would close the files being written.
     */
    public synchronized void stop() {
        stopped = true;
        if (listener != null) {
            listener.run();
        } else if (waiting) {
            worker.interrupt();
        }
    }

    /** Work of the worker's that holds no archive and may be cut short (opening a source: connecting, backoff). */
    <T, E extends Exception> T interruptible(Work<T, E> work) throws E {
        synchronized (this) {
            waiting = true;
            if (stopped) {
                worker.interrupt();
            }
        }
        try {
            return work.run();
        } finally {
            synchronized (this) {
                waiting = false;
                Thread.interrupted(); // cleared under the lock: no stop interrupts the worker after this
            }
        }
    }

    /** What {@link #interruptible} runs. */
    @FunctionalInterface
    interface Work<T, E extends Exception> {
        T run() throws E;
    }

    public synchronized boolean stopped() {
        return stopped;
    }

    /** {@code onStop} runs at the stop (now, when it came already); null ends the listening. */
    synchronized void listen(Runnable onStop) {
        listener = onStop;
        if (stopped && onStop != null) {
            onStop.run();
        }
    }
}
