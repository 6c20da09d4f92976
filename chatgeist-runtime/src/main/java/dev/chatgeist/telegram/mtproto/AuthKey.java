package dev.chatgeist.telegram.mtproto;

import java.util.Arrays;

/** A 2048-bit authorization key shared with one DC; its id is the low 64 bits of its SHA-1. */
public final class AuthKey {
    private final byte[] key;
    private final long id;
    private final long auxHash;

    public AuthKey(byte[] key) {
        if (key.length != 256) {
            throw new IllegalArgumentException("an auth key has 256 bytes, got " + key.length);
        }
        this.key = key.clone();
        byte[] sha = Bytes.sha1(key);
        this.id = Bytes.longLe(sha, 12);
        this.auxHash = Bytes.longLe(sha, 0);
    }

    public long id() {
        return id;
    }

    public long auxHash() {
        return auxHash;
    }

    public byte[] bytes() {
        return key.clone();
    }

    byte[] raw() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthKey k && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return String.format("AuthKey{id=%016x}", id); // never the key itself
    }
}
