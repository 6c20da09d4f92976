package dev.chatgeist.plugin.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What sshj and jsch share: commands through {@code /bin/sh -c} (and {@code sudo -n} for {@link #become()}), files
 * written by streaming them into the atomic-write script over the command's stdin (works for root-owned paths
 * through sudo, needs no SFTP server), and draining stdout/stderr on helper threads so that no command can
 * deadlock on a full window. Subclasses supply only the connection and {@link #run}.
 */
abstract class AbstractSshTransport implements Transport {
    /** Content for a command's stdin, written once. */
    interface Stdin {
        void writeTo(OutputStream out) throws IOException;

        static Stdin of(byte[] bytes) {
            return out -> out.write(bytes);
        }
    }

    static final int CONNECT_TIMEOUT_MS = 15_000;
    static final int KEEPALIVE_SECONDS = 15;
    /** Exit code reported for a command that ended without an exit status (killed by a signal). */
    static final int NO_EXIT_STATUS = -1;

    protected final SshTarget target;
    private final String library;
    private final ExecutorService io;

    protected AbstractSshTransport(SshTarget target, String library) {
        this.target = target;
        this.library = library;
        AtomicInteger count = new AtomicInteger();
        this.io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chatgeist-ssh-" + target.host() + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs one full command line on a new channel of the one connection; stdin is closed (EOF) after writing.
     * With {@code lines}, stdout goes line by line to it as it arrives (and is not kept in the result).
     */
    protected abstract ExecResult run(String commandLine, Stdin stdin, Predicate<String> lines) throws IOException;

    /** Closes the connection. */
    protected abstract void disconnect() throws IOException;

    @Override
    public String describe() {
        return target.describe() + " (" + library + ")";
    }

    @Override
    public ExecResult exec(String command, byte[] stdin) throws IOException {
        return exec(command, Stdin.of(stdin), false);
    }

    @Override
    public ExecResult stream(String command, Predicate<String> lines) throws IOException {
        return stream(command, lines, false);
    }

    /** Runs with a stdin that stays open until {@code lines} says stop, then closes (EOF ends the command). */
    private ExecResult stream(String command, Predicate<String> lines, boolean asRoot) throws IOException {
        CountDownLatch stop = new CountDownLatch(1);
        Predicate<String> sink = line -> {
            boolean more = lines.test(line);
            if (!more) {
                stop.countDown();
            }
            return more;
        };
        Stdin untilStopped = out -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        return run(RemoteCommands.commandLine(command, asRoot), untilStopped, sink);
    }

    @Override
    public void upload(Path local, String remotePath, String mode) throws IOException {
        RemoteCommands.checkMode(mode);
        write(remotePath, mode, Files.size(local), out -> Files.copy(local, out), false);
    }

    @Override
    public void write(byte[] content, String remotePath, String mode) throws IOException {
        RemoteCommands.checkMode(mode);
        write(remotePath, mode, content.length, Stdin.of(content), false);
    }

    @Override
    public Transport become() {
        if (!target.become()) {
            throw new UnsupportedOperationException("a task needs root on " + target.describe()
                    + ", but become is off for this host: set ansible_become: true for it in inventory.yaml"
                    + " (chatgeist then uses sudo -n)");
        }
        return new RootView();
    }

    @Override
    public void close() throws IOException {
        try {
            disconnect();
        } finally {
            io.shutdownNow();
        }
    }

    private ExecResult exec(String command, Stdin stdin, boolean asRoot) throws IOException {
        ExecResult result = run(RemoteCommands.commandLine(command, asRoot), stdin, null);
        if (asRoot && RemoteCommands.sudoRefused(result.exitCode(), result.stderr())) {
            throw new BecomeFailedException(
                    RemoteCommands.sudoRefusedMessage(target.describe(), target.user(), result.stderr()));
        }
        return result;
    }

    private void write(String remotePath, String mode, long size, Stdin content, boolean asRoot) throws IOException {
        ExecResult result = exec(RemoteCommands.atomicWrite(remotePath, mode, size), content, asRoot);
        if (result.exitCode() == NO_EXIT_STATUS) {
            throw new IOException("cannot write " + remotePath + " on " + describe() + ": the write ended without an"
                    + " exit status (killed, or the connection dropped); the existing file is unchanged");
        }
        if (!result.ok()) {
            throw new IOException("cannot write " + remotePath + " on " + describe() + " (exit " + result.exitCode()
                    + "): " + result.stderr().strip());
        }
    }

    /** Waits until the command has ended: its exit status (or signal) arrived, or its channel closed. */
    protected interface ChannelEnd {
        void await() throws IOException;
    }

    /**
     * Feeds stdin and drains stdout and stderr on helper threads, then waits for the channel's end. A command may
     * end without reading all of its stdin (e.g. {@code true}); the writer, possibly blocked on a window that will
     * never open, is then cancelled: that is not an error. Stdin is flushed before it is closed: sshj's close()
     * drops whatever does not fit the remote window at that moment.
     */
    protected final Outputs pump(
            InputStream stdout,
            InputStream stderr,
            OutputStream stdinStream,
            Stdin stdin,
            Predicate<String> lines,
            ChannelEnd end)
            throws IOException {
        Future<byte[]> out = io.submit(() -> lines == null ? stdout.readAllBytes() : LineStream.feed(stdout, lines));
        Future<byte[]> err = io.submit(() -> stderr.readAllBytes());
        Future<?> in = io.submit(() -> {
            try (OutputStream s = stdinStream) {
                stdin.writeTo(s);
                s.flush();
            }
            return null;
        });
        try {
            byte[] stdoutBytes = out.get();
            byte[] stderrBytes = err.get();
            end.await();
            boolean allStdinSent = in.isDone();
            if (!allStdinSent) {
                in.cancel(true);
            } else {
                try {
                    in.get();
                } catch (ExecutionException ignored) {
                    // the command ended without reading all of its stdin; its exit status says how it went
                    allStdinSent = false;
                }
            }
            return new Outputs(stdoutBytes, stderrBytes, allStdinSent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            in.cancel(true);
            throw new IOException("interrupted while running a command on " + describe(), e);
        } catch (ExecutionException e) {
            in.cancel(true);
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
    }

    /** Everything a command printed, and whether it took all of its stdin. */
    protected record Outputs(byte[] stdout, byte[] stderr, boolean allStdinSent) {
        ExecResult result(int exitCode) {
            return new ExecResult(
                    exitCode, new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
        }
    }

    /** The connection's commands as root; shares (and never closes) the connection. */
    private final class RootView implements Transport {
        @Override
        public String describe() {
            return AbstractSshTransport.this.describe() + " as root";
        }

        @Override
        public ExecResult exec(String command, byte[] stdin) throws IOException {
            return AbstractSshTransport.this.exec(command, Stdin.of(stdin), true);
        }

        @Override
        public ExecResult stream(String command, Predicate<String> lines) throws IOException {
            return AbstractSshTransport.this.stream(command, lines, true);
        }

        @Override
        public void upload(Path local, String remotePath, String mode) throws IOException {
            RemoteCommands.checkMode(mode);
            AbstractSshTransport.this.write(remotePath, mode, Files.size(local), out -> Files.copy(local, out), true);
        }

        @Override
        public void write(byte[] content, String remotePath, String mode) throws IOException {
            RemoteCommands.checkMode(mode);
            AbstractSshTransport.this.write(remotePath, mode, content.length, Stdin.of(content), true);
        }

        @Override
        public Transport become() {
            return this;
        }

        @Override
        public void close() {
            // the connection belongs to the transport this view came from
        }
    }
}
