package dev.chatgeist.plugin.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real tools the tests depend on; a missing tool fails the test with the install hint. */
public final class Tools {
    private Tools() {}

    public record Result(int exitCode, String stdout, String stderr) {}

    public static void require(String tool, String debianPackage) {
        try {
            Result r = run(null, List.of("sh", "-c", "command -v " + tool));
            if (r.exitCode() != 0) {
                throw new AssertionError(
                        tool + " is missing: run .ci/setup-plugin-local.sh (apt-get install " + debianPackage + ")");
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public static void requireRoot(String why) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new AssertionError("this test must run as root (as CI does): " + why);
        }
    }

    public static Result run(Path dir, List<String> command) throws IOException {
        return run(dir, command, new byte[0]);
    }

    public static Result run(Path dir, List<String> command, byte[] stdin) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(
                p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    public static byte[] runBytes(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.getOutputStream().close();
        return p.getInputStream().readAllBytes();
    }
}
