package dev.chatgeist.telegram.mtproto;

import dev.chatgeist.telegram.tl.TlFunction;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlReader;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.TlWriter;
import dev.chatgeist.telegram.tl.api.ClientDHInnerData;
import dev.chatgeist.telegram.tl.api.DhGenFail;
import dev.chatgeist.telegram.tl.api.DhGenOk;
import dev.chatgeist.telegram.tl.api.DhGenRetry;
import dev.chatgeist.telegram.tl.api.PQInnerDataDc;
import dev.chatgeist.telegram.tl.api.ReqDHParams;
import dev.chatgeist.telegram.tl.api.ReqPqMulti;
import dev.chatgeist.telegram.tl.api.ResPQ;
import dev.chatgeist.telegram.tl.api.ServerDHInnerData;
import dev.chatgeist.telegram.tl.api.ServerDHParamsFail;
import dev.chatgeist.telegram.tl.api.ServerDHParamsOk;
import dev.chatgeist.telegram.tl.api.SetClientDHParams;
import dev.chatgeist.telegram.tl.api.TypeServerDHParams;
import dev.chatgeist.telegram.tl.api.TypeSetClientDHParamsAnswer;
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
    public record Result(AuthKey authKey, long serverSalt, long timeOffsetSeconds) {}

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
        ResPQ resPq = expect(call(ReqPqMulti.of(nonce)), ResPQ.class);
        checkNonce(nonce, resPq.nonce(), "resPQ");
        byte[] serverNonce = resPq.serverNonce();

        RsaKey key = null;
        long fingerprint = 0;
        for (long f : resPq.serverPublicKeyFingerprints()) {
            for (RsaKey k : trustedKeys) {
                if (k.fingerprint() == f) {
                    key = k;
                    fingerprint = f;
                }
            }
            if (key != null) {
                break;
            }
        }
        if (key == null) {
            throw new SecurityException("the server offered no RSA key that this client trusts (it offered "
                    + hex(resPq.serverPublicKeyFingerprints()) + ", chatgeist knows " + hex(trustedFingerprints())
                    + "); if this really is Telegram, set TELEGRAM_SERVER_KEY to the PEM file of its public key");
        }

        byte[] pqBytes = resPq.pq();
        long pq = Bytes.number(pqBytes).longValueExact();
        long p = PqFactor.smallerFactor(pq);
        long q = pq / p;
        byte[] pB = Bytes.unsigned(BigInteger.valueOf(p));
        byte[] qB = Bytes.unsigned(BigInteger.valueOf(q));
        byte[] newNonce = Bytes.random(random, 32);
        byte[] inner = TlWriter.serialize(PQInnerDataDc.of(pqBytes, pB, qB, nonce, serverNonce, newNonce, dcId));
        byte[] encrypted = RsaPad.encrypt(inner, key, random);
        TypeServerDHParams dhAnswer = call(ReqDHParams.of(nonce, serverNonce, pB, qB, fingerprint, encrypted));
        checkNonce(nonce, dhAnswer.nonce(), "server_DH_params");
        checkNonce(serverNonce, dhAnswer.serverNonce(), "server_DH_params");
        if (dhAnswer instanceof ServerDHParamsFail) {
            throw new SecurityException("the server refused the DH parameters request");
        }
        ServerDHParamsOk dhParams = expect(dhAnswer, ServerDHParamsOk.class);

        MessageCrypto.KeyIv tmp = temporaryKey(newNonce, serverNonce);
        byte[] tmpAesKey = tmp.key();
        byte[] tmpAesIv = tmp.iv();
        byte[] encryptedAnswer = dhParams.encryptedAnswer();
        if (encryptedAnswer.length % 16 != 0) {
            throw new SecurityException("encrypted DH answer is not a multiple of 16 bytes");
        }
        byte[] answerWithHash = AesIge.decrypt(encryptedAnswer, tmpAesKey, tmpAesIv);
        TlReader r = new TlReader(schema, answerWithHash, 20, answerWithHash.length - 20);
        TlObject innerObject = r.readObject();
        int answerLength = r.position() - 20;
        if (!MessageDigest.isEqual(
                        Bytes.slice(answerWithHash, 0, 20),
                        Bytes.sha1(Bytes.slice(answerWithHash, 20, 20 + answerLength)))
                || answerWithHash.length - 20 - answerLength >= 16) {
            throw new SecurityException("the DH answer's hash does not match");
        }
        ServerDHInnerData dhInner = expect(innerObject, ServerDHInnerData.class);
        checkNonce(nonce, dhInner.nonce(), "server_DH_inner_data");
        checkNonce(serverNonce, dhInner.serverNonce(), "server_DH_inner_data");
        BigInteger dhPrime = Bytes.number(dhInner.dhPrime());
        int g = dhInner.g();
        DhPrime.check(g, dhPrime);
        BigInteger gA = Bytes.number(dhInner.gA());
        DhPrime.checkExchanged(gA, dhPrime, "g_a");
        long timeOffset = dhInner.serverTime() - System.currentTimeMillis() / 1000;

        long retryId = 0;
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            BigInteger b = Bytes.number(Bytes.random(random, 256));
            BigInteger gB = BigInteger.valueOf(g).modPow(b, dhPrime);
            DhPrime.checkExchanged(gB, dhPrime, "g_b");
            byte[] clientInner =
                    TlWriter.serialize(ClientDHInnerData.of(nonce, serverNonce, retryId, Bytes.unsigned(gB)));
            byte[] withHash = Bytes.concat(Bytes.sha1(clientInner), clientInner);
            int pad = (16 - withHash.length % 16) % 16;
            withHash = Bytes.concat(withHash, Bytes.random(random, pad));
            TypeSetClientDHParamsAnswer answer =
                    call(SetClientDHParams.of(nonce, serverNonce, AesIge.encrypt(withHash, tmpAesKey, tmpAesIv)));
            checkNonce(nonce, answer.nonce(), answer.name());
            checkNonce(serverNonce, answer.serverNonce(), answer.name());
            AuthKey authKey = new AuthKey(Bytes.unsigned(gA.modPow(b, dhPrime), 256));
            byte[] aux = Bytes.longLe(authKey.auxHash());
            if (answer instanceof DhGenOk ok) {
                checkNonce(newNonceHash(newNonce, 1, aux), ok.newNonceHash1(), "dh_gen_ok");
                long salt = Bytes.longLe(Bytes.xor(Bytes.slice(newNonce, 0, 8), Bytes.slice(serverNonce, 0, 8)), 0);
                return new Result(authKey, salt, timeOffset);
            } else if (answer instanceof DhGenRetry retry) {
                checkNonce(newNonceHash(newNonce, 2, aux), retry.newNonceHash2(), "dh_gen_retry");
                retryId = authKey.auxHash();
            } else if (answer instanceof DhGenFail) {
                throw new SecurityException("the server failed the DH key exchange");
            }
        }
        throw new SecurityException("the server asked to retry the DH exchange too often");
    }

    /** The AES key and IV that protect the DH exchange, derived from new_nonce and server_nonce. */
    public static MessageCrypto.KeyIv temporaryKey(byte[] newNonce, byte[] serverNonce) {
        byte[] key =
                Bytes.concat(Bytes.sha1(newNonce, serverNonce), Bytes.slice(Bytes.sha1(serverNonce, newNonce), 0, 12));
        byte[] iv = Bytes.concat(
                Bytes.slice(Bytes.sha1(serverNonce, newNonce), 12, 20),
                Bytes.sha1(newNonce, newNonce),
                Bytes.slice(newNonce, 0, 4));
        return new MessageCrypto.KeyIv(key, iv);
    }

    /** The low 128 bits of SHA1(new_nonce + number + auth_key_aux_hash). */
    public static byte[] newNonceHash(byte[] newNonce, int number, byte[] auxHash) {
        byte[] sha = Bytes.sha1(newNonce, new byte[] {(byte) number}, auxHash);
        return Bytes.slice(sha, 4, 20);
    }

    /** Sends {@code request} unencrypted; an answer of another type than the function's is a security failure. */
    private <R> R call(TlFunction<R> request) throws IOException {
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
        TlObject answer = new TlReader(schema, packet, 20, length).readObject();
        if (!answer.combinator().result().equals(request.resultType())) {
            throw new SecurityException("expected " + request.resultType() + " from the server, got " + answer.name());
        }
        @SuppressWarnings("unchecked")
        R typed = (R) answer;
        return typed;
    }

    private List<Long> trustedFingerprints() {
        return trustedKeys.stream().map(RsaKey::fingerprint).toList();
    }

    private static String hex(List<Long> fingerprints) {
        return fingerprints.stream()
                .map(f -> String.format("0x%016x", f))
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static <T> T expect(Object o, Class<T> type) {
        if (!type.isInstance(o)) {
            throw new SecurityException("expected " + type.getSimpleName() + " from the server, got "
                    + (o instanceof TlObject t ? t.name() : o));
        }
        return type.cast(o);
    }

    private static void checkNonce(byte[] expected, byte[] actual, String where) {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new SecurityException("nonce mismatch in " + where);
        }
    }
}
