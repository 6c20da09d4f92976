package dev.chatgeist.telegram.mtproto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * MTProto 2.0 message encryption: {@code msg_key} is the middle 128 bits of SHA-256 over part of the auth key and
 * the padded plaintext; AES-256-IGE key and IV come from {@code msg_key} and the auth key (x = 0 from the client,
 * x = 8 from the server).
 */
public final class MessageCrypto {
    /** Key and IV for one message. */
    public record KeyIv(byte[] key, byte[] iv) {}

    private MessageCrypto() {}

    public static byte[] msgKey(AuthKey authKey, byte[] paddedPlaintext, boolean fromClient) {
        int x = fromClient ? 0 : 8;
        byte[] large = Bytes.sha256(Arrays.copyOfRange(authKey.raw(), 88 + x, 88 + x + 32), paddedPlaintext);
        return Arrays.copyOfRange(large, 8, 24);
    }

    public static KeyIv kdf(AuthKey authKey, byte[] msgKey, boolean fromClient) {
        int x = fromClient ? 0 : 8;
        byte[] k = authKey.raw();
        byte[] a = Bytes.sha256(msgKey, Arrays.copyOfRange(k, x, x + 36));
        byte[] b = Bytes.sha256(Arrays.copyOfRange(k, 40 + x, 40 + x + 36), msgKey);
        byte[] key = Bytes.concat(Bytes.slice(a, 0, 8), Bytes.slice(b, 8, 24), Bytes.slice(a, 24, 32));
        byte[] iv = Bytes.concat(Bytes.slice(b, 0, 8), Bytes.slice(a, 8, 24), Bytes.slice(b, 24, 32));
        return new KeyIv(key, iv);
    }

    /** Pads {@code plaintext} with 12..1024 random bytes to a multiple of 16. */
    public static byte[] pad(byte[] plaintext, SecureRandom random) {
        int pad = 16 - (plaintext.length % 16);
        if (pad < 12) {
            pad += 16;
        }
        pad += 16 * random.nextInt(4); // a little variable length, as the spec recommends
        byte[] out = Arrays.copyOf(plaintext, plaintext.length + pad);
        byte[] noise = new byte[pad];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, out, plaintext.length, pad);
        return out;
    }

    /** auth_key_id + msg_key + AES-IGE(padded plaintext). */
    public static byte[] encrypt(AuthKey authKey, byte[] paddedPlaintext, boolean fromClient) {
        byte[] msgKey = msgKey(authKey, paddedPlaintext, fromClient);
        KeyIv ki = kdf(authKey, msgKey, fromClient);
        return Bytes.concat(Bytes.longLe(authKey.id()), msgKey, AesIge.encrypt(paddedPlaintext, ki.key(), ki.iv()));
    }

    /**
     * Decrypts a message sent by the other side and checks its auth key id and msg_key; returns the padded
     * plaintext. Throws {@link SecurityException} for anything that does not check out.
     */
    public static byte[] decrypt(AuthKey authKey, byte[] packet, boolean fromClient) {
        if (packet.length < 24 + 32 || (packet.length - 24) % 16 != 0) {
            throw new SecurityException("encrypted message of invalid length " + packet.length);
        }
        if (Bytes.longLe(packet, 0) != authKey.id()) {
            throw new SecurityException("message for another auth key");
        }
        byte[] msgKey = Arrays.copyOfRange(packet, 8, 24);
        KeyIv ki = kdf(authKey, msgKey, fromClient);
        byte[] plain = AesIge.decrypt(Arrays.copyOfRange(packet, 24, packet.length), ki.key(), ki.iv());
        if (!java.security.MessageDigest.isEqual(msgKey, msgKey(authKey, plain, fromClient))) {
            throw new SecurityException("msg_key does not match the decrypted message");
        }
        return plain;
    }
}
