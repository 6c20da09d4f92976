package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.client.DcAddress;
import dev.chatgeist.telegram.client.ProxySetting;
import dev.chatgeist.telegram.client.TelegramSettings;
import dev.chatgeist.telegram.mtproto.RsaKey;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelegramSettingsTest {
    static final String HASH = "0123456789abcdef0123456789ABCDEF";

    @Test
    void dcAddressesParseAndBadOnesAreExplained() {
        assertThat(DcAddress.parse("2@149.154.167.51:443")).isEqualTo(new DcAddress(2, "149.154.167.51", 443));
        assertThat(DcAddress.parse(" 4@[::1]:8443 ")).isEqualTo(new DcAddress(4, "::1", 8443));
        assertThatThrownBy(() -> DcAddress.parse("149.154.167.51:443"))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("<dc id>@<host>:<port>");
        assertThatThrownBy(() -> DcAddress.parse("2@host:70000")).hasMessageContaining("out of range");
    }

    @Test
    void credentialsAreCheckedWithoutEverShowingTheHash() {
        TelegramSettings s =
                TelegramSettings.from(Settings.of(Map.of("TELEGRAM_API_ID", "12345", "TELEGRAM_API_HASH", HASH)));
        assertThat(s.apiId()).isEqualTo(12345);
        assertThat(s.firstDc()).isEmpty();
        assertThat(s.serverKeys()).containsExactly(RsaKey.TELEGRAM_PRODUCTION, RsaKey.TELEGRAM_TEST);
        assertThat(s.proxy()).isEmpty();
        assertThat(s.ipv6()).isFalse();
        assertThat(s.toString()).doesNotContain(HASH).doesNotContain(HASH.toLowerCase());
        assertThatThrownBy(() -> TelegramSettings.from(Settings.of(Map.of("TELEGRAM_API_HASH", HASH))))
                .hasMessageContaining("TELEGRAM_API_ID is not set")
                .hasMessageContaining("my.telegram.org");
        assertThatThrownBy(() ->
                        TelegramSettings.from(Settings.of(Map.of("TELEGRAM_API_ID", "abc", "TELEGRAM_API_HASH", HASH))))
                .hasMessageContaining("must be the number");
    }

    @Test
    void aServerKeyFromPemIsTrustedFirstInBothPemForms(@TempDir Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        RSAPublicKey pub = (RSAPublicKey) g.generateKeyPair().getPublic();
        Path x509 = dir.resolve("x509.pem");
        Files.writeString(
                x509,
                "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pub.getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        TelegramSettings s = TelegramSettings.from(Settings.of(Map.of(
                "TELEGRAM_API_ID",
                "1",
                "TELEGRAM_API_HASH",
                HASH,
                "TELEGRAM_SERVER_KEY",
                x509.toString(),
                "TELEGRAM_DC",
                "1@127.0.0.1:4000")));
        assertThat(s.serverKeys().get(0)).isEqualTo(new RsaKey(pub.getModulus(), pub.getPublicExponent()));
        assertThat(s.firstDc()).contains(new DcAddress(1, "127.0.0.1", 4000));

        // PKCS#1 "RSA PUBLIC KEY" (what Telegram publishes): SEQUENCE { INTEGER n, INTEGER e }
        byte[] n = pub.getModulus().toByteArray();
        byte[] e = pub.getPublicExponent().toByteArray();
        byte[] body = concat(der(0x02, n), der(0x02, e));
        Path pkcs1 = dir.resolve("pkcs1.pem");
        Files.writeString(
                pkcs1,
                "-----BEGIN RSA PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der(0x30, body))
                        + "\n-----END RSA PUBLIC KEY-----\n");
        assertThat(RsaKey.fromPem(Files.readString(pkcs1)).modulus()).isEqualTo(pub.getModulus());

        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "hello");
        assertThatThrownBy(() -> TelegramSettings.from(Settings.of(Map.of(
                        "TELEGRAM_API_ID", "1", "TELEGRAM_API_HASH", HASH, "TELEGRAM_SERVER_KEY", junk.toString()))))
                .hasMessageContaining("TELEGRAM_SERVER_KEY");
        assertThat(new BigInteger(1, n).signum()).isPositive();
    }

    @Test
    void proxyAndIpv6SettingsAreReadAndBadOnesExplained() {
        Map<String, String> base = Map.of("TELEGRAM_API_ID", "1", "TELEGRAM_API_HASH", HASH);
        java.util.function.Function<Map<String, String>, TelegramSettings> with = extra -> {
            Map<String, String> all = new java.util.HashMap<>(base);
            all.putAll(extra);
            return TelegramSettings.from(Settings.of(all));
        };
        TelegramSettings s =
                with.apply(Map.of("TELEGRAM_PROXY", "socks5://u:topsecret@10.0.0.1:1080", "TELEGRAM_IPV6", "1"));
        assertThat(s.proxy()).contains(ProxySetting.parse("socks5://u:topsecret@10.0.0.1:1080"));
        assertThat(s.ipv6()).isTrue();
        assertThat(s.toString()).contains("socks5://u:***@10.0.0.1:1080").doesNotContain("topsecret");
        assertThatThrownBy(() -> with.apply(Map.of("TELEGRAM_IPV6", "maybe")))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("TELEGRAM_IPV6='maybe' must be 1");
    }

    private static byte[] der(int tag, byte[] content) {
        int len = content.length;
        byte[] header = len < 128
                ? new byte[] {(byte) tag, (byte) len}
                : new byte[] {(byte) tag, (byte) 0x82, (byte) (len >> 8), (byte) len};
        return concat(header, content);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
