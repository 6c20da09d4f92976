package dev.chatgeist.core.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An exclusive OS file lock ({@code flock}/{@code fcntl}) that keeps two runs from writing the same thing at once —
 * overlapping cron or launchd runs, or an import during an update. The kernel releases it when the process dies,
 * so a killed run never leaves a stale lock behind. The file holds the holder's pid and start time for messages.
 */
public final class ProcessLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ProcessLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Tries for up to {@code wait}; empty if another process still holds the lock. */
    public static Optional<ProcessLock> tryAcquire(Path file, Duration wait) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // held by this very process
            }
            if (l != null) {
                ch.truncate(0);
                ch.write(
                        ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                                .getBytes(StandardCharsets.UTF_8)),
                        0);
                return Optional.of(new ProcessLock(ch, l));
            }
            ch.close();
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Who holds the lock, as written by the holder ("pid 123 since ..."), or "another process". */
    public static String describeHolder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "another process" : s;
        } catch (IOException e) {
            return "another process";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
