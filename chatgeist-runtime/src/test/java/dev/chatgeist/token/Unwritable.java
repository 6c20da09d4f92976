package dev.chatgeist.token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Makes a file or directory really unwritable for this process, and back. File modes do not stop root (CI runs tests
 * as root), so as root the immutable attribute ({@code chattr +i}, which binds root too) is used instead.
 */
public final class Unwritable implements AutoCloseable {
    private final Path path;
    private final boolean immutable;
    private final Set<PosixFilePermission> before;

    private Unwritable(Path path, boolean immutable, Set<PosixFilePermission> before) {
        this.path = path;
        this.immutable = immutable;
        this.before = before;
    }

    public static Unwritable make(Path path) throws IOException, InterruptedException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(path);
        if (isRoot(path)) {
            chattr("+i", path);
            return new Unwritable(path, true, before);
        }
        Files.setPosixFilePermissions(
                path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "r-x------" : "r--------"));
        return new Unwritable(path, false, before);
    }

    private static boolean isRoot(Path near) throws IOException {
        Path probe = Files.createTempFile(near.toAbsolutePath().getParent(), "uid", ".probe");
        try {
            return ((Integer) Files.getAttribute(probe, "unix:uid")) == 0;
        } finally {
            Files.delete(probe);
        }
    }

    private static void chattr(String flag, Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("chattr", flag, path.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("tests run as root need `chattr " + flag + "` (e2fsprogs) on a file "
                    + "system that supports the immutable flag (ext4, xfs, tmpfs on Linux 6+); it failed on " + path
                    + ": " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (immutable) {
            chattr("-i", path);
        } else {
            Files.setPosixFilePermissions(path, before);
        }
    }
}
