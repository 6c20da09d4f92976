package dev.chatgeist.plugin.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real executable jar built by the chatgeist-runtime module, for tests that deploy and start it. */
public final class RuntimeJar {
    private RuntimeJar() {}

    /** chatgeist-runtime/target/chatgeist-runtime.jar; a missing jar fails the test with the command that builds it. */
    public static Path path() {
        Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path root = Files.isDirectory(cwd.resolve("chatgeist-runtime")) ? cwd : cwd.getParent();
        Path jar = root.resolve("chatgeist-runtime/target/chatgeist-runtime.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: these tests deploy the real runtime jar; build it with"
                    + " ./mvnw -q -B -o -pl chatgeist-runtime -am package -DskipTests (./mvnw verify builds it first)");
        }
        return jar;
    }

    /** {@link #path()}, checked to have the {@code bot} command (its help lists the subcommands). */
    public static Path withBotCommand() throws IOException {
        Path jar = path();
        Tools.Result help = Tools.run(
                null,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "--help"));
        if (help.stdout().lines().noneMatch(l -> l.matches("\\s+bot\\s.*"))) {
            throw new AssertionError(jar + " has no bot command: rebuild it from this checkout with ./mvnw -q -B -o"
                    + " -pl chatgeist-runtime -am package -DskipTests");
        }
        return jar;
    }
}
