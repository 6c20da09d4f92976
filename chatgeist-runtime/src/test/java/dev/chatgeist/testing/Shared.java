package dev.chatgeist.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's shared material ({@code ../shared} beside the clone): the Python converter and the dump generator.
 * Tests that compare with the Python version run the real Python converter with {@code python3}.
 */
public final class Shared {
    private Shared() {}

    public static Path dir() {
        String prop = System.getProperty("chatgeist.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("../../shared");
        p = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("tools"))) {
            throw new IllegalStateException("the shared folder is missing: expected " + p
                    + " (../shared beside the clone) with tools/gen_jsonl.py and reference/python/");
        }
        return p;
    }

    public static Path generator() {
        return dir().resolve("tools/gen_jsonl.py");
    }

    public static Path pythonConverter() {
        return dir().resolve("reference/python/jsonl_to_sqlite.py");
    }

    /** Writes a Python-format dump with gen_jsonl.py; {@code args} are its options (e.g. "-n", "500"). */
    public static Path generate(Path out, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python(), generator().toString(), "-o", out.toString()));
        cmd.addAll(List.of(args));
        run(cmd, out.getParent());
        return out;
    }

    /** Runs the Python version's converter on {@code jsonl} into {@code db}. */
    public static String pythonConvert(Path jsonl, Path db) throws IOException, InterruptedException {
        return run(List.of(python(), pythonConverter().toString(), jsonl.toString(), db.toString()), db.getParent());
    }

    public static String python() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(
                                candidate,
                                "-c",
                                "import sqlite3; sqlite3.connect(':memory:')"
                                        + ".execute('create virtual table t using fts5(a)')")
                        .redirectErrorStream(true)
                        .start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException | InterruptedException ignored) {
                // try the next one
            }
        }
        throw new IllegalStateException("python3 with sqlite3 + FTS5 is required for the compatibility tests "
                + "(apt-get install python3); .ci/run installs it");
    }

    public static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("TZ", "UTC"); // naive dates are local time to Python; the tests use UTC on both sides
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        assertThat(p.exitValue()).as("exit of %s: %s", cmd, out).isZero();
        return out;
    }
}
