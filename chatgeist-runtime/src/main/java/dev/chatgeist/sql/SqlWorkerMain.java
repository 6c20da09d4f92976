package dev.chatgeist.sql;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQL worker process, started by {@link SqlWorkerPool} from the same jar or class path: it reads
 * {@link SqlRequest}s on stdin and writes one {@link SqlReply} frame per request on stdout, one statement at a time.
 * It exits when stdin closes (the parent stopped or died), when its parent process is gone even mid-statement, when
 * it was idle for {@code idleSeconds}, and, as a backstop should the parent's kill never come, when one statement
 * runs {@code GRACE} past its time limit.
 * Arguments: timeoutMillis maxRows maxBytes maxValueBytes maxSqlLength workerMemoryMb idleSeconds.
 */
public final class SqlWorkerMain {
    /** Exit status after an idle period, so that the parent knows to retry on a fresh worker. */
    /** The byte a worker writes once SQLite is loaded: from then on, a statement's time limit runs. */
    static final int READY = 'R';

    static final int IDLE_EXIT = 64; // not 3, which -XX:+ExitOnOutOfMemoryError uses
    private static final long GRACE_NANOS = Duration.ofSeconds(5).toNanos();

    private SqlWorkerMain() {}

    public static void main(String[] args) throws IOException {
        SqlLimits limits = new SqlLimits(
                Duration.ofMillis(Long.parseLong(args[0])),
                Integer.parseInt(args[1]),
                Integer.parseInt(args[2]),
                Integer.parseInt(args[3]),
                Integer.parseInt(args[4]),
                Integer.parseInt(args[5]));
        long idleNanos = Duration.ofSeconds(Long.parseLong(args[6])).toNanos();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true)); // stdout is the protocol's
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        warmUp();
        out.write(READY);
        out.flush();
        AtomicBoolean busy = new AtomicBoolean();
        AtomicLong since = new AtomicLong(System.nanoTime()); // start of the running statement or of the idle time
        startWatchdog(busy, since, limits.timeout().toNanos() + GRACE_NANOS, idleNanos);
        SqlExecution execution = new SqlExecution(limits);
        while (true) {
            SqlRequest request = SqlRequest.read(in, limits.maxSqlLength() * 4 + 4_096);
            if (request == null) {
                System.exit(0);
            }
            since.set(System.nanoTime());
            busy.set(true);
            SqlReply reply;
            try {
                reply = execution.run(request);
            } catch (OutOfMemoryError e) {
                reply = SqlReply.refused(SqlRefusals.outOfMemory(limits));
            } catch (RuntimeException e) {
                reply = SqlReply.refused("SQL error: " + e.getMessage()); // the driver's own, kept short of a crash
            }
            out.write(reply.frame());
            out.flush();
            since.set(System.nanoTime());
            busy.set(false);
        }
    }

    /** Loads the driver and SQLite before the first request, so a spare worker answers at full speed. */
    private static void warmUp() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            c.createStatement().execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException("SQLite does not load in the SQL worker: " + e.getMessage(), e);
        }
    }

    private static void startWatchdog(AtomicBoolean busy, AtomicLong since, long maxBusyNanos, long idleNanos) {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        Thread t = new Thread(
                () -> {
                    while (true) {
                        if (parent != null && !parent.isAlive()) {
                            Runtime.getRuntime().halt(0); // the bot died while a statement ran: nobody wants the result
                        }
                        boolean running = busy.get();
                        long elapsed = System.nanoTime() - since.get();
                        if (running && elapsed > maxBusyNanos) {
                            Runtime.getRuntime().halt(2); // a single SQLite call overran and nobody killed us
                        }
                        if (!running && elapsed > idleNanos) {
                            Runtime.getRuntime().halt(IDLE_EXIT);
                        }
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "sql-worker-watchdog");
        t.setDaemon(true);
        t.start();
    }
}
