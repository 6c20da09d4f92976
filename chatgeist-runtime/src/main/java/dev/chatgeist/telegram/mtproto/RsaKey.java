package dev.chatgeist.telegram.mtproto;

import dev.chatgeist.telegram.tl.TlWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * A server's RSA public key, used once per DC to send the DH parameters. The fingerprint is the low 64 bits of
 * SHA-1 over the TL form of {@code rsa_public_key n:string e:string}.
 */
public record RsaKey(BigInteger modulus, BigInteger exponent) {

    /**
     * Telegram's production key (fingerprint 0xd09d1d85de64fd85), as published by Telegram; exponent 65537.
     */
    public static final RsaKey TELEGRAM_PRODUCTION = new RsaKey(
            new BigInteger(
                    "E8BB3305C0B52C6CF2AFDF7637313489E63E05268E5BADB601AF417786472E5F"
                            + "93B85438968E20E6729A301C0AFC121BF7151F834436F7FDA680847A66BF64AC"
                            + "CEC78EE21C0B316F0EDAFE2F41908DA7BD1F4A5107638EEB67040ACE472A14F9"
                            + "0D9F7C2B7DEF99688BA3073ADB5750BB02964902A359FE745D8170E36876D4FD"
                            + "8A5D41B2A76CBFF9A13267EB9580B2D06D10357448D20D9DA2191CB5D8C93982"
                            + "961CDFDEDA629E37F1FB09A0722027696032FE61ED663DB7A37F6F263D370F69"
                            + "DB53A0DC0A1748BDAAFF6209D5645485E6E001D1953255757E4B8E42813347B1"
                            + "1DA6AB500FD0ACE7E6DFA3736199CCAF9397ED0745A427DCFA6CD67BCB1ACFF3",
                    16),
            BigInteger.valueOf(65537));

    /**
     * The key of Telegram's test DCs (fingerprint 0xb25898df208d2603), which TDLib and Telegram Desktop trust in
     * test mode; trusting it here lets TELEGRAM_DC point at a test DC without TELEGRAM_SERVER_KEY.
     */
    public static final RsaKey TELEGRAM_TEST = fromPem("-----BEGIN RSA PUBLIC KEY-----\n"
            + "MIIBCgKCAQEAyMEdY1aR+sCR3ZSJrtztKTKqigvO/vBfqACJLZtS7QMgCGXJ6XIR\n"
            + "yy7mx66W0/sOFa7/1mAZtEoIokDP3ShoqF4fVNb6XeqgQfaUHd8wJpDWHcR2OFwv\n"
            + "plUUI1PLTktZ9uW2WE23b+ixNwJjJGwBDJPQEQFBE+vfmH0JP503wr5INS1poWg/\n"
            + "j25sIWeYPHYeOrFp/eXaqhISP6G+q2IeTaWTXpwZj4LzXq5YOpk4bYEQ6mvRq7D1\n"
            + "aHWfYmlEGepfaYR8Q0YqvvhYtMte3ITnuSJs171+GDqpdKcSwHnd6FudwGO4pcCO\n"
            + "j4WcDuXc2CTHgH8gFTNhp/Y8/SpDOhvn9QIDAQAB\n"
            + "-----END RSA PUBLIC KEY-----\n");

    /**
     * The keys trusted when no other key is configured: every key the current official clients (TDLib, Telegram
     * Desktop) accept, production and test DCs. The older keys they dropped are not trusted.
     */
    public static List<RsaKey> builtIn() {
        return List.of(TELEGRAM_PRODUCTION, TELEGRAM_TEST);
    }

    public long fingerprint() {
        TlWriter w = new TlWriter();
        w.writeBytes(Bytes.unsigned(modulus));
        w.writeBytes(Bytes.unsigned(exponent));
        byte[] sha = Bytes.sha1(w.toByteArray());
        return Bytes.longLe(sha, 12);
    }

    /** Raw RSA: {@code data^e mod n}, as 256 big-endian bytes. */
    public byte[] encryptRaw(byte[] data) {
        return Bytes.unsigned(Bytes.number(data).modPow(exponent, modulus), 256);
    }

    /** Parses a PEM file: PKCS#1 ({@code BEGIN RSA PUBLIC KEY}) or X.509 ({@code BEGIN PUBLIC KEY}). */
    public static RsaKey fromPem(String pem) {
        boolean pkcs1 = pem.contains("BEGIN RSA PUBLIC KEY");
        if (!pkcs1 && !pem.contains("BEGIN PUBLIC KEY")) {
            throw new IllegalArgumentException("not a PEM RSA public key (expected -----BEGIN RSA PUBLIC KEY----- "
                    + "or -----BEGIN PUBLIC KEY-----)");
        }
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM body is not valid base64", e);
        }
        if (pkcs1) {
            Der d = new Der(der);
            d.expect(0x30);
            d.length();
            BigInteger n = d.integer();
            BigInteger e = d.integer();
            return new RsaKey(n, e);
        }
        try {
            RSAPublicKey k = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            return new RsaKey(k.getModulus(), k.getPublicExponent());
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA public key: " + e.getMessage(), e);
        }
    }

    /** Just enough DER to read {@code SEQUENCE { INTEGER, INTEGER }}. */
    private static final class Der {
        private final byte[] b;
        private int pos;

        Der(byte[] b) {
            this.b = b;
        }

        void expect(int tag) {
            if (pos >= b.length || (b[pos++] & 0xff) != tag) {
                throw new IllegalArgumentException("malformed PKCS#1 RSA public key");
            }
        }

        int length() {
            int first = b[pos++] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int n = first & 0x7f;
            int len = 0;
            for (int i = 0; i < n; i++) {
                len = len << 8 | (b[pos++] & 0xff);
            }
            return len;
        }

        BigInteger integer() {
            expect(0x02);
            int len = length();
            if (pos + len > b.length) {
                throw new IllegalArgumentException("malformed PKCS#1 RSA public key");
            }
            BigInteger v = new BigInteger(Bytes.slice(b, pos, pos + len));
            pos += len;
            return v;
        }
    }

    @Override
    public String toString() {
        return String.format("RsaKey{fingerprint=%016x}", fingerprint());
    }
}
