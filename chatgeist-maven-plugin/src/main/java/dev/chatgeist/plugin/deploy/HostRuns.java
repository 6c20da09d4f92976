package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.TaskResult;
import dev.chatgeist.plugin.task.TaskStatus;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one job per host over one connection each, up to {@code forks} hosts at a time. A host that cannot be
 * reached or whose job fails is reported failed; the others go on. With several hosts in parallel each host's lines
 * are held back and printed together when it is done, so they never interleave; a single host prints as it goes.
 * Each recap's duration runs from the start of the connection to the end of the job.
 */
public final class HostRuns {
    /** What to do on one host over its connection. Prints to {@code out}; returns the host's counts. */
    @FunctionalInterface
    public interface Job {
        Recap run(Host host, Transport transport, Output out) throws IOException;
    }

    private final HostConnector connector;
    private final int forks;
    private final Output out;
    private final boolean unreachableLine;

    public HostRuns(HostConnector connector, int forks, Output out) {
        this(connector, forks, out, false);
    }

    private HostRuns(HostConnector connector, int forks, Output out, boolean unreachableLine) {
        if (forks < 1) {
            throw new IllegalArgumentException("forks must be at least 1, not " + forks);
        }
        this.connector = connector;
        this.forks = forks;
        this.out = out;
        this.unreachableLine = unreachableLine;
    }

    /** The same runs reporting a host that cannot be reached as one line, {@code unreachable: [host] <reason>}. */
    public HostRuns reportingUnreachable() {
        return new HostRuns(connector, forks, out, true);
    }

    public List<Recap> run(List<Host> hosts, Job job) {
        if (hosts.size() <= 1 || forks == 1) {
            List<Recap> recaps = new ArrayList<>();
            for (Host h : hosts) {
                recaps.add(runOne(h, job, out));
            }
            return recaps;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(forks, hosts.size()), r -> {
            Thread t = new Thread(r, "chatgeist-fork-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Recap>> futures = new ArrayList<>();
            for (Host h : hosts) {
                futures.add(pool.submit(() -> {
                    BufferedOutput buffer = new BufferedOutput();
                    Recap r = runOne(h, job, buffer);
                    synchronized (out) {
                        buffer.flushTo(out);
                    }
                    return r;
                }));
            }
            List<Recap> recaps = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                recaps.add(await(futures.get(i), hosts.get(i)));
            }
            return recaps;
        } finally {
            pool.shutdownNow();
        }
    }

    private Recap await(Future<Recap> future, Host host) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(host, "run", "interrupted", Duration.ZERO, out);
        } catch (ExecutionException e) {
            return failed(host, "run", String.valueOf(e.getCause()), Duration.ZERO, out);
        }
    }

    private Recap runOne(Host host, Job job, Output hostOut) {
        long start = System.nanoTime();
        Transport transport;
        try {
            transport = connector.connect(host, line -> hostOut.info("[" + host.name() + "] " + line));
        } catch (IOException | RuntimeException e) {
            if (unreachableLine) {
                hostOut.warn("unreachable: [" + host.name() + "] " + message(e));
                TaskResult r = new TaskResult(
                        host.name(),
                        "connect " + host.connection().describe(),
                        TaskStatus.FAILED,
                        message(e),
                        null,
                        List.of());
                return new Recap(host.name(), 0, 0, 1, 0, List.of(r), since(start));
            }
            return failed(host, "connect " + host.connection().describe(), message(e), since(start), hostOut);
        }
        try (Transport t = transport) {
            Recap r = job.run(host, t, hostOut);
            return new Recap(r.host(), r.ok(), r.changed(), r.failed(), r.skipped(), r.results(), since(start));
        } catch (IOException | RuntimeException e) {
            return failed(host, "run", message(e), since(start), hostOut);
        }
    }

    private static Recap failed(Host host, String task, String message, Duration took, Output out) {
        out.warn(TaskStatus.FAILED.word() + ": [" + host.name() + "] " + task + " (" + message + ")");
        TaskResult r = new TaskResult(host.name(), task, TaskStatus.FAILED, message, null, List.of());
        return new Recap(host.name(), 0, 0, 1, 0, List.of(r), took);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
