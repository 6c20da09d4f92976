package dev.chatgeist.telegram.mtproto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * MTProto transport obfuscation (core.telegram.org/mtproto/mtproto-transports#transport-obfuscation): the client
 * opens with 64 random bytes whose bytes 8..55 give the AES-256-CTR key and IV of each direction (as they are for
 * client → server, reversed for server → client; through an MTProxy each key is SHA-256(key ‖ secret)); bytes
 * 56..59 carry the protocol tag and 60..61 the DC id (int16, little-endian), both only readable after encryption,
 * and everything after the header is one continuous CTR stream per direction.
 */
public final class Obfuscation {
    public static final int TAG_ABRIDGED = 0xefefefef;
    public static final int TAG_INTERMEDIATE = 0xeeeeeeee;
    public static final int TAG_PADDED_INTERMEDIATE = 0xdddddddd;

    /** First words a real server would take for another protocol: HEAD, POST, GET, OPTIONS, plain tags, TLS. */
    private static final int[] FORBIDDEN_FIRST_INTS = {
        0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0xdddddddd, 0xeeeeeeee, 0x02010316
    };

    private final byte[] header;
    private final Cipher encrypt;
    private final Cipher decrypt;

    private Obfuscation(byte[] header, Cipher encrypt, Cipher decrypt) {
        this.header = header;
        this.encrypt = encrypt;
        this.decrypt = decrypt;
    }

    /** A fresh header for {@code tag} and {@code dc}; {@code secret} is the MTProxy's 16-byte key or null. */
    public static Obfuscation create(SecureRandom random, int tag, int dc, byte[] secret) {
        byte[] r = new byte[64];
        do {
            random.nextBytes(r);
        } while (!usable(r));
        return fromRandom(r, tag, dc, secret);
    }

    /** Whether 64 random bytes may open a connection: the server must not take them for another protocol. */
    static boolean usable(byte[] r) {
        if ((r[0] & 0xff) == 0xef || Bytes.intLe(r, 4) == 0) {
            return false;
        }
        int first = Bytes.intLe(r, 0);
        for (int f : FORBIDDEN_FIRST_INTS) {
            if (first == f) {
                return false;
            }
        }
        return true;
    }

    /** The header and ciphers that {@code random} (64 bytes, {@link #usable}) gives; public for the GramJS check. */
    public static Obfuscation fromRandom(byte[] random, int tag, int dc, byte[] secret) {
        if (random.length != 64) {
            throw new IllegalArgumentException("the obfuscation header is 64 bytes");
        }
        byte[] h = random.clone();
        h[56] = (byte) tag;
        h[57] = (byte) (tag >>> 8);
        h[58] = (byte) (tag >>> 16);
        h[59] = (byte) (tag >>> 24);
        h[60] = (byte) dc;
        h[61] = (byte) (dc >>> 8);
        byte[] reversed = Bytes.reverse(Bytes.slice(h, 8, 56));
        Cipher enc = ctr(key(Bytes.slice(h, 8, 40), secret), Bytes.slice(h, 40, 56));
        Cipher dec = ctr(key(Bytes.slice(reversed, 0, 32), secret), Bytes.slice(reversed, 32, 48));
        // the whole header goes through the encryptor (so the stream position is 64), but only 56..63 are sent
        // encrypted: the first 56 bytes must stay as they are for the server to derive the same keys
        byte[] encrypted = enc.update(h);
        System.arraycopy(encrypted, 56, h, 56, 8);
        return new Obfuscation(h, enc, dec);
    }

    private static byte[] key(byte[] raw, byte[] secret) {
        return secret == null ? raw : Bytes.sha256(raw, secret);
    }

    private static Cipher ctr(byte[] key, byte[] iv) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is not available in this JVM", e);
        }
    }

    /** The 64 bytes to send first. */
    public byte[] header() {
        return header.clone();
    }

    /** {@code out} with everything written to it encrypted (client → server). */
    public OutputStream encrypting(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len > 0) {
                    out.write(encrypt.update(b, off, len));
                }
            }
        };
    }

    /** {@code in} decrypted (server → client). */
    public InputStream decrypting(InputStream in) {
        return new ArrayInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    try {
                        decrypt.update(b, off, n, b, off);
                    } catch (javax.crypto.ShortBufferException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return n;
            }
        };
    }
}
