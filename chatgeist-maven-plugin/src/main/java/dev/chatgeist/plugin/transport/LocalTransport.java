package dev.chatgeist.plugin.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The machine Maven runs on. Commands run through {@code /bin/sh -c} with the given environment and working
 * directory (tests pass a temporary HOME and a PATH with stand-ins first); files are written to a temporary name
 * in the target's directory, fsynced, given their mode and renamed over the target.
 */
public final class LocalTransport implements Transport {
    private final Map<String, String> environment;
    private final Path workDir;
    private final Duration timeout;

    public LocalTransport(Map<String, String> environment, Path workDir, Duration timeout) {
        this.environment = Map.copyOf(environment);
        this.workDir = workDir;
        this.timeout = timeout;
    }

    /** The current process's environment, working in {@code $HOME}, commands limited to 10 minutes. */
    public static LocalTransport ofCurrentProcess() {
        return ofCurrentProcess(Duration.ofMinutes(10));
    }

    /** The same, each command limited to {@code timeout} (chatgeist:run waits for a whole update). */
    public static LocalTransport ofCurrentProcess(Duration timeout) {
        Map<String, String> env = System.getenv();
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path workDir = java.nio.file.Files.isDirectory(home) ? home : Path.of(System.getProperty("user.dir"));
        return new LocalTransport(env, workDir, timeout);
    }

    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public ExecResult exec(String command, byte[] stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process process = pb.start();
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the command exited without reading its input; its exit status tells the story
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(
                        "command did not finish within " + timeout.toSeconds() + " s: " + firstLine(command));
            }
            return new ExecResult(
                    process.exitValue(),
                    new String(out.get(), StandardCharsets.UTF_8),
                    new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + firstLine(command), e);
        } catch (ExecutionException e) {
            throw new IOException("cannot read the output of " + firstLine(command), e.getCause());
        }
    }

    /** No timeout here: a followed log runs until {@code lines} says stop or the transport's user ends the JVM. */
    @Override
    public ExecResult stream(String command, java.util.function.Predicate<String> lines) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(workDir.toFile());
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process process = pb.start();
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        OutputStream stdin = process.getOutputStream();
        try {
            LineStream.feed(process.getInputStream(), line -> {
                boolean more = lines.test(line);
                if (!more) {
                    closeQuietly(stdin);
                }
                return more;
            });
            closeQuietly(stdin);
            int code = process.waitFor();
            return new ExecResult(code, "", new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + firstLine(command), e);
        } catch (ExecutionException e) {
            throw new IOException("cannot read the output of " + firstLine(command), e.getCause());
        } finally {
            closeQuietly(stdin);
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // the command has ended already
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                return buf.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String firstLine(String command) {
        String line = command.strip().lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    @Override
    public void upload(Path local, String remotePath, String mode) throws IOException {
        RemoteCommands.checkMode(mode);
        Path target = Path.of(remotePath);
        Path tmp = tempBeside(target);
        try {
            Files.copy(local, tmp, StandardCopyOption.REPLACE_EXISTING);
            finish(tmp, target, mode);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void write(byte[] content, String remotePath, String mode) throws IOException {
        RemoteCommands.checkMode(mode);
        Path target = Path.of(remotePath);
        Path tmp = tempBeside(target);
        try {
            Files.write(tmp, content, StandardOpenOption.TRUNCATE_EXISTING);
            finish(tmp, target, mode);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path tempBeside(Path target) throws IOException {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(
                    String.valueOf(dir), null, "directory does not exist, cannot write " + target);
        }
        return Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    }

    private static void finish(Path tmp, Path target, String mode) throws IOException {
        Files.setPosixFilePermissions(tmp, permissions(mode));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** "0644" → rw-r--r--. */
    static Set<PosixFilePermission> permissions(String mode) {
        int bits = Integer.parseInt(mode, 8);
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(order[i]);
            }
        }
        return out;
    }

    @Override
    public void close() {
        // nothing to release: every command is its own process
    }
}
