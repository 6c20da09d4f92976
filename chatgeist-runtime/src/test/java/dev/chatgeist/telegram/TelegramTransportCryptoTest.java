package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.client.ProxySetting;
import dev.chatgeist.telegram.client.TelegramSettings;
import dev.chatgeist.telegram.mtproto.Bytes;
import dev.chatgeist.telegram.mtproto.MtProxySecret;
import dev.chatgeist.telegram.mtproto.Obfuscation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The obfuscation layer and MTProxy keys byte for byte against GramJS 2.26.22 (TCPObfuscated.js, TCPMTProxy.js), the
 * header rules of core.telegram.org/mtproto/mtproto-transports, and the TELEGRAM_TRANSPORT / TELEGRAM_PROXY
 * settings.
 */
class TelegramTransportCryptoTest {
    static final String HASH = "0123456789abcdef0123456789abcdef";

    @RegisterExtension
    static final GramJsOracleExtension GRAMJS = new GramJsOracleExtension();

    final Random random = new Random(11);

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static byte[] le(int v) {
        return Bytes.slice(Bytes.longLe(v), 0, 4);
    }

    /** 64 bytes a client may open with: the rules are GramJS's too, else GramJS would pick other bytes. */
    byte[] usableHeaderRandom() {
        byte[] r = bytes(64);
        r[0] = 0x12;
        r[4] = 0x34;
        return r;
    }

    JsonNode gramjs(byte[] r, int tag, int dc, String secret, byte[] clientData, byte[] serverData) throws Exception {
        GramJsOracle o = GRAMJS.oracle();
        var q = o.op("obfuscation")
                .put("random", Bytes.hex(r))
                .put("tag", Bytes.hex(le(tag)))
                .put("dc", dc)
                .put("clientData", Bytes.hex(clientData))
                .put("serverData", Bytes.hex(serverData));
        if (secret != null) {
            q.put("secret", secret);
        }
        return o.ask(q);
    }

