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
 * The parent's handle on one worker process. {@link #exchange} sends a request and waits for the reply while
 * polling the deadline and the cancel flag; when either fires, the process is killed: a kill is the one stop that
 * works in the middle of a single SQLite function call.
 */
final class SqlWorker {
    /** Why an exchange ended without a reply. */
    enum Failure { CANCELLED, DEADLINE, EXITED, IDLE_EXITED }

    /** An exchange that produced no reply; the worker is dead by the time this is thrown. */
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

    boolean isAlive() {
        return process.isAlive();
    }

    SqlReply exchange(SqlRequest request, long deadlineNanos, BooleanSupplier cancelled, int maxReplyBytes)
            throws Stopped {
        try {
            request.write(toWorker);
            long waited = 0;
            while (fromWorker.available() == 0 && process.isAlive()) {
                if (cancelled.getAsBoolean()) {
                    throw stop(Failure.CANCELLED, null);
                }
                if (System.nanoTime() > deadlineNanos) {
                    throw stop(Failure.DEADLINE, null);
                }
                // 1 ms steps while a fast query may finish, then 5 ms: the poll costs nothing measurable
                Thread.sleep(waited++ < 200 ? 1 : 5);
            }
            return SqlReply.read(fromWorker, maxReplyBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stop(Failure.CANCELLED, e);
        } catch (IOException e) {
            throw stop(exitedIdle() ? Failure.IDLE_EXITED : Failure.EXITED, e);
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
        process.destroyForcibly();
    }
}
