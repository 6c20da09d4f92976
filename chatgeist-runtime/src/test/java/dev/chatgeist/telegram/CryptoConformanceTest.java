package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.telegram.mtproto.AesIge;
import dev.chatgeist.telegram.mtproto.AuthKey;
import dev.chatgeist.telegram.mtproto.AuthKeyExchange;
import dev.chatgeist.telegram.mtproto.Bytes;
import dev.chatgeist.telegram.mtproto.DhPrime;
import dev.chatgeist.telegram.mtproto.MessageCrypto;
import dev.chatgeist.telegram.mtproto.PqFactor;
import dev.chatgeist.telegram.mtproto.RsaKey;
import dev.chatgeist.telegram.mtproto.Srp;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Our AES-IGE, KDF, auth key, SRP and RSA key values against GramJS 2.26.22 and Telegram's documented examples. */
class CryptoConformanceTest {
    /** Telegram's 2048-bit DH prime (the one its servers send), g = 3. */
    static final BigInteger PRIME = new BigInteger(
            "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f"
                    + "48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746"
                    + "512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051"
                    + "907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9c"
                    + "a3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d0"
                    + "4b2454bf6f4fadf034b10403119cd8e3b92fcc5b",
            16);

    @RegisterExtension
    static final GramJsOracleExtension GRAMJS = new GramJsOracleExtension();

    final Random random = new Random(7);

