package dev.chatgeist.plugin.testhost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real programs the SSH tests drive, with a clear failure (not a skip) when one is missing. */
public final class Tools {
    private static final String SETUP = "run .ci/setup-ssh.sh as root (it installs openssh-server,"
            + " openssh-client, debootstrap and systemd-container)";

    private Tools() {}

    public static Path require(String path) {
        Path tool = Path.of(path);
        if (!Files.isExecutable(tool)) {
            throw new IllegalStateException(path + " is missing: " + SETUP);
        }
        return tool;
    }

    public static void requireRoot(String why) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(why + " needs root (as CI runs); run the tests as root");
        }
    }

    /** True once something on 127.0.0.1:port sends an SSH banner. */
    public static boolean sshAnswers(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(2000);
            byte[] banner = socket.getInputStream().readNBytes(4);
            return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a program to completion; its output, or an exception with the output when it fails. */
    public static String run(List<String> command) throws IOException {
        return run(command, null);
    }

    public static String run(List<String> command, java.util.Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (env != null) {
            builder.environment().putAll(env);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("failed (exit " + process.exitValue() + "): " + command + "\n" + output);
        }
        return output;
    }
}