    static byte[] encrypt(Obfuscation o, byte[] data) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = o.encrypting(sink)) {
            // in pieces: the CTR stream must continue across writes as GramJS's "continuous buffer" does
            out.write(data, 0, 5);
            out.write(data, 5, data.length - 5);
        }
        return sink.toByteArray();
    }

    static byte[] decrypt(Obfuscation o, byte[] data) throws Exception {
        try (InputStream in = o.decrypting(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    @Test
    void directObfuscationHeaderAndBothStreamsEqualGramJs() throws Exception {
        for (int tag :
                new int[] {Obfuscation.TAG_ABRIDGED, Obfuscation.TAG_INTERMEDIATE, Obfuscation.TAG_PADDED_INTERMEDIATE
                }) {
            for (int dc : new int[] {1, 2, 5}) {
                byte[] r = usableHeaderRandom();
                // GramJS leaves bytes 60..61 random; TDLib and Telegram Desktop put the DC id there (int16 LE)
                r[60] = (byte) dc;
                r[61] = 0;
                byte[] clientData = bytes(300);
                byte[] serverData = bytes(1000);
                JsonNode g = gramjs(r, tag, dc, null, clientData, serverData);
                Obfuscation o = Obfuscation.fromRandom(r, tag, dc, null);
                assertThat(Bytes.hex(o.header())).isEqualTo(g.path("header").asText());
                assertThat(Bytes.hex(encrypt(o, clientData)))
                        .isEqualTo(g.path("encrypted").asText());
                assertThat(Bytes.hex(decrypt(o, serverData)))
                        .isEqualTo(g.path("decrypted").asText());
            }
        }
    }

    @Test
    void mtProxyKeysAreTheSha256OfKeyAndSecretAsInGramJs() throws Exception {
        for (int dc : new int[] {1, 4}) {
            byte[] key = bytes(16);
            byte[] r = usableHeaderRandom();
            byte[] clientData = bytes(64);
            byte[] serverData = bytes(64);
            for (String published : List.of(Bytes.hex(key), "dd" + Bytes.hex(key))) {
                Obfuscation o = Obfuscation.fromRandom(r, Obfuscation.TAG_ABRIDGED, dc, key);
                // the dd prefix is a mark for the client, not part of the key
                assertThat(MtProxySecret.parse(published).key()).isEqualTo(key);
                JsonNode g = gramjs(r, Obfuscation.TAG_ABRIDGED, dc, published, clientData, serverData);
                assertThat(Bytes.hex(o.header())).isEqualTo(g.path("header").asText());
                assertThat(Bytes.hex(encrypt(o, clientData)))
                        .isEqualTo(g.path("encrypted").asText());
                assertThat(Bytes.hex(decrypt(o, serverData)))
                        .isEqualTo(g.path("decrypted").asText());
            }
            // without the secret the same random gives other keys
            assertThat(Obfuscation.fromRandom(r, Obfuscation.TAG_ABRIDGED, dc, null)
                            .header())
                    .isNotEqualTo(Obfuscation.fromRandom(r, Obfuscation.TAG_ABRIDGED, dc, key)
                            .header());
        }
    }

    /** Gives the 64-byte blocks it holds, in order. */
    static final class ScriptedRandom extends SecureRandom {
        private static final long serialVersionUID = 1;
        private final transient Deque<byte[]> blocks;

        ScriptedRandom(List<byte[]> blocks) {
            this.blocks = new ArrayDeque<>(blocks);
        }

        @Override
        public void nextBytes(byte[] b) {
            System.arraycopy(blocks.removeFirst(), 0, b, 0, b.length);
        }
    }

    @Test
    void headersAServerWouldTakeForAnotherProtocolAreNeverSent() {
        byte[] good = usableHeaderRandom();
        List<byte[]> refused = new java.util.ArrayList<>();
        // abridged's 0xef; a zero second int (the full transport's seqno 0); HTTP verbs, plain tags and TLS
        for (String first : List.of(
                "ef000000",
                "01020304",
                "48454144",
                "504f5354",
                "47455420",
                "4f505449",
                "eeeeeeee",
                "dddddddd",
                "16030102")) {
            byte[] r = usableHeaderRandom();
            System.arraycopy(Bytes.unhex(first), 0, r, 0, 4);
            if (first.equals("01020304")) {
                java.util.Arrays.fill(r, 4, 8, (byte) 0);
            }
            refused.add(r);
        }
        List<byte[]> script = new java.util.ArrayList<>(refused);
        script.add(good);
        Obfuscation o = Obfuscation.create(new ScriptedRandom(script), Obfuscation.TAG_PADDED_INTERMEDIATE, 2, null);
        assertThat(Bytes.slice(o.header(), 0, 56)).isEqualTo(Bytes.slice(good, 0, 56));
        // the tag and DC id are not visible on the wire
        byte[] plainTail = Bytes.concat(le(Obfuscation.TAG_PADDED_INTERMEDIATE), new byte[] {2, 0});
        assertThat(Bytes.slice(o.header(), 56, 62)).isNotEqualTo(plainTail);
    }

    @Test
    void mtProxySecretsInEveryPublishedForm() {
        String key = "00112233445566778899aabbccddeeff";
        assertThat(MtProxySecret.parse(key).mode()).isEqualTo(MtProxySecret.Mode.PLAIN);
        assertThat(MtProxySecret.parse("DD" + key.toUpperCase(java.util.Locale.ROOT))
                        .mode())
                .isEqualTo(MtProxySecret.Mode.PADDED);
        String domainHex = Bytes.hex("www.example.com".getBytes(StandardCharsets.US_ASCII));
        MtProxySecret tls = MtProxySecret.parse("ee" + key + domainHex);
        assertThat(tls.mode()).isEqualTo(MtProxySecret.Mode.FAKE_TLS);
        assertThat(tls.tlsDomain()).isEqualTo("www.example.com");
        assertThat(Bytes.hex(tls.key())).isEqualTo(key);
        // proxies also share ee secrets in base64url
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(Bytes.unhex("ee" + key + domainHex));
        assertThat(MtProxySecret.parse(b64).tlsDomain()).isEqualTo("www.example.com");
        assertThat(tls.toString()).doesNotContain(key);
        assertThatThrownBy(() -> MtProxySecret.parse("abcd" + key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 hexadecimal digits")
                .hasMessageNotContaining(key);
    }

    static TelegramSettings settings(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("TELEGRAM_API_ID", "12345", "TELEGRAM_API_HASH", HASH));
        env.putAll(extra);
        return TelegramSettings.from(Settings.of(env));
    }

    @Test
    void obfuscatedIsTheDefaultTransportAndIntermediateCanBeChosen() {
        assertThat(settings(Map.of()).transport()).isEqualTo(TelegramSettings.TransportKind.OBFUSCATED);
        assertThat(settings(Map.of("TELEGRAM_TRANSPORT", "Intermediate")).transport())
                .isEqualTo(TelegramSettings.TransportKind.INTERMEDIATE);
        assertThatThrownBy(() -> settings(Map.of("TELEGRAM_TRANSPORT", "websocket")))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("TELEGRAM_TRANSPORT='websocket'")
                .hasMessageContaining("obfuscated")
                .hasMessageContaining("intermediate");
    }

    @Test
    void mtProxySettingIsParsedAndMistakesNeverEchoTheSecret() {
        String secret = "dd00112233445566778899aabbccddeeff";
        TelegramSettings s = settings(Map.of("TELEGRAM_PROXY", "mtproxy://" + secret + "@proxy.example.com:443"));
        ProxySetting.MtProxy p = (ProxySetting.MtProxy) s.proxy().orElseThrow();
        assertThat(p.where()).isEqualTo("proxy.example.com:443");
        assertThat(p.secret().mode()).isEqualTo(MtProxySecret.Mode.PADDED);
        assertThat(s.toString()).contains("proxy.example.com:443").doesNotContain(secret.substring(2));
        assertThat(ProxySetting.parse("mtproxy://" + secret + "@[2001:db8::1]:8443")
                        .toString())
                .isEqualTo("mtproxy://***@[2001:db8::1]:8443");
        assertThat(settings(Map.of("TELEGRAM_PROXY", " ")).proxy()).isEmpty();
        for (String bad : List.of(
                "mtproxy://" + secret + "@proxy.example.com",
                "mtproto://" + secret + "@proxy.example.com:443",
                "tg://proxy?server=proxy.example.com&port=443&secret=" + secret)) {
            assertThatThrownBy(() -> settings(Map.of("TELEGRAM_PROXY", bad)))
                    .isInstanceOf(UserException.class)
                    .hasMessageContaining("TELEGRAM_PROXY")
                    .hasMessageContaining("mtproxy://<secret>@<host>:<port>")
                    .hasMessageNotContaining(secret.substring(2));
        }
        assertThatThrownBy(() -> settings(Map.of("TELEGRAM_PROXY", "mtproxy://0011@proxy.example.com:443")))
                .hasMessageContaining("32 hexadecimal digits")
                .hasMessageContaining("tg://proxy");
        assertThatThrownBy(() -> settings(Map.of("TELEGRAM_PROXY", "mtproxy://" + secret + "@proxy.example.com:0")))
                .hasMessageContaining("out of range");
    }
}
