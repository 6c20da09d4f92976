package dev.chatgeist.plugin.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.chatgeist.plugin.testhost.OpenSshServer;
import dev.chatgeist.plugin.testhost.SshAgentProcess;
import dev.chatgeist.plugin.testhost.SshKeys;
import dev.chatgeist.plugin.testhost.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The SSH half of the contract, run for each SSH library against a real OpenSSH sshd on 127.0.0.1 (started per
 * class with its own config, host keys and authorized_keys): host keys, key formats, agent, connection reuse,
 * a connection killed mid-upload.
 */
public abstract class SshTransportContract extends TransportContract {
    private static final String PASSPHRASE = "correct horse battery staple";

    private Path base;
    private OpenSshServer server;
    private SshKeys.KeyPair plainKey;
    private final List<String> events = new CopyOnWriteArrayList<>();

    protected abstract SshLibrary library();

    @Override
    protected Transport openTransport() throws Exception {
        base = Files.createTempDirectory("chatgeist-ssh-contract");
        server = OpenSshServer.start(base.resolve("sshd"));
        plainKey = SshKeys.generate(base, "id_plain", "ed25519", "", false);
        server.authorize(plainKey);
        return connect(target());
    }

    @Override
    protected Path newScratchDirectory() throws IOException {
        return Files.createTempDirectory(base, "scratch");
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (base != null) {
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The user's target with a known_hosts file holding the server's current keys. */
    private SshTarget target() throws IOException {
        Path knownHosts = server.knownHosts(Files.createTempFile(base, "known_hosts", ""), "ed25519", "ecdsa", "rsa");
        return SshTarget.of("127.0.0.1", server.port(), server.user(), plainKey.privateKey(), base)
                .withKnownHosts(knownHosts);
    }

    private Transport connect(SshTarget target) throws IOException {
        return library().connect(target, events::add);
    }

    // ---- one connection ----

    @Test
    void oneConnectionServesEveryCommandAndFile() throws Exception {
        long before = server.acceptedLogins();
        Set<String> connections = new HashSet<>();
        try (Transport t = connect(target())) {
            for (int i = 0; i < 5; i++) {
                connections.add(t.exec("echo \"$SSH_CONNECTION\"").stdout());
                t.write(
                        ("n" + i).getBytes(StandardCharsets.UTF_8),
                        dir().resolve("f").toString(),
                        "0644");
            }
        }
        assertThat(connections).hasSize(1);
        assertThat(connections.iterator().next()).startsWith("127.0.0.1 ");
        awaitTrue(() -> server.acceptedLogins() - before == 1, "sshd logged exactly one login");
    }

    @Test
    void aConnectionKilledMidUploadLeavesTheOldFileIntact() throws Exception {
        Path remote = dir().resolve("chatgeist-runtime.jar");
        byte[] old = filled(1_000_000, (byte) 'o');
        Files.write(remote, old);
        Path local = base.resolve("new.jar");
        Files.write(local, randomBytes(96_000_000, 7));
        try (Transport t = connect(target())) {
            long shellPid = Long.parseLong(t.exec("echo $PPID").stdout().strip());
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    t.upload(local, remote.toString(), "0644");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            awaitTrue(
                    () -> temporaryFiles(remote).stream().anyMatch(p -> size(p) > 2_000_000) || upload.isDone(),
                    "upload under way");
            assertThat(upload)
                    .as("upload must still be running when the connection is killed")
                    .isNotDone();
            assertThat(server.killConnectionOf(shellPid)).isPositive();
            assertThatThrownBy(upload::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(IOException.class);
            assertThat(Files.readAllBytes(remote)).as("old file untouched").isEqualTo(old);
            assertThatThrownBy(() -> t.exec("true")).isInstanceOf(IOException.class);
        }
        awaitTrue(() -> temporaryFiles(remote).isEmpty(), "the interrupted upload's temporary file is removed");
        try (Transport t = connect(target())) {
            t.upload(local, remote.toString(), "0644");
        }
        assertThat(Files.mismatch(remote, local)).isEqualTo(-1L);
        Files.delete(local);
    }

    // ---- host keys ----

    @Test
    void anUnknownHostIsRefusedWithItsFingerprintAndTheFlagToAcceptIt() throws Exception {
        Path knownHosts = base.resolve("known_hosts-none");
        HostKeyRejectedException e = catchThrowableOfType(
                HostKeyRejectedException.class, () -> connect(target().withKnownHosts(knownHosts)));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(HostKeyRejectedException.Reason.UNKNOWN);
        assertThat(server.hostKeys().values()).contains(e.offered());
        assertThat(e.getMessage())
                .contains("127.0.0.1:" + server.port())
                .contains(opensshFingerprint(e.offered()))
                .contains("-Dchatgeist.acceptNewHostKey")
                .contains(knownHosts.toString());
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void acceptNewHostKeyRecordsTheKeyWhichSshItselfThenTrusts() throws Exception {
        Path knownHosts = base.resolve("known_hosts-accept-" + library());
        try (Transport t = connect(target().withKnownHosts(knownHosts).withAcceptNewHostKey(true))) {
            assertThat(t.exec("echo hi").stdout()).isEqualTo("hi\n");
        }
        List<String> lines = Files.readAllLines(knownHosts);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("[127.0.0.1]:" + server.port() + " ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts)))
                .isEqualTo("rw-------");
        assertThat(events).anyMatch(l -> l.startsWith("event=host-key-recorded host=127.0.0.1:" + server.port()));
        // OpenSSH's own client trusts what we recorded
        Tools.run(List.of(
                "/usr/bin/ssh",
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=yes",
                "-o",
                "UserKnownHostsFile=" + knownHosts,
                "-o",
                "GlobalKnownHostsFile=/dev/null",
                "-i",
                plainKey.privateKey().toString(),
                "-p",
                String.valueOf(server.port()),
                server.user() + "@127.0.0.1",
                "true"));
        try (Transport t = connect(target().withKnownHosts(knownHosts))) {
            assertThat(t.exec("echo again").ok()).isTrue();
        }
        assertThat(Files.readAllLines(knownHosts)).hasSize(1);
    }

    @Test
    void aChangedHostKeyIsAlwaysRefused() throws Exception {
        SshTarget before = target();
        byte[] knownHostsBefore = Files.readAllBytes(before.knownHosts());
        server.replaceHostKeys();
        for (boolean accept : new boolean[] {false, true}) {
            HostKeyRejectedException e = catchThrowableOfType(
                    HostKeyRejectedException.class, () -> connect(before.withAcceptNewHostKey(accept)));
            assertThat(e).as("accept=" + accept).isNotNull();
            assertThat(e.reason()).isEqualTo(HostKeyRejectedException.Reason.CHANGED);
            assertThat(server.hostKeys().values()).contains(e.offered());
            assertThat(e.getMessage())
                    .contains("HOST KEY CHANGED")
                    .contains(e.offered().fingerprint())
                    .contains("ssh-keygen -R '[127.0.0.1]:" + server.port() + "'");
        }
        assertThat(Files.readAllBytes(before.knownHosts())).isEqualTo(knownHostsBefore);
        try (Transport t = connect(target())) { // known_hosts with the new keys: fine again
            assertThat(t.exec("true").ok()).isTrue();
        }
    }

    @Test
    void aKnownKeyOfANonDefaultTypeIsAskedForAndTrusted() throws Exception {
        for (String type : List.of("rsa", "ecdsa")) {
            Path knownHosts = server.knownHosts(base.resolve("known_hosts-only-" + type), type);
            try (Transport t = connect(target().withKnownHosts(knownHosts))) {
                assertThat(t.exec("true").ok()).as(type).isTrue();
            }
        }
    }

    @Test
    void hashedKnownHostsWrittenBySshKeygenAreUnderstood() throws Exception {
        Path knownHosts = server.knownHosts(base.resolve("known_hosts-hashed-" + library()), "ed25519", "ecdsa", "rsa");
        Tools.run(List.of("/usr/bin/ssh-keygen", "-H", "-f", knownHosts.toString()));
        assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");
        try (Transport t = connect(target().withKnownHosts(knownHosts))) {
            assertThat(t.exec("true").ok()).isTrue();
        }
    }

    @Test
    void aRevokedHostKeyIsRefused() throws Exception {
        Path knownHosts = base.resolve("known_hosts-revoked");
        StringBuilder text = new StringBuilder();
        for (SshPublicKey key : server.hostKeys().values()) {
            text.append("@revoked [127.0.0.1]:")
                    .append(server.port())
                    .append(' ')
                    .append(key.type())
                    .append(' ')
                    .append(key.base64())
                    .append('\n');
        }
        Files.writeString(knownHosts, text);
        HostKeyRejectedException e = catchThrowableOfType(
                HostKeyRejectedException.class,
                () -> connect(target().withKnownHosts(knownHosts).withAcceptNewHostKey(true)));
        assertThat(e.reason()).isEqualTo(HostKeyRejectedException.Reason.REVOKED);
    }

    // ---- keys and agent ----

    @Test
    void encryptedKeysInOpenSshAndPemFormatLogInWithTheirPassphrase() throws Exception {
        List<SshKeys.KeyPair> keys = List.of(
                SshKeys.generate(Files.createTempDirectory(base, "k"), "id_enc", "ed25519", PASSPHRASE, false),
                SshKeys.generate(Files.createTempDirectory(base, "k"), "id_pem", "rsa", PASSPHRASE, true),
                SshKeys.generate(Files.createTempDirectory(base, "k"), "id_ecdsa", "ecdsa", PASSPHRASE, false));
        for (SshKeys.KeyPair key : keys) {
            server.authorize(key);
            SshTarget target = target().withPrivateKey(key.privateKey())
                    .withPassphrase(Passphrase.of("test", PASSPHRASE.toCharArray()));
            try (Transport t = connect(target)) {
                assertThat(t.exec("echo in").stdout())
                        .as(key.privateKey().toString())
                        .isEqualTo("in\n");
            }
        }
    }

    @Test
    void aWrongPassphraseSaysSoWithoutShowingIt() throws Exception {
        SshKeys.KeyPair key =
                SshKeys.generate(Files.createTempDirectory(base, "k"), "id_enc", "ed25519", PASSPHRASE, false);
        server.authorize(key);
        String wrong = "wrong-passphrase-value";
        SshTarget target = target().withPrivateKey(key.privateKey())
                .withPassphrase(Passphrase.fromEnvironment(
                        "CHATGEIST_SSH_PASSPHRASE", java.util.Map.of("CHATGEIST_SSH_PASSPHRASE", wrong)));
        SshAuthenticationException e = catchThrowableOfType(SshAuthenticationException.class, () -> connect(target));
        assertThat(e.getMessage())
                .contains("does not decrypt")
                .contains(key.privateKey().toString())
                .contains("environment variable CHATGEIST_SSH_PASSPHRASE");
        assertThat(allText(e) + target).doesNotContain(wrong).doesNotContain(PASSPHRASE);
    }

    @Test
    void anEncryptedKeyWithoutPassphraseAndNoAgentSaysHowToFixIt() throws Exception {
        SshKeys.KeyPair key =
                SshKeys.generate(Files.createTempDirectory(base, "k"), "id_enc", "ed25519", PASSPHRASE, false);
        SshTarget target = target().withPrivateKey(key.privateKey())
                .withPassphrase(Passphrase.fromEnvironment("CHATGEIST_SSH_PASSPHRASE", java.util.Map.of()));
        assertThatThrownBy(() -> connect(target))
                .isInstanceOf(SshAuthenticationException.class)
                .hasMessageContaining("is encrypted")
                .hasMessageContaining("CHATGEIST_SSH_PASSPHRASE (not set)")
                .hasMessageContaining("ssh-agent");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedWithAHint() throws Exception {
        SshKeys.KeyPair stranger = SshKeys.generate(Files.createTempDirectory(base, "k"), "id_x", "ed25519", "", false);
        assertThatThrownBy(() -> connect(target().withPrivateKey(stranger.privateKey())))
                .isInstanceOf(SshAuthenticationException.class)
                .hasMessageContaining("server refused login as " + server.user() + "@127.0.0.1:" + server.port())
                .hasMessageContaining(stranger.publicKey().fingerprint())
                .hasMessageContaining("authorized_keys");
    }

    @Test
    void anAgentLogsInWithEd25519AndRsaKeys() throws Exception {
        for (String type : List.of("ed25519", "rsa")) {
            Path dir = Files.createTempDirectory(base, "agent");
            SshKeys.KeyPair key = SshKeys.generate(dir, "id_agent", type, "", false);
            server.authorize(key);
            try (SshAgentProcess agent = SshAgentProcess.start(dir)) {
                agent.add(key.privateKey());
                SshTarget target = target().withAgentSocket(agent.socket()).withPrivateKey(null);
                try (Transport t = connect(target)) {
                    assertThat(t.exec("echo agent").stdout()).as(type).isEqualTo("agent\n");
                }
            }
        }
    }

    @Test
    void theAgentGetsInWhenTheKeyFileIsEncryptedAndNoPassphraseIsGiven() throws Exception {
        Path dir = Files.createTempDirectory(base, "agent");
        SshKeys.KeyPair inAgent = SshKeys.generate(dir, "id_agent", "ed25519", "", false);
        SshKeys.KeyPair encrypted = SshKeys.generate(dir, "id_enc", "ed25519", PASSPHRASE, false);
        server.authorize(inAgent);
        try (SshAgentProcess agent = SshAgentProcess.start(dir)) {
            agent.add(inAgent.privateKey());
            SshTarget target = target().withPrivateKey(encrypted.privateKey()).withAgentSocket(agent.socket());
            try (Transport t = connect(target)) {
                assertThat(t.exec("true").ok()).isTrue();
            }
        }
    }

    @Test
    void noAgentAndNoKeyIsAClearError() throws Exception {
        SshTarget target =
                target().withAgentSocket(base.resolve("no-agent.sock")).withPrivateKey(null);
        assertThatThrownBy(() -> connect(target))
                .isInstanceOf(SshAuthenticationException.class)
                .hasMessageContaining("no usable key")
                .hasMessageContaining("no-agent.sock does not exist");
    }

    // ---- other failures ----

    @Test
    void nothingListeningIsAClearError() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SshTarget target = new SshTarget(
                "127.0.0.1",
                closedPort,
                "bot",
                plainKey.privateKey(),
                Passphrase.none(),
                base.resolve("kh"),
                false,
                false,
                null);
        assertThatThrownBy(() -> connect(target))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot connect to bot@127.0.0.1:" + closedPort
                        + ": connection refused (is sshd running and listening on port " + closedPort + "?)");
    }

    @Test
    void becomeIsRefusedWhenTheHostDoesNotAllowIt() {
        assertThatThrownBy(() -> transport().become())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("ansible_become: true");
    }

    // ---- helpers ----

    private static String opensshFingerprint(SshPublicKey key) throws IOException {
        Path pub = Files.createTempFile("hostkey", ".pub");
        try {
            Files.writeString(pub, key.type() + " " + key.base64() + "\n");
            return Tools.run(List.of("/usr/bin/ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString()))
                    .split("\\s+")[1];
        } finally {
            Files.delete(pub);
        }
    }

    private static List<Path> temporaryFiles(Path target) {
        try (Stream<Path> files = Files.list(target.getParent())) {
            return files.filter(
                            p -> p.getFileName().toString().startsWith("." + target.getFileName() + ".chatgeist-tmp."))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String allText(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            parts.add(String.valueOf(t));
        }
        return String.join("\n", parts);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void awaitTrue(Condition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(2);
        }
    }
}
