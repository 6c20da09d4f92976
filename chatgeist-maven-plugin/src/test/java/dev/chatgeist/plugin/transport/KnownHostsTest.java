package dev.chatgeist.plugin.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** known_hosts read as ssh(1) reads it; the real ssh-keygen/ssh cross-checks are in SshTransportContract. */
class KnownHostsTest {
    @TempDir
    Path dir;

    private static SshPublicKey key(String type, int seed) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(4 + typeBytes.length + 4 + 32);
        b.putInt(typeBytes.length).put(typeBytes).putInt(32);
        for (int i = 0; i < 32; i++) {
            b.put((byte) (seed + i));
        }
        return SshPublicKey.fromBlob(b.array());
    }

    private KnownHosts file(String text) throws Exception {
        Path f = dir.resolve("known_hosts");
        Files.writeString(f, text);
        return KnownHosts.load(f);
    }

    @Test
    void portTwentyTwoIsThePlainNameOtherPortsAreBracketed() {
        assertThat(KnownHosts.hostName("Server.Example", 22)).isEqualTo("server.example");
        assertThat(KnownHosts.hostName("127.0.0.1", 2222)).isEqualTo("[127.0.0.1]:2222");
    }

    @Test
    void verdictsTrustedUnknownChangedRevoked() throws Exception {
        SshPublicKey good = key("ssh-ed25519", 1);
        SshPublicKey other = key("ssh-ed25519", 2);
        KnownHosts kh = file("# comment\n\nsrv,10.0.0.1 ssh-ed25519 " + good.base64() + " comment\n"
                + "@revoked * ssh-ed25519 " + key("ssh-ed25519", 9).base64() + "\n"
                + "@cert-authority *.example ssh-ed25519 " + other.base64() + "\n"
                + "broken line\n");
        assertThat(kh.check("srv", 22, good).verdict()).isEqualTo(KnownHosts.Verdict.TRUSTED);
        assertThat(kh.check("10.0.0.1", 22, good).verdict()).isEqualTo(KnownHosts.Verdict.TRUSTED);
        KnownHosts.Check changed = kh.check("srv", 22, other);
        assertThat(changed.verdict()).isEqualTo(KnownHosts.Verdict.CHANGED);
        assertThat(changed.conflicting().orElseThrow().lineNumber()).isEqualTo(3);
        assertThat(kh.check("srv", 2222, good).verdict()).isEqualTo(KnownHosts.Verdict.UNKNOWN);
        assertThat(kh.check("a.example", 22, other).verdict()).isEqualTo(KnownHosts.Verdict.UNKNOWN);
        assertThat(kh.check("anything", 22, key("ssh-ed25519", 9)).verdict()).isEqualTo(KnownHosts.Verdict.REVOKED);
    }

    @Test
    void aHostKnownOnlyByAnotherKeyTypeCountsAsChanged() throws Exception {
        KnownHosts kh = file("srv ssh-ed25519 " + key("ssh-ed25519", 1).base64() + "\n");
        assertThat(kh.check("srv", 22, key("ecdsa-sha2-nistp256", 1)).verdict()).isEqualTo(KnownHosts.Verdict.CHANGED);
        assertThat(kh.keyTypesFor("srv", 22)).containsExactly("ssh-ed25519");
    }

    @Test
    void wildcardsAndNegation() {
        assertThat(KnownHosts.matches("*.example.org,!bad.example.org", "a.example.org"))
                .isTrue();
        assertThat(KnownHosts.matches("*.example.org,!bad.example.org", "bad.example.org"))
                .isFalse();
        assertThat(KnownHosts.matches("host?", "host1")).isTrue();
        assertThat(KnownHosts.matches("host?", "host12")).isFalse();
        assertThat(KnownHosts.matches("[127.0.0.1]:*", "[127.0.0.1]:2222")).isTrue();
    }

    @Test
    void hashedNamesMatchByHmac() throws Exception {
        byte[] salt = new byte[20];
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) i;
        }
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(salt, "HmacSHA1"));
        String hash = Base64.getEncoder().encodeToString(mac.doFinal("[srv]:2200".getBytes(StandardCharsets.UTF_8)));
        String entry = "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + hash;
        assertThat(KnownHosts.matches(entry, "[srv]:2200")).isTrue();
        assertThat(KnownHosts.matches(entry, "srv")).isFalse();
    }

    @Test
    void appendKeepsTheFileWellFormed() throws Exception {
        Path f = dir.resolve("sub/known_hosts");
        KnownHosts kh = KnownHosts.load(f);
        kh.append("srv", 2222, key("ssh-ed25519", 1));
        Files.writeString(
                f,
                Files.readString(f) + "other ssh-ed25519 "
                        + key("ssh-ed25519", 3).base64());
        KnownHosts.load(f).append("srv2", 22, key("ssh-ed25519", 4));
        assertThat(Files.readAllLines(f)).hasSize(3);
        assertThat(Files.readAllLines(f).get(2)).startsWith("srv2 ssh-ed25519 ");
        assertThat(KnownHosts.load(f).check("srv2", 22, key("ssh-ed25519", 4)).verdict())
                .isEqualTo(KnownHosts.Verdict.TRUSTED);
    }

    @Test
    void fingerprintsAreOpenSshStyle() {
        assertThat(key("ssh-ed25519", 1).fingerprint()).startsWith("SHA256:").doesNotEndWith("=");
        assertThat(key("ssh-ed25519", 1).displayType()).isEqualTo("ED25519");
    }

    @Test
    void passphrasesNeverPrintThemselves() {
        Passphrase p = Passphrase.of("settings.xml server 'prod'", "hunter2".toCharArray());
        assertThat(p.toString()).doesNotContain("hunter2").contains("settings.xml");
        assertThat(new String(p.value().orElseThrow())).isEqualTo("hunter2");
        assertThat(Passphrase.fromEnvironment("X", java.util.Map.of()).value()).isEmpty();
    }
}
