package dev.chatgeist.plugin.testhost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cached Debian bookworm rootfs the test host boots: built once by {@code src/test/testhost/build-rootfs.sh}
 * (debootstrap, a few minutes; .ci/setup-ssh.sh pre-builds it) under /var/cache/chatgeist-test, reused after.
 */
public final class TestRootfs {
    /** Where the rootfs cache lives; {@code CHATGEIST_TEST_CACHE} overrides it. */
    public static Path cacheDir() {
        String override = System.getenv("CHATGEIST_TEST_CACHE");
        return Path.of(override == null || override.isBlank() ? "/var/cache/chatgeist-test" : override);
    }

    /** The rootfs, built first when missing or of an older version. */
    public record Rootfs(Path path, Duration buildTime) {}

    private TestRootfs() {}

    public static Rootfs ensure() throws IOException, InterruptedException {
        Path script = script();
        Instant start = Instant.now();
        Process process = new ProcessBuilder(
                        "bash", script.toString(), cacheDir().toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(20, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("cannot build the Debian test rootfs with " + script + " (see its"
                    + " messages above; .ci/setup-ssh.sh builds it as root with debootstrap)");
        }
        List<String> lines = out.lines().toList();
        Path rootfs = Path.of(lines.get(lines.size() - 1));
        if (!Files.isDirectory(rootfs.resolve("etc/systemd"))) {
            throw new IllegalStateException(script + " printed " + rootfs + ", which is not a systemd rootfs");
        }
        return new Rootfs(rootfs, Duration.between(start, Instant.now()));
    }

    /** The build script, found from the module directory (surefire's working directory) or the repository root. */
    static Path script() {
        Path cwd = Path.of(System.getProperty("user.dir"));
        for (Path candidate : List.of(
                cwd.resolve("src/test/testhost/build-rootfs.sh"),
                cwd.resolve("chatgeist-maven-plugin/src/test/testhost/build-rootfs.sh"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("build-rootfs.sh not found from " + cwd);
    }
}
