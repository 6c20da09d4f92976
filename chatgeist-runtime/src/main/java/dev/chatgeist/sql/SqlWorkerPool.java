package dev.chatgeist.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Worker processes for the sandbox, one statement each at a time. Taking a worker leaves a warm spare behind
 * (started at once, it loads SQLite while the current statement runs), so the next statement pays no JVM start;
 * at most {@code keepIdle} idle workers are kept. A worker that was killed (deadline, cancel) or died is replaced,
 * never reused. Workers die with the parent: they exit when their stdin closes.
 */
final class SqlWorkerPool implements AutoCloseable {
    /** After this much idle time a worker exits by itself; the next statement starts a fresh one. */
    private static final int IDLE_SECONDS = 600;
    /** How long after the deadline the parent waits for the worker's own, graceful stop before it kills it. */
    private static final long KILL_GRACE_NANOS = 300_000_000L;

    private final SqlLimits limits;
    private final int keepIdle;
    private final Deque<SqlWorker> idle = new ArrayDeque<>();
    private final SqlWorkerWatchdog watchdog = new SqlWorkerWatchdog();
    private List<String> command;
    private boolean closed;

    SqlWorkerPool(SqlLimits limits, int keepIdle) {
        this.limits = limits;
        this.keepIdle = Math.max(1, keepIdle);
    }

    /** Runs one request; the result is the worker's reply, or a refusal saying why it was stopped. */
    SqlReply run(SqlRequest request, BooleanSupplier cancelled) throws SqlRefusedException {
        long timeout = limits.timeout().toNanos() + KILL_GRACE_NANOS;
        for (int attempt = 0; ; attempt++) {
            SqlWorker worker = take();
            try {
                SqlReply reply = worker.exchange(request, watchdog, timeout, cancelled, limits.maxReplyBytes());
                giveBack(worker);
                return reply;
            } catch (SqlWorker.Stopped e) {
                switch (e.failure) {
                    case CANCELLED -> throw new SqlRefusedException(SqlRefusals.cancelled());
                    case DEADLINE -> throw new SqlRefusedException(SqlRefusals.timeLimit(limits, e.ranMillis));
                    case IDLE_EXITED -> {
                        if (attempt == 0) {
                            continue; // it left just as the request came; a fresh one takes it
                        }
                        throw new SqlRefusedException("the SQL worker could not be started; try again", e);
                    }
                    case NOT_STARTED ->
                        throw new SqlRefusedException(
                                "the SQL worker process did not start (the "
                                        + "machine may be out of memory or overloaded); try again in a minute",
                                e);
                    default ->
                        throw new SqlRefusedException(
                                SqlRefusals.outOfMemory(limits)
                                        + " (the SQL worker running it was stopped by the memory cap or crashed)",
                                e);
                }
            } catch (RuntimeException e) {
                worker.kill(); // in an unknown state: never reused
                throw e;
            }
        }
    }

    private synchronized SqlWorker take() throws SqlRefusedException {
        if (closed) {
            throw new SqlRefusedException("the SQL sandbox is shutting down; try again later");
        }
        SqlWorker worker = null;
        while (worker == null && !idle.isEmpty()) {
            SqlWorker w = idle.pollFirst();
            if (w.isUsable()) {
                worker = w;
            }
        }
        try {
            if (worker == null) {
                worker = SqlWorker.start(command());
            }
            if (idle.isEmpty()) {
                idle.addLast(SqlWorker.start(command())); // the warm spare for the next statement
            }
        } catch (IOException | UncheckedIOException e) {
            if (worker != null) {
                return worker; // the spare failed to start; the statement can still run
            }
            throw new SqlRefusedException("the SQL worker process could not be started (" + e.getMessage() + ")", e);
        }
        return worker;
    }

    private synchronized void giveBack(SqlWorker worker) {
        if (!worker.isUsable()) {
            return; // killed just after its reply arrived
        }
        if (closed || idle.size() >= keepIdle) {
            worker.release();
        } else {
            idle.addFirst(worker);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(SqlWorker::release);
        idle.clear();
    }

    /**
     * This JVM's java binary and class path (the fat jar, or a test class path) running {@link SqlWorkerMain}:
     * serial GC, C1 only, a 48 MB heap, no error files; on Linux under {@code ulimit -v}, so SQLite's mallocs fail
     * cleanly (SQLITE_NOMEM) at the memory cap instead of growing without bound.
     */
    private List<String> command() throws IOException {
        if (command != null) {
            return command;
        }
        List<String> c = new ArrayList<>();
        boolean linux =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        if (linux && Files.isExecutable(Path.of("/bin/sh"))) {
            String cap = "ulimit -v " + limits.workerMemoryMb() * 1024L + " 2>/dev/null; exec \"$@\"";
            c.addAll(List.of("/bin/sh", "-c", cap, "sql-worker"));
        }
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(List.of(
                "-Xmx48m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1",
                "-XX:ReservedCodeCacheSize=16m",
                "-XX:MaxMetaspaceSize=64m",
                "-XX:CompressedClassSpaceSize=32m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=/dev/null",
                "-Xshare:auto"));
        nativeLibrary().ifPresent(lib -> {
            c.add("-Dorg.sqlite.lib.path=" + lib.getParent());
            c.add("-Dorg.sqlite.lib.name=" + lib.getFileName());
        });
        c.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                SqlWorkerMain.class.getName(),
                Long.toString(limits.timeout().toMillis()),
                Integer.toString(limits.maxRows()),
                Integer.toString(limits.maxBytes()),
                Integer.toString(limits.maxValueBytes()),
                Integer.toString(limits.maxSqlLength()),
                Integer.toString(limits.workerMemoryMb()),
                Integer.toString(IDLE_SECONDS)));
        command = List.copyOf(c);
        return command;
    }

    /**
     * The SQLite JDBC native library, copied once into a private temporary directory: a worker would otherwise
     * extract its own copy into /tmp on every start, and a killed worker never deletes it.
     */
    private static java.util.Optional<Path> nativeLibrary() throws IOException {
        String name = System.mapLibraryName("sqlitejdbc");
        String resource =
                "/org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
        try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
            if (in == null) {
                return java.util.Optional.empty(); // a platform the driver resolves differently: it extracts itself
            }
            Path dir = Files.createTempDirectory("chatgeist-sql-");
            Path lib = dir.resolve(name);
            Files.copy(in, lib);
            dir.toFile().deleteOnExit();
            lib.toFile().deleteOnExit();
            return java.util.Optional.of(lib);
        }
    }
}
