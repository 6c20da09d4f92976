package dev.chatgeist.plugin.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.plugin.testhost.OpenSshServer;
import dev.chatgeist.plugin.testhost.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sshj and jsch refuse the same things with the same words, so a user never has to learn two sets of errors. */
class SshLibrariesAgreeTest {
    @TempDir
    static Path dir;

    static OpenSshServer server;
    static SshKeys.KeyPair key;

    @BeforeAll
    static void start() throws Exception {
        server = OpenSshServer.start(dir.resolve("sshd"));
        key = SshKeys.generate(dir, "id", "ed25519", "", false);
        server.authorize(key);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private SshTarget target() throws Exception {
        return SshTarget.of("127.0.0.1", server.port(), server.user(), key.privateKey(), dir)
                .withKnownHosts(server.knownHosts(Files.createTempFile(dir, "kh", ""), "ed25519", "ecdsa", "rsa"));
    }

    @Test
    void sameMessagesForEveryRefusal() throws Exception {
        SshKeys.KeyPair encrypted =
                SshKeys.generate(Files.createTempDirectory(dir, "k"), "id_enc", "ed25519", "secret-passphrase", false);
        SshKeys.KeyPair stranger = SshKeys.generate(Files.createTempDirectory(dir, "k"), "id_x", "rsa", "", false);
        Path noKnownHosts = dir.resolve("none");
        List<SshTarget> cases = List.of(
                target().withKnownHosts(noKnownHosts),
                target().withPrivateKey(encrypted.privateKey())
                        .withPassphrase(Passphrase.of("settings.xml server" + " 'prod'", "wrong".toCharArray())),
                target().withPrivateKey(encrypted.privateKey())
                        .withPassphrase(Passphrase.fromEnvironment("X", Map.of())),
                target().withPrivateKey(stranger.privateKey()));
        for (SshTarget target : cases) {
            List<String> messages = new ArrayList<>();
            for (SshLibrary library : SshLibrary.values()) {
                try (Transport t = library.connect(target, e -> {})) {
                    messages.add("connected");
                } catch (java.io.IOException e) {
                    messages.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            assertThat(messages.get(0)).isNotEqualTo("connected").isEqualTo(messages.get(1));
        }
        // the changed key, last: it replaces the server's keys
        SshTarget before = target();
        server.replaceHostKeys();
        List<String> messages = new ArrayList<>();
        for (SshLibrary library : SshLibrary.values()) {
            try (Transport t = library.connect(before, e -> {})) {
                messages.add("connected");
            } catch (HostKeyRejectedException e) {
                messages.add(e.getMessage());
            }
        }
        assertThat(messages.get(0)).startsWith("HOST KEY CHANGED").isEqualTo(messages.get(1));
    }

    @Test
    void unknownTransportNameIsAClearError() {
        assertThat(SshLibrary.fromHostVariable(null)).isEqualTo(SshLibrary.SSHJ);
        assertThat(SshLibrary.fromHostVariable(" JSch ")).isEqualTo(SshLibrary.JSCH);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SshLibrary.fromHostVariable("paramiko"))
                .hasMessageContaining("chatgeist_transport: 'paramiko'")
                .hasMessageContaining("sshj");
    }
}
