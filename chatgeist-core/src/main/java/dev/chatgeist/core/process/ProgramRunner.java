package dev.chatgeist.core.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs external programs ({@code claude}, {@code security}, {@code docker}) with a timeout. Programs are looked up
 * on the PATH of the given environment (not the JVM's own), so a launchd job or a test decides which binaries run.
 * Nothing is logged here: the output may hold a secret (the Keychain answer is one), callers decide what to show.
 */
public final class ProgramRunner {
    /** Output beyond this is dropped: these programs answer in a few lines. */
    private static final int MAX_OUTPUT = 1 << 20;

    private final Map<String, String> environment;

    public ProgramRunner(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** What a program did. {@link #toString()} leaves the output out, because it may be a secret. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {
        public boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** stderr and stdout together, for recognising error messages. */
        public String combinedOutput() {
            return stderr + "\n" + stdout;
        }

        @Override
        public String toString() {
            return "Result[exitCode=" + exitCode + ", timedOut=" + timedOut + ", stdout=" + stdout.length()
                    + " chars, stderr=" + stderr.length() + " chars]";
        }
    }

    /** The executable {@code name} resolves to on this environment's PATH. */
    public Optional<Path> find(String name) {
        if (name.contains(File.separator)) {
            Path p = Path.of(name);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue; // an empty entry means "current directory": never trust that for these programs
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The PATH searched, for messages that say where a program was not found. */
    public String path() {
        return environment.getOrDefault("PATH", "");
    }

    public Result run(Path executable, List<String> args, Path workingDir, Duration timeout) throws IOException {
        return run(executable, args, workingDir, timeout, List.of());
    }

    /**
     * Runs {@code executable args...} in {@code workingDir} with stdin closed, waits at most {@code timeout}, then
     * kills it and everything it started. {@code unsetVariables} are removed from the child's environment.
     */
    public Result run(
            Path executable, List<String> args, Path workingDir, Duration timeout, List<String> unsetVariables)
            throws IOException {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(executable.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        Map<String, String> childEnv = new HashMap<>(environment);
        unsetVariables.forEach(childEnv::remove);
        env.putAll(childEnv);
        long started = System.nanoTime();
        Process process = pb.start();
        process.getOutputStream().close(); // `claude --print` would otherwise wait for input on a pipe
        Collector out = new Collector(process.getInputStream());
        Collector err = new Collector(process.getErrorStream());
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // A grandchild that escaped the kill may keep the pipes open; do not wait for it forever.
        long drain = finished ? 10_000 : 1_000;
        String stdout = out.text(drain);
        String stderr = err.text(drain);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new Result(finished ? process.exitValue() : -1, stdout, stderr, !finished, elapsed);
    }

    /** Reads one stream on its own daemon thread so a chatty child never blocks on a full pipe. */
    private static final class Collector {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Collector(InputStream in) {
            thread = new Thread(
                    () -> {
                        byte[] buf = new byte[8192];
                        try (in) {
                            int n;
                            while ((n = in.read(buf)) >= 0) {
                                synchronized (bytes) {
                                    if (bytes.size() < MAX_OUTPUT) {
                                        bytes.write(buf, 0, Math.min(n, MAX_OUTPUT - bytes.size()));
                                    }
                                }
                            }
                        } catch (IOException e) {
                            // the stream closed under us (process killed): keep what was read
                        }
                    },
                    "program-output");
            thread.setDaemon(true);
            thread.start();
        }

        String text(long waitMillis) {
            try {
                thread.join(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
