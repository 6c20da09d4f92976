package dev.chatgeist.telegram.mtproto;

import java.security.SecureRandom;

/**
 * RSA_PAD from the auth key spec: the data (at most 144 bytes) is padded to 192 bytes, reversed, hashed with a
 * random temporary key, AES-IGE encrypted with that key, the key is masked with the ciphertext's hash, and the
 * 256-byte result is RSA-encrypted — retried with a new temporary key while it is not below the modulus.
 */
public final class RsaPad {
    private RsaPad() {}

    public static byte[] encrypt(byte[] data, RsaKey key, SecureRandom random) {
        if (data.length > 144) {
            throw new IllegalArgumentException("RSA_PAD data must be at most 144 bytes, got " + data.length);
        }
        byte[] withPadding = Bytes.concat(data, Bytes.random(random, 192 - data.length));
        byte[] reversed = Bytes.reverse(withPadding);
        while (true) {
            byte[] tempKey = Bytes.random(random, 32);
            byte[] withHash = Bytes.concat(reversed, Bytes.sha256(tempKey, withPadding));
            byte[] aesEncrypted = AesIge.encrypt(withHash, tempKey, new byte[32]);
            byte[] tempKeyXor = Bytes.xor(tempKey, Bytes.sha256(aesEncrypted));
            byte[] keyAesEncrypted = Bytes.concat(tempKeyXor, aesEncrypted);
            if (Bytes.number(keyAesEncrypted).compareTo(key.modulus()) < 0) {
                return key.encryptRaw(keyAesEncrypted);
            }
        }
    }
}
