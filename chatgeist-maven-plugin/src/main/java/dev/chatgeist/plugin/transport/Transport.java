package dev.chatgeist.plugin.transport;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How deploy tasks reach a host: the machine Maven runs on ({@code LocalTransport}) or an SSH host (sshj, jsch).
 * All three pass one contract test suite. Paths are the host's; commands run through {@code /bin/sh -c} as the
 * connecting user; a task that needs root uses {@link #become()}, which runs through {@code sudo -n}.
 *
 * <p>State is read in batches: a task set sends one script that prints every probe's answer, so that a deploy with
 * nothing to change costs a few round trips, not one per task.
 */
public interface Transport extends AutoCloseable {
    /** Where this transport goes, for messages ("local", "bot@127.0.0.1:2222"). */
    String describe();

    /** Runs {@code command} with {@code /bin/sh -c}, feeding {@code stdin} (may be empty), and waits for it. */
    ExecResult exec(String command, byte[] stdin) throws IOException;

    /** {@link #exec(String, byte[])} with empty stdin. */
    default ExecResult exec(String command) throws IOException {
        return exec(command, new byte[0]);
    }

    /**
     * Runs {@code command} and hands each line of its stdout to {@code lines} as it arrives (stderr is kept for the
     * result), until the command ends or {@code lines} returns false. Then the command's stdin is closed: a command
     * that runs until stopped ({@code tail -F}) must end at that EOF (see {@code operate.Follow}). Closing the
     * transport from another thread (Ctrl+C) ends it too, with an IOException.
     */
    default ExecResult stream(String command, java.util.function.Predicate<String> lines) throws IOException {
        throw new UnsupportedOperationException(describe() + " cannot stream a command's output");
    }

    /**
     * The same host as root (Ansible's {@code become}): every command, upload and write of the returned view runs
     * through {@code sudo -n}, over this transport's connection. Closing the view does not close this transport.
     * A sudo that wants a password fails with {@link BecomeFailedException}.
     *
     * @throws UnsupportedOperationException where the transport cannot become root (e.g. not allowed for the host)
     */
    default Transport become() {
        throw new UnsupportedOperationException(describe() + " cannot run commands as root");
    }

    /**
     * Copies a local file to {@code remotePath} so that nobody ever sees it half-written: upload to a temporary
     * name in the same directory, set {@code mode} (octal, e.g. "0644"), then rename over the target.
     */
    void upload(Path local, String remotePath, String mode) throws IOException;

    /** As {@link #upload(Path, String, String)} for content held in memory (rendered files, .env). */
    void write(byte[] content, String remotePath, String mode) throws IOException;

    @Override
    void close() throws IOException;

    /** Exit status and output of one command. */
    record ExecResult(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }
}
