package dev.chatgeist.sql;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The parent's handle on one worker process. {@link #exchange} sends a request and waits for the reply; at the
 * deadline or on cancel the {@link SqlWorkerWatchdog} kills the process: a kill is the one stop that works in the
 * middle of a single SQLite function call.
 */
final class SqlWorker {
    /** Why an exchange ended without a reply. */
    enum Failure { CANCELLED, DEADLINE, EXITED, IDLE_EXITED }

    /** An exchange that produced no reply; the worker is dead or dying by the time this is thrown. */
    static final class Stopped extends Exception {
        final Failure failure;

        Stopped(Failure failure, Throwable cause) {
            super(failure.name(), cause);
            this.failure = failure;
        }
    }

    private final Process process;
    private final DataOutputStream toWorker;
    private final DataInputStream fromWorker;
    private volatile boolean killed;

    private SqlWorker(Process process) {
        this.process = process;
        this.toWorker = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        this.fromWorker = new DataInputStream(new BufferedInputStream(process.getInputStream()));
    }

    /** Starts a worker process; it warms up (loads SQLite) in the background while the caller goes on. */
    static SqlWorker start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // fewer malloc arenas: the address-space cap goes to SQLite
        return new SqlWorker(pb.start());
    }

    /** Alive and never told to die: fit for the next statement. */
    boolean isUsable() {
        return !killed && process.isAlive();
    }

    /**
     * Sends the request and blocks until the reply; {@code watchdog} kills this worker at the deadline or on cancel,
     * which ends the wait. A reply that arrived is returned even if the kill came just after it.
     */
    SqlReply exchange(SqlRequest request, SqlWorkerWatchdog watchdog, long deadlineNanos, BooleanSupplier cancelled,
                      int maxReplyBytes) throws Stopped {
        SqlWorkerWatchdog.Watch watch = watchdog.watch(this, deadlineNanos, cancelled);
        try {
            request.write(toWorker);
            return SqlReply.read(fromWorker, maxReplyBytes);
        } catch (IOException e) {
            if (watch.failure != null) {
                throw new Stopped(watch.failure, e);
            }
            throw stop(exitedIdle() ? Failure.IDLE_EXITED : Failure.EXITED, e);
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

    private Stopped stop(Failure failure, Throwable cause) {
        kill();
        return new Stopped(failure, cause);
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
