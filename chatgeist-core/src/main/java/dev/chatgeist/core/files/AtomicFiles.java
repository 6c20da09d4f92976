package dev.chatgeist.core.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes a file so that readers see either the old or the new content, never a truncated one. */
public final class AtomicFiles {
    /** Owner read/write only: for files that hold secrets or sessions. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** Runs between the write of the temporary file and the rename; tests use it to simulate a crash. */
    @FunctionalInterface
    public interface BeforeRename {
        void run(Path temporary) throws IOException;
    }

    private AtomicFiles() {}

    public static void writeString(Path target, String content, Set<PosixFilePermission> permissions)
            throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), permissions, t -> {});
    }

    /**
     * Writes {@code bytes} to a temporary file in the target's directory, forces it to disk, then renames it over
     * the target. {@code permissions} (may be null: keep the target's current ones, or the umask default) are set
     * on the temporary file before any byte is written, so a secret is never readable by others.
     */
    public static void write(Path target, byte[] bytes, Set<PosixFilePermission> permissions, BeforeRename hook)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Set<PosixFilePermission> mode = permissions;
        if (mode == null && Files.exists(target) && supportsPosix(dir)) {
            mode = Files.getPosixFilePermissions(target);
        }
        Path tmp = createTemp(dir, target.getFileName().toString(), mode);
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                var buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            hook.run(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes {@code content} unless {@code target} already holds exactly that; either way the file ends up with
     * {@code permissions}. Returns whether it was written.
     */
    public static boolean writeStringIfChanged(Path target, String content, Set<PosixFilePermission> permissions)
            throws IOException {
        if (Files.isRegularFile(target)
                && Files.readString(target, StandardCharsets.UTF_8).equals(content)) {
            if (supportsPosix(target)) {
                Files.setPosixFilePermissions(target, permissions);
            }
            return false;
        }
        writeString(target, content, permissions);
        return true;
    }

    /**
     * Where a chain of symbolic links ends. A symlinked file (a .env linked into a secrets directory) is replaced
     * there, so that the link survives the rename.
     */
    public static Path followLinks(Path file) throws IOException {
        Path p = file.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) {
                throw new IOException("too many levels of symbolic links: " + file);
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }

    /** Whether the group or others have any permission on {@code file}; false where there are no POSIX modes. */
    public static boolean accessibleByOthers(Path file) throws IOException {
        return supportsPosix(file)
                && Files.getPosixFilePermissions(file).stream()
                        .anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"));
    }

    /** Deletes {@code file} if it is there, for callers to whom a file left behind costs nothing but a retry. */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the caller decided a leftover is harmless
        }
    }

    /** An I/O error for a message, without a stack trace: "AccessDeniedException: /home/x/.env". */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f) {
            String why = f.getReason();
            return f.getClass().getSimpleName()
                    + (why != null ? ": " + why : "")
                    + (f.getFile() != null ? " " + f.getFile() : "");
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    /**
     * Deletes temporary files that a crashed writer of {@code target} left behind (their process is gone). They may
     * hold a secret, so they should not linger; returns how many were removed.
     */
    public static int deleteLeftovers(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".tmp";
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (var entries =
                Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : entries) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue; // not one of ours
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue; // a live writer is using it
                }
                if (Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private static Path createTemp(Path dir, String name, Set<PosixFilePermission> mode) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + ".tmp" + ProcessHandle.current().pid() + "-" + attempt);
            try {
                if (mode != null && supportsPosix(dir)) {
                    return Files.createFile(tmp, PosixFilePermissions.asFileAttribute(mode));
                }
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void fsyncDirectory(Path dir) {
        // Makes the rename durable on Linux; not possible (and not needed) everywhere.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }
}
