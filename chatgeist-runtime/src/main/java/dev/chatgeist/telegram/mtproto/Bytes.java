package dev.chatgeist.telegram.mtproto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Hashes, concatenation and number conversions used by the protocol. */
public final class Bytes {
    private Bytes() {}

    public static byte[] sha1(byte[]... parts) {
        return digest("SHA-1", parts);
    }

    public static byte[] sha256(byte[]... parts) {
        return digest("SHA-256", parts);
    }

    private static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    public static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    public static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    public static byte[] reverse(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[b.length - 1 - i];
        }
        return out;
    }

    public static byte[] random(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Big-endian unsigned bytes of {@code v}, left-padded with zeros to {@code length}. */
    public static byte[] unsigned(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        byte[] out = new byte[length];
        if (raw.length > length) {
            if (raw.length == length + 1 && raw[0] == 0) {
                System.arraycopy(raw, 1, out, 0, length);
                return out;
            }
            throw new IllegalArgumentException("number does not fit in " + length + " bytes");
        }
        System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        return out;
    }

    /** Big-endian unsigned bytes without leading zeros (TL's representation of big numbers). */
    public static byte[] unsigned(BigInteger v) {
        byte[] raw = v.toByteArray();
        return raw.length > 1 && raw[0] == 0 ? slice(raw, 1, raw.length) : raw;
    }

    public static BigInteger number(byte[] bigEndianUnsigned) {
        return new BigInteger(1, bigEndianUnsigned);
    }

    /** A little-endian long from 8 bytes at {@code offset}. */
    public static long longLe(byte[] b, int offset) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[offset + i] & 0xff);
        }
        return v;
    }

    public static byte[] longLe(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    public static int intLe(byte[] b, int offset) {
        return (b[offset] & 0xff)
                | (b[offset + 1] & 0xff) << 8
                | (b[offset + 2] & 0xff) << 16
                | (b[offset + 3] & 0xff) << 24;
    }

    public static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    public static byte[] unhex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
