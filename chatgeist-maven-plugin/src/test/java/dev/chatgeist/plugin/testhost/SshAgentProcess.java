package dev.chatgeist.plugin.testhost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A real OpenSSH ssh-agent on its own socket, stopped on close. */
public final class SshAgentProcess implements AutoCloseable {
    private final Process process;
    private final Path socket;

    private SshAgentProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    public static SshAgentProcess start(Path dir) throws IOException, InterruptedException {
        Path socket = dir.resolve("agent.sock");
        Process process = new ProcessBuilder(
                        Tools.require("/usr/bin/ssh-agent").toString(), "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!Files.exists(socket)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IOException("ssh-agent did not start: " + Files.readString(dir.resolve("agent.log")));
            }
            Thread.sleep(10);
        }
        return new SshAgentProcess(process, socket);
    }

    public Path socket() {
        return socket;
    }

    /** ssh-add KEY (unencrypted keys only here). */
    public void add(Path privateKey) throws IOException {
        Tools.run(
                List.of(Tools.require("/usr/bin/ssh-add").toString(), privateKey.toString()),
                Map.of("SSH_AUTH_SOCK", socket.toString()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
