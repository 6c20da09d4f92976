package dev.chatgeist.sql;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The parent's handle on one worker process. {@link #exchange} sends a request and waits for the reply; at the
 * deadline or on cancel the {@link SqlWorkerWatchdog} kills the process: a kill is the one stop that works in the
 * middle of a single SQLite function call.
 */
final class SqlWorker {
    /** Why an exchange ended without a reply. */
    enum Failure {
        CANCELLED,
        DEADLINE,
        EXITED,
        IDLE_EXITED,
        NOT_STARTED
    }

    /** How long a fresh worker may take to start its JVM and load SQLite (seconds on a busy machine). */
    private static final long STARTUP_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** An exchange that produced no reply; the worker is dead or dying by the time this is thrown. */
    static final class Stopped extends Exception {
        final Failure failure;
        /** How long the statement had run in the worker when it was stopped (0 if it never started). */
        final long ranMillis;

        Stopped(Failure failure, Throwable cause, long ranMillis) {
            super(failure.name(), cause);
            this.failure = failure;
            this.ranMillis = ranMillis;
        }
    }

    private final Process process;
    private final DataOutputStream toWorker;
    private final DataInputStream fromWorker;
    private volatile boolean killed;
    private boolean ready;

    private SqlWorker(Process process) {
        this.process = process;
        this.toWorker = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        this.fromWorker = new DataInputStream(new BufferedInputStream(process.getInputStream()));
    }

    /** Starts a worker process; it warms up (loads SQLite) in the background while the caller goes on. */
    static SqlWorker start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        // the bot's secrets (API key, bot token) stay out of the process that runs the model's SQL
        pb.environment().keySet().retainAll(Set.of("PATH", "LANG", "LC_ALL", "TMPDIR", "SQLITE_TMPDIR"));
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // fewer malloc arenas: the address-space cap goes to SQLite
        return new SqlWorker(pb.start());
    }

    /** Alive and never told to die: fit for the next statement. */
    boolean isUsable() {
        return !killed && process.isAlive();
    }

    /**
     * Sends the request and blocks until the reply; {@code watchdog} kills this worker {@code timeoutNanos} after the
     * worker is ready (a fresh one first loads SQLite, which does not count) or on cancel, which ends the wait. A
     * reply that arrived is returned even if the kill came just after it.
     */
    SqlReply exchange(
            SqlRequest request,
            SqlWorkerWatchdog watchdog,
            long timeoutNanos,
            BooleanSupplier cancelled,
            int maxReplyBytes)
            throws Stopped {
        if (!ready) {
            awaitReady(watchdog, cancelled);
        }
        long start = System.nanoTime();
        SqlWorkerWatchdog.Watch watch = watchdog.watch(this, start + timeoutNanos, cancelled);
        try {
            request.write(toWorker);
            return SqlReply.read(fromWorker, maxReplyBytes);
        } catch (IOException e) {
            long ran = (System.nanoTime() - start) / 1_000_000;
            if (watch.failure != null) {
                throw new Stopped(watch.failure, e, ran);
            }
            throw stop(exitedIdle() ? Failure.IDLE_EXITED : Failure.EXITED, e, ran);
        } finally {
            watchdog.unwatch(watch);
        }
    }

    private void awaitReady(SqlWorkerWatchdog watchdog, BooleanSupplier cancelled) throws Stopped {
        SqlWorkerWatchdog.Watch watch = watchdog.watch(this, System.nanoTime() + STARTUP_NANOS, cancelled);
        try {
            if (fromWorker.read() != SqlWorkerMain.READY) {
                throw new IOException("the SQL worker exited while starting");
            }
            ready = true;
        } catch (IOException e) {
            Failure f = watch.failure == Failure.CANCELLED ? Failure.CANCELLED : Failure.NOT_STARTED;
            throw stop(f, e, 0);
        } finally {
            watchdog.unwatch(watch);
        }
    }

    private boolean exitedIdle() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) && process.exitValue() == SqlWorkerMain.IDLE_EXIT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Stopped stop(Failure failure, Throwable cause, long ranMillis) {
        kill();
        return new Stopped(failure, cause, ranMillis);
    }

    /** Lets an idle worker go: it reads end of input and exits by itself. */
    void release() {
        try {
            toWorker.close();
        } catch (IOException e) {
            kill();
        }
    }

    void kill() {
        killed = true;
        process.destroyForcibly();
    }
}
