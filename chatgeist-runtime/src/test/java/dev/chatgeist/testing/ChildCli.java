package dev.chatgeist.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in a separate JVM (for crashes, kill -9 and real process boundaries). */
public final class ChildCli {
    private ChildCli() {}

    public static Process start(Path home, Path output, String... args) throws IOException {
        java.nio.file.Files.createDirectories(output.getParent());
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.chatgeist.cli.Main",
                "--home",
                home.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().remove("CHATGEIST_HOME");
        return pb.start();
    }
}