    static GramJsOracle gramjs() {
        return GRAMJS.oracle();
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void aesIgeEqualsGramJsBothWays() throws Exception {
        for (int blocks : new int[] {1, 2, 7, 64}) {
            byte[] key = bytes(32);
            byte[] iv = bytes(32);
            byte[] data = bytes(16 * blocks);
            JsonNode enc = gramjs().ask(gramjs().op("ige")
                    .put("key", Bytes.hex(key))
                    .put("iv", Bytes.hex(iv))
                    .put("data", Bytes.hex(data))
                    .put("decrypt", false));
            assertThat(Bytes.hex(AesIge.encrypt(data, key, iv)))
                    .isEqualTo(enc.path("hex").asText());
            JsonNode dec = gramjs().ask(gramjs().op("ige")
                    .put("key", Bytes.hex(key))
                    .put("iv", Bytes.hex(iv))
                    .put("data", Bytes.hex(data))
                    .put("decrypt", true));
            assertThat(Bytes.hex(AesIge.decrypt(data, key, iv)))
                    .isEqualTo(dec.path("hex").asText());
            assertThat(AesIge.decrypt(AesIge.encrypt(data, key, iv), key, iv)).isEqualTo(data);
        }
    }

    @Test
    void messageKeyDerivationEqualsGramJsForBothDirections() throws Exception {
        for (int i = 0; i < 4; i++) {
            AuthKey authKey = new AuthKey(bytes(256));
            byte[] msgKey = bytes(16);
            for (boolean client : new boolean[] {true, false}) {
                JsonNode r = gramjs().ask(gramjs().op("kdf")
                        .put("authKey", Bytes.hex(authKey.bytes()))
                        .put("msgKey", Bytes.hex(msgKey))
                        .put("client", client));
                MessageCrypto.KeyIv ki = MessageCrypto.kdf(authKey, msgKey, client);
                assertThat(Bytes.hex(ki.key())).isEqualTo(r.path("key").asText());
                assertThat(Bytes.hex(ki.iv())).isEqualTo(r.path("iv").asText());
            }
        }
    }

    @Test
    void authKeyIdAuxHashNewNonceHashAndTemporaryKeysEqualGramJs() throws Exception {
        for (int i = 0; i < 4; i++) {
            byte[] key = bytes(256);
            byte[] newNonce = bytes(32);
            byte[] serverNonce = bytes(16);
            AuthKey authKey = new AuthKey(key);
            JsonNode r = gramjs().ask(
                            gramjs().op("authKey").put("key", Bytes.hex(key)).put("newNonce", Bytes.hex(newNonce)));
            assertThat(Long.toUnsignedString(authKey.id()))
                    .isEqualTo(r.path("keyId").asText());
            assertThat(Long.toUnsignedString(authKey.auxHash()))
                    .isEqualTo(r.path("auxHash").asText());
            assertThat(Bytes.hex(AuthKeyExchange.newNonceHash(newNonce, 1, Bytes.longLe(authKey.auxHash()))))
                    .isEqualTo(r.path("newNonceHash1").asText());
            JsonNode tmp = gramjs().ask(gramjs().op("tmpAes")
                    .put("serverNonce", Bytes.hex(serverNonce))
                    .put("newNonce", Bytes.hex(newNonce)));
            MessageCrypto.KeyIv ki = AuthKeyExchange.temporaryKey(newNonce, serverNonce);
            assertThat(Bytes.hex(ki.key())).isEqualTo(tmp.path("key").asText());
            assertThat(Bytes.hex(ki.iv())).isEqualTo(tmp.path("iv").asText());
        }
    }

    @Test
    void srpAnswerEqualsGramJsComputeCheckForTheSameSecret() throws Exception {
        for (String password : new String[] {"correct horse battery", "пароль з юнікодом ✓"}) {
            byte[] salt1 = bytes(40);
            byte[] salt2 = bytes(16);
            BigInteger b = new BigInteger(1, bytes(256));
            byte[] srpB = Bytes.unsigned(BigInteger.valueOf(3).modPow(b, PRIME), 256);
            byte[] a = bytes(256);
            long srpId = random.nextLong();
            JsonNode r = gramjs().ask(gramjs().op("srp")
                    .put("password", password)
                    .put("salt1", Bytes.hex(salt1))
                    .put("salt2", Bytes.hex(salt2))
                    .put("g", 3)
                    .put("p", Bytes.hex(Bytes.unsigned(PRIME, 256)))
                    .put("srpB", Bytes.hex(srpB))
                    .put("srpId", Long.toString(srpId))
                    .put("a", Bytes.hex(a)));
            Srp.Answer mine = Srp.answer(
                    new Srp.Params(salt1, salt2, 3, Bytes.unsigned(PRIME, 256), srpB, srpId),
                    password.toCharArray(),
                    a);
            assertThat(Bytes.hex(mine.a())).isEqualTo(r.path("A").asText());
            assertThat(Bytes.hex(mine.m1())).isEqualTo(r.path("M1").asText());
            assertThat(Long.toString(mine.srpId())).isEqualTo(r.path("srpId").asText());
        }
    }

    @Test
    void theBuiltInTelegramKeyIsTheOneGramJsTrustsWithTheDocumentedFingerprint() throws Exception {
        RsaKey key = RsaKey.TELEGRAM_PRODUCTION;
        assertThat(key.fingerprint()).isEqualTo(0xd09d1d85de64fd85L);
        boolean found = false;
        for (JsonNode k : gramjs().ask(gramjs().op("serverKeys")).path("keys")) {
            if (k.path("fingerprint").asLong() == key.fingerprint()) {
                assertThat(new BigInteger(k.path("n").asText())).isEqualTo(key.modulus());
                assertThat(k.path("e").asInt()).isEqualTo(key.exponent().intValue());
                found = true;
            }
        }
        assertThat(found).isTrue();
        // and every key GramJS trusts (production and test DCs, as TDLib and Telegram Desktop) is built in
        assertThat(RsaKey.builtIn().stream().map(RsaKey::fingerprint).toList())
                .containsExactlyInAnyOrderElementsOf(
                        gramjs().ask(gramjs().op("serverKeys")).path("keys").findValues("fingerprint").stream()
                                .map(JsonNode::asLong)
                                .toList());
    }

    @Test
    void pqFromTelegramsAuthKeySampleIsFactored() {
        // core.telegram.org/mtproto/samples-auth_key: pq = 0x17ED48941A08F981 = 0x494C553B * 0x53911073
        assertThat(PqFactor.smallerFactor(0x17ED48941A08F981L)).isEqualTo(0x494C553BL);
        long p = 1_000_000_007L;
        long q = 2_147_483_647L;
        assertThat(PqFactor.smallerFactor(p * q)).isEqualTo(p);
    }

    @Test
    void diffieHellmanParametersAreCheckedAsTheSpecRequires() {
        DhPrime.check(3, PRIME);
        assertThatThrownBy(() -> DhPrime.check(2, PRIME)).isInstanceOf(SecurityException.class); // p mod 8 != 7
        assertThatThrownBy(() -> DhPrime.check(3, PRIME.add(BigInteger.TWO))).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> DhPrime.checkExchanged(BigInteger.ONE, PRIME, "g_a"))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> DhPrime.checkExchanged(PRIME.subtract(BigInteger.ONE), PRIME, "g_a"))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> DhPrime.checkExchanged(BigInteger.TWO.pow(1980), PRIME, "g_a"))
                .isInstanceOf(SecurityException.class); // below 2^(2048-64)
        DhPrime.checkExchanged(BigInteger.valueOf(3).modPow(new BigInteger(1, bytes(256)), PRIME), PRIME, "g_a");
    }

    @Test
    void aMessageEncryptedForTheServerDecryptsOnlyWithTheRightDirectionAndKey() {
        AuthKey key = new AuthKey(bytes(256));
        byte[] padded = MessageCrypto.pad(bytes(100), new java.security.SecureRandom());
        assertThat(padded.length % 16).isZero();
        assertThat(padded.length - 100).isBetween(12, 1024);
        byte[] packet = MessageCrypto.encrypt(key, padded, true);
        assertThat(MessageCrypto.decrypt(key, packet, true)).isEqualTo(padded);
        assertThatThrownBy(() -> MessageCrypto.decrypt(key, packet, false)).isInstanceOf(SecurityException.class);
        packet[40] ^= 1;
        assertThatThrownBy(() -> MessageCrypto.decrypt(key, packet, true)).isInstanceOf(SecurityException.class);
    }
}
