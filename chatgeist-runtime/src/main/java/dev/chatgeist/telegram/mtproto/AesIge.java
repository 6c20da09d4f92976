package dev.chatgeist.telegram.mtproto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256 in Infinite Garble Extension mode, as MTProto uses it: the 32-byte IV is two blocks, the first the
 * previous ciphertext block, the second the previous plaintext block. Data must be a multiple of 16 bytes.
 */
public final class AesIge {
    private AesIge() {}

    public static byte[] encrypt(byte[] data, byte[] key, byte[] iv) {
        return run(data, key, iv, true);
    }

    public static byte[] decrypt(byte[] data, byte[] key, byte[] iv) {
        return run(data, key, iv, false);
    }

    private static byte[] run(byte[] data, byte[] key, byte[] iv, boolean encrypt) {
        if (data.length % 16 != 0) {
            throw new IllegalArgumentException("AES-IGE data must be a multiple of 16 bytes, got " + data.length);
        }
        if (key.length != 32 || iv.length != 32) {
            throw new IllegalArgumentException("AES-IGE needs a 32-byte key and a 32-byte IV");
        }
        Cipher cipher;
        try {
            cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available in this JVM", e);
        }
        // encrypt: c_i = E(p_i ^ c_{i-1}) ^ p_{i-1};  decrypt: p_i = D(c_i ^ p_{i-1}) ^ c_{i-1}; the IV is (c_0, p_0).
        // Both directions: out_i = F(in_i ^ prevOut) ^ prevIn, where prevIn/prevOut are the previous input/output.
        byte[] prevIn = new byte[16];
        byte[] prevOut = new byte[16];
        if (encrypt) {
            System.arraycopy(iv, 0, prevOut, 0, 16);
            System.arraycopy(iv, 16, prevIn, 0, 16);
        } else {
            System.arraycopy(iv, 0, prevIn, 0, 16);
            System.arraycopy(iv, 16, prevOut, 0, 16);
        }
        byte[] out = new byte[data.length];
        byte[] block = new byte[16];
        byte[] done = new byte[16];
        try {
            for (int off = 0; off < data.length; off += 16) {
                for (int i = 0; i < 16; i++) {
                    block[i] = (byte) (data[off + i] ^ prevOut[i]);
                }
                cipher.doFinal(block, 0, 16, done, 0);
                for (int i = 0; i < 16; i++) {
                    done[i] ^= prevIn[i];
                }
                System.arraycopy(data, off, prevIn, 0, 16);
                System.arraycopy(done, 0, prevOut, 0, 16);
                System.arraycopy(done, 0, out, off, 16);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
