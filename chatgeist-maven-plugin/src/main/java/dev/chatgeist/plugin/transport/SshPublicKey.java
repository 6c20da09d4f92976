package dev.chatgeist.plugin.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A public key (a server's host key, an agent's identity) in SSH wire format ({@code string type, ...}),
 * as both SSH libraries hand it over.
 *
 * @param type the key type named inside the blob ("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256")
 * @param blob the encoded key
 */
public record SshPublicKey(String type, byte[] blob) {

    public static SshPublicKey fromBlob(byte[] blob) {
        return new SshPublicKey(typeOf(blob), blob.clone());
    }

    /** The base64 form used in known_hosts and .pub files. */
    public static SshPublicKey fromBase64(String base64) {
        return fromBlob(Base64.getDecoder().decode(base64));
    }

    /** OpenSSH's fingerprint form, "SHA256:" + unpadded base64 of the blob's SHA-256. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** How OpenSSH names the algorithm in its prompts: ED25519, RSA, ECDSA. */
    public String displayType() {
        if (type.startsWith("ssh-ed25519")) {
            return "ED25519";
        }
        if (type.startsWith("ssh-rsa")) {
            return "RSA";
        }
        if (type.startsWith("ecdsa-")) {
            return "ECDSA";
        }
        return type;
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(blob);
    }

    public boolean sameKey(SshPublicKey other) {
        return Arrays.equals(blob, other.blob);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshPublicKey k && k.type.equals(type) && Arrays.equals(k.blob, blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return displayType() + " " + fingerprint();
    }

    private static String typeOf(byte[] blob) {
        if (blob.length < 4) {
            throw new IllegalArgumentException("host key blob too short");
        }
        ByteBuffer b = ByteBuffer.wrap(blob);
        int length = b.getInt();
        if (length <= 0 || length > blob.length - 4) {
            throw new IllegalArgumentException("host key blob does not start with its type");
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }
}
