package dev.chatgeist.telegram.mtproto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Two-step verification by SRP (algorithm passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow): the
 * password never leaves the machine; the server gets A = g^a and the proof M1.
 */
public final class Srp {
    /** What the server sent in {@code account.password}. */
    public record Params(byte[] salt1, byte[] salt2, int g, byte[] p, byte[] srpB, long srpId) {}

    /** {@code inputCheckPasswordSRP}'s A and M1. */
    public record Answer(long srpId, byte[] a, byte[] m1) {}

    private Srp() {}

    public static Answer answer(Params params, char[] password, SecureRandom random) {
        return answer(params, password, Bytes.random(random, 256));
    }

    /** With a fixed secret {@code aBytes} (256 bytes): deterministic, for conformance tests. */
    public static Answer answer(Params params, char[] password, byte[] aBytes) {
        BigInteger p = Bytes.number(params.p());
        BigInteger g = BigInteger.valueOf(params.g());
        DhPrime.check(params.g(), p);
        BigInteger gB = Bytes.number(params.srpB());
        if (gB.signum() <= 0 || gB.compareTo(p) >= 0) {
            throw new SecurityException("SRP B is outside (0, p)");
        }
        byte[] pBytes = Bytes.unsigned(p, 256);
        byte[] gBytes = Bytes.unsigned(g, 256);
        byte[] gBBytes = Bytes.unsigned(gB, 256);

        BigInteger x = Bytes.number(ph2(password, params.salt1(), params.salt2()));
        BigInteger v = g.modPow(x, p);
        BigInteger k = Bytes.number(Bytes.sha256(pBytes, gBytes));
        BigInteger kv = k.multiply(v).mod(p);

        BigInteger a = Bytes.number(aBytes);
        BigInteger gA = g.modPow(a, p);
        byte[] gABytes = Bytes.unsigned(gA, 256);
        BigInteger u = Bytes.number(Bytes.sha256(gABytes, gBBytes));
        if (u.signum() == 0) {
            throw new SecurityException("SRP u is zero");
        }
        BigInteger t = gB.subtract(kv).mod(p);
        BigInteger sA = t.modPow(a.add(u.multiply(x)), p);
        byte[] kA = Bytes.sha256(Bytes.unsigned(sA, 256));
        byte[] m1 = Bytes.sha256(
                Bytes.xor(Bytes.sha256(pBytes), Bytes.sha256(gBytes)),
                Bytes.sha256(params.salt1()),
                Bytes.sha256(params.salt2()),
                gABytes,
                gBBytes,
                kA);
        return new Answer(params.srpId(), gABytes, m1);
    }

    /** PH2(password, salt1, salt2) = SH(pbkdf2(sha512, PH1, salt1, 100000), salt2). */
    public static byte[] ph2(char[] password, byte[] salt1, byte[] salt2) {
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] utf8 = new byte[encoded.remaining()];
        encoded.get(utf8);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            byte[] ph1 = sh(sh(utf8, salt1), salt2);
            return sh(pbkdf2Sha512(ph1, salt1, 100_000), salt2);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    private static byte[] sh(byte[] data, byte[] salt) {
        return Bytes.sha256(salt, data, salt);
    }

    /** PBKDF2-HMAC-SHA512 over raw bytes (the JDK's PBEKeySpec would take chars). */
    static byte[] pbkdf2Sha512(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(password, "HmacSHA512"));
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] out = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < out.length; j++) {
                    out[j] ^= u[j];
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is not available in this JVM", e);
        }
    }
}
