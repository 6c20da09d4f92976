package dev.chatgeist.plugin.testhost;

import dev.chatgeist.plugin.transport.SshPublicKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real OpenSSH sshd for the transport tests, on 127.0.0.1 and a free port, with its own config, host keys
 * (ed25519, ecdsa, rsa) and authorized_keys in a temporary directory: {@code sshd -D -f CONF -e}. It lets in only
 * the user running the tests, by key. Commands run on this machine, so tests see the "remote" files directly.
 */
public final class OpenSshServer implements AutoCloseable {
    private static final List<String> HOST_KEY_TYPES = List.of("ed25519", "ecdsa", "rsa");

    private final Path dir;
    private final int port;
    private Process process;

    private OpenSshServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static OpenSshServer start(Path dir) throws IOException, InterruptedException {
        Tools.require("/usr/sbin/sshd");
        Files.createDirectories(dir);
        OpenSshServer server = new OpenSshServer(dir, freePort());
        server.makeHostKeys();
        Files.writeString(server.authorizedKeys(), "");
        Files.writeString(dir.resolve("sshd_config"), server.config());
        if ("root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory sshd insists on
        }
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    public String user() {
        return System.getProperty("user.name");
    }

    public Path authorizedKeys() {
        return dir.resolve("authorized_keys");
    }

    public void authorize(SshKeys.KeyPair key) throws IOException {
        Files.writeString(authorizedKeys(), key.authorizedKeysLine() + "\n", StandardOpenOption.APPEND);
    }

    /** The server's current public host keys by ssh-keygen type name (ed25519, ecdsa, rsa). */
    public Map<String, SshPublicKey> hostKeys() throws IOException {
        Map<String, SshPublicKey> keys = new LinkedHashMap<>();
        for (String type : HOST_KEY_TYPES) {
            keys.put(type, SshKeys.load(dir.resolve("host_" + type)).publicKey());
        }
        return keys;
    }

    /** A known_hosts file holding the server's current keys of the given types, as ssh(1) would write it. */
    public Path knownHosts(Path file, String... types) throws IOException {
        StringBuilder text = new StringBuilder();
        Map<String, SshPublicKey> keys = hostKeys();
        for (String type : types) {
            SshPublicKey key = keys.get(type);
            text.append("[127.0.0.1]:")
                    .append(port)
                    .append(' ')
                    .append(key.type())
                    .append(' ')
                    .append(key.base64())
                    .append('\n');
        }
        Files.writeString(file, text.toString());
        return file;
    }

    /**
     * Gives the server new host keys (as a reinstall would) and restarts it on the same port. Connections already
     * open stay up (only the listener restarts), like a real sshd restart.
     */
    public void replaceHostKeys() throws IOException, InterruptedException {
        process.destroy();
        process.waitFor();
        for (String type : HOST_KEY_TYPES) {
            Files.deleteIfExists(dir.resolve("host_" + type));
            Files.deleteIfExists(dir.resolve("host_" + type + ".pub"));
        }
        makeHostKeys();
        launch();
    }

    /** Logins the server accepted so far (one per SSH connection). */
    public long acceptedLogins() throws IOException {
        return Files.readAllLines(dir.resolve("sshd.log")).stream()
                .filter(l -> l.contains("Accepted publickey"))
                .count();
    }

    /**
     * Kills (SIGKILL) the sshd processes serving the connection that started process {@code pid} (a command's
     * shell), as a dropped network or a crashed server would end them; the command itself is left alone.
     * Returns how many sshd processes were killed.
     */
    public int killConnectionOf(long pid) {
        List<ProcessHandle> sshds = new java.util.ArrayList<>();
        java.util.Optional<ProcessHandle> current = ProcessHandle.of(pid);
        while (current.isPresent() && current.get().pid() != process.pid()) {
            ProcessHandle p = current.get();
            if (p.info().command().map(c -> c.endsWith("/sshd")).orElse(false)) {
                sshds.add(p);
            }
            current = p.parent();
        }
        sshds.forEach(ProcessHandle::destroyForcibly);
        return sshds.size();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void stop() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    private void makeHostKeys() throws IOException {
        for (String type : HOST_KEY_TYPES) {
            SshKeys.generate(dir, "host_" + type, type, "", false);
        }
    }

    private String config() {
        StringBuilder c = new StringBuilder();
        c.append("Port ").append(port).append('\n').append("ListenAddress 127.0.0.1\n");
        for (String type : HOST_KEY_TYPES) {
            c.append("HostKey ").append(dir.resolve("host_" + type)).append('\n');
        }
        c.append("AuthorizedKeysFile ")
                .append(authorizedKeys())
                .append('\n')
                .append("PidFile none\n")
                .append("StrictModes no\n")
                .append("UsePAM no\n")
                .append("PasswordAuthentication no\n")
                .append("KbdInteractiveAuthentication no\n")
                .append("PubkeyAuthentication yes\n")
                .append("PermitRootLogin prohibit-password\n")
                .append("AllowUsers ")
                .append(user())
                .append('\n')
                .append("MaxStartups 100\n")
                .append("MaxSessions 100\n")
                .append("LogLevel INFO\n")
                // Debian's bash reads ~/.bashrc for commands run by sshd; this machine's root .bashrc (pyenv)
                // costs ~200 ms per command. SHLVL=1 makes bash skip it: faster tests, same behaviour.
                .append("SetEnv SHLVL=1\n");
        return c.toString();
    }

    private void launch() throws IOException, InterruptedException {
        Path log = dir.resolve("sshd.log");
        process = new ProcessBuilder(
                        "/usr/sbin/sshd",
                        "-D",
                        "-e",
                        "-f",
                        dir.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (!Tools.sshAnswers(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IOException("sshd did not start on port " + port + ":\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
