package dev.chatgeist.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The repository's bin/chatgeist, installed into a directory laid out as {@code install-local}/{@code deploy} do
 * ({@code APP/bin/chatgeist}, {@code APP/chatgeist-runtime.jar}) or as the repository is. The jar holds only a
 * manifest whose class path is this test run's: the real runtime classes, started the way the real jar starts.
 */
final class Launcher {
    record Result(int exit, String out, String err) {}

    private final Path script;
    private final Map<String, String> env = new HashMap<>();

    private Launcher(Path script) {
        this.script = script;
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", System.getProperty("user.home"));
    }

    /** The script in the repository. */
    static Path source() {
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path root = Files.isDirectory(cwd.resolve("bin")) ? cwd : cwd.getParent();
        return root.resolve("bin/chatgeist");
    }

    /** APP/bin/chatgeist with APP/chatgeist-runtime.jar beside it. */
    static Launcher installed(Path app) throws IOException {
        Path script = copyScript(app.resolve("bin/chatgeist"));
        runtimeJar(app.resolve("chatgeist-runtime.jar"));
        return new Launcher(script);
    }

    /** REPO/bin/chatgeist with the jar where the build leaves it: REPO/chatgeist-runtime/target/chatgeist-runtime.jar. */
    static Launcher repository(Path repo) throws IOException {
        Path script = copyScript(repo.resolve("bin/chatgeist"));
        runtimeJar(repo.resolve("chatgeist-runtime/target/chatgeist-runtime.jar"));
        return new Launcher(script);
    }

    /** The script alone, no jar anywhere. */
    static Launcher withoutJar(Path app) throws IOException {
        return new Launcher(copyScript(app.resolve("bin/chatgeist")));
    }

    /** The same installation started through a symlink (as ~/.local/bin/chatgeist is). */
    Launcher linkedFrom(Path link) throws IOException {
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, script);
        Launcher l = new Launcher(link);
        l.env.putAll(env);
        return l;
    }

    Launcher env(String key, String value) {
        env.put(key, value);
        return this;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(null, args);
    }

    /** Runs {@code sh SCRIPT ARGS}; with {@code stdoutFile} its stdout and stderr are appended there, as a scheduler does. */
    Result run(Path stdoutFile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        if (stdoutFile != null) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile.toFile()))
                    .redirectErrorStream(true);
        } else {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/chatgeist did not finish: " + cmd);
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** A java that records its arguments in {@code record} and runs the real one (to see the flags it was given). */
    static Path recordingJava(Path dir, Path record) throws IOException {
        String real = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return executable(
                dir.resolve("java"), "#!/bin/sh\necho \"$*\" >> '" + record + "'\nexec '" + real + "' \"$@\"\n");
    }

    /** Stands in for an old JDK: answers {@code -version} as Java 11 does and fails anything else. */
    static Path java11(Path dir) throws IOException {
        return executable(
                dir.resolve("java"),
                "#!/bin/sh\n"
                        + "if [ \"$1\" = -version ]; then\n"
                        + "  echo 'openjdk version \"11.0.22\" 2024-01-16' >&2\n"
                        + "  echo 'OpenJDK Runtime Environment (build 11.0.22+7)' >&2\n"
                        + "  exit 0\nfi\n"
                        + "echo 'Error: UnsupportedClassVersionError' >&2\nexit 1\n");
    }

    private static Path executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static Path copyScript(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(source(), target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        return target;
    }

    private static void runtimeJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.chatgeist.cli.Main");
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            cp.append(p.toUri().toString()).append(' ');
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().strip());
        try (OutputStream o = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
    }
}
