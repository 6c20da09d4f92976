package dev.chatgeist.telegram.mtproto;

import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlReader;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.TlWriter;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;

/**
 * Creates a permanent auth key with a DC (https://core.telegram.org/mtproto/auth_key): req_pq_multi, RSA_PAD'ed
 * p_q_inner_data_dc, DH with the server's checked parameters, and the new_nonce_hash confirmation.
 */
public final class AuthKeyExchange {
    /** The key, the first server salt, and the server's clock offset. */
    public record Result(AuthKey authKey, long serverSalt, long timeOffsetSeconds) {
    }

    private static final int MAX_RETRIES = 5;

    private final TlSchema schema;
    private final Transport transport;
    private final List<RsaKey> trustedKeys;
    private final SecureRandom random;
    private final MessageIds ids = new MessageIds(0);

    public AuthKeyExchange(TlSchema schema, Transport transport, List<RsaKey> trustedKeys, SecureRandom random) {
        this.schema = schema;
        this.transport = transport;
        this.trustedKeys = trustedKeys;
        this.random = random;
    }

    public Result run(int dcId) throws IOException {
        byte[] nonce = Bytes.random(random, 16);
        TlObject resPq = call(schema.make("req_pq_multi", "nonce", nonce));
        expect(resPq, "resPQ");
        checkNonce(nonce, resPq.getBytes("nonce"), "resPQ");
        byte[] serverNonce = resPq.getBytes("server_nonce");

        RsaKey key = null;
        long fingerprint = 0;
        for (Object f : resPq.getList("server_public_key_fingerprints")) {
            for (RsaKey k : trustedKeys) {
                if (k.fingerprint() == (Long) f) {
                    key = k;
                    fingerprint = (Long) f;
                }
            }
            if (key != null) {
                break;
            }
        }
        if (key == null) {
            throw new SecurityException("the server offered no RSA key that this client trusts (fingerprints "
                    + resPq.getList("server_public_key_fingerprints") + "); set TELEGRAM_SERVER_KEY to its public key");
        }

        byte[] pqBytes = resPq.getBytes("pq");
        long pq = Bytes.number(pqBytes).longValueExact();
        long p = PqFactor.smallerFactor(pq);
        long q = pq / p;
        byte[] pB = Bytes.unsigned(BigInteger.valueOf(p));
        byte[] qB = Bytes.unsigned(BigInteger.valueOf(q));
        byte[] newNonce = Bytes.random(random, 32);
        byte[] inner = TlWriter.serialize(schema.make("p_q_inner_data_dc", "pq", pqBytes, "p", pB, "q", qB,
                "nonce", nonce, "server_nonce", serverNonce, "new_nonce", newNonce, "dc", dcId));
        byte[] encrypted = RsaPad.encrypt(inner, key, random);
        TlObject dhParams = call(schema.make("req_DH_params", "nonce", nonce, "server_nonce", serverNonce,
                "p", pB, "q", qB, "public_key_fingerprint", fingerprint, "encrypted_data", encrypted));
        checkNonce(nonce, dhParams.getBytes("nonce"), "server_DH_params");
        checkNonce(serverNonce, dhParams.getBytes("server_nonce"), "server_DH_params");
        if (dhParams.is("server_DH_params_fail")) {
            throw new SecurityException("the server refused the DH parameters request");
        }
        expect(dhParams, "server_DH_params_ok");

        MessageCrypto.KeyIv tmp = temporaryKey(newNonce, serverNonce);
        byte[] tmpAesKey = tmp.key();
        byte[] tmpAesIv = tmp.iv();
        byte[] encryptedAnswer = dhParams.getBytes("encrypted_answer");
        if (encryptedAnswer.length % 16 != 0) {
            throw new SecurityException("encrypted DH answer is not a multiple of 16 bytes");
        }
        byte[] answerWithHash = AesIge.decrypt(encryptedAnswer, tmpAesKey, tmpAesIv);
        TlReader r = new TlReader(schema, answerWithHash, 20, answerWithHash.length - 20);
        TlObject dhInner = r.readObject();
        int answerLength = r.position() - 20;
        if (!MessageDigest.isEqual(Bytes.slice(answerWithHash, 0, 20), Bytes.sha1(Bytes.slice(answerWithHash, 20, 20 + answerLength)))
                || answerWithHash.length - 20 - answerLength >= 16) {
            throw new SecurityException("the DH answer's hash does not match");
        }
        expect(dhInner, "server_DH_inner_data");
        checkNonce(nonce, dhInner.getBytes("nonce"), "server_DH_inner_data");
        checkNonce(serverNonce, dhInner.getBytes("server_nonce"), "server_DH_inner_data");
        BigInteger dhPrime = Bytes.number(dhInner.getBytes("dh_prime"));
        int g = dhInner.getInt("g");
        DhPrime.check(g, dhPrime);
        BigInteger gA = Bytes.number(dhInner.getBytes("g_a"));
        DhPrime.checkExchanged(gA, dhPrime, "g_a");
        long timeOffset = dhInner.getInt("server_time") - System.currentTimeMillis() / 1000;

        long retryId = 0;
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            BigInteger b = Bytes.number(Bytes.random(random, 256));
            BigInteger gB = BigInteger.valueOf(g).modPow(b, dhPrime);
            DhPrime.checkExchanged(gB, dhPrime, "g_b");
            byte[] clientInner = TlWriter.serialize(schema.make("client_DH_inner_data", "nonce", nonce,
                    "server_nonce", serverNonce, "retry_id", retryId, "g_b", Bytes.unsigned(gB)));
            byte[] withHash = Bytes.concat(Bytes.sha1(clientInner), clientInner);
            int pad = (16 - withHash.length % 16) % 16;
            withHash = Bytes.concat(withHash, Bytes.random(random, pad));
            TlObject answer = call(schema.make("set_client_DH_params", "nonce", nonce, "server_nonce", serverNonce,
                    "encrypted_data", AesIge.encrypt(withHash, tmpAesKey, tmpAesIv)));
            checkNonce(nonce, answer.getBytes("nonce"), answer.name());
            checkNonce(serverNonce, answer.getBytes("server_nonce"), answer.name());
            AuthKey authKey = new AuthKey(Bytes.unsigned(gA.modPow(b, dhPrime), 256));
            byte[] aux = Bytes.longLe(authKey.auxHash());
            switch (answer.name()) {
                case "dh_gen_ok" -> {
                    checkNonce(newNonceHash(newNonce, 1, aux), answer.getBytes("new_nonce_hash1"), "dh_gen_ok");
                    long salt = Bytes.longLe(Bytes.xor(Bytes.slice(newNonce, 0, 8), Bytes.slice(serverNonce, 0, 8)), 0);
                    return new Result(authKey, salt, timeOffset);
                }
                case "dh_gen_retry" -> {
                    checkNonce(newNonceHash(newNonce, 2, aux), answer.getBytes("new_nonce_hash2"), "dh_gen_retry");
                    retryId = authKey.auxHash();
                }
                case "dh_gen_fail" -> throw new SecurityException("the server failed the DH key exchange");
                default -> throw new SecurityException("unexpected answer " + answer.name() + " to set_client_DH_params");
            }
        }
        throw new SecurityException("the server asked to retry the DH exchange too often");
    }

    /** The AES key and IV that protect the DH exchange, derived from new_nonce and server_nonce. */
    public static MessageCrypto.KeyIv temporaryKey(byte[] newNonce, byte[] serverNonce) {
        byte[] key = Bytes.concat(Bytes.sha1(newNonce, serverNonce), Bytes.slice(Bytes.sha1(serverNonce, newNonce), 0, 12));
        byte[] iv = Bytes.concat(Bytes.slice(Bytes.sha1(serverNonce, newNonce), 12, 20), Bytes.sha1(newNonce, newNonce),
                Bytes.slice(newNonce, 0, 4));
        return new MessageCrypto.KeyIv(key, iv);
    }

    /** The low 128 bits of SHA1(new_nonce + number + auth_key_aux_hash). */
    public static byte[] newNonceHash(byte[] newNonce, int number, byte[] auxHash) {
        byte[] sha = Bytes.sha1(newNonce, new byte[] {(byte) number}, auxHash);
        return Bytes.slice(sha, 4, 20);
    }

    private TlObject call(TlObject request) throws IOException {
        byte[] body = TlWriter.serialize(request);
        TlWriter w = new TlWriter(body.length + 20);
        w.writeLong(0).writeLong(ids.next()).writeInt(body.length).writeRaw(body);
        transport.send(w.toByteArray());
        byte[] packet = transport.receive();
        if (packet.length < 20 || Bytes.longLe(packet, 0) != 0) {
            throw new SecurityException("expected an unencrypted message during the key exchange");
        }
        int length = Bytes.intLe(packet, 16);
        if (length < 0 || length > packet.length - 20) {
            throw new SecurityException("invalid message length in the key exchange");
        }
        return new TlReader(schema, packet, 20, length).readObject();
    }

    private static void expect(TlObject o, String name) {
        if (!o.is(name)) {
            throw new SecurityException("expected " + name + " from the server, got " + o.name());
        }
    }

    private static void checkNonce(byte[] expected, byte[] actual, String where) {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new SecurityException("nonce mismatch in " + where);
        }
    }
}
