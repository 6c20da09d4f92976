package dev.chatgeist.telegram.net;

import java.nio.charset.StandardCharsets;

/** A SOCKS5 user name and password (RFC 1929); the password never appears in {@link #toString()}. */
public record Socks5Credentials(String user, String password) {
    public Socks5Credentials {
        if (user.isEmpty() || user.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("the SOCKS5 user name must be 1 to 255 bytes long");
        }
        if (password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("the SOCKS5 password must be 1 to 255 bytes long");
        }
    }

    @Override
    public String toString() {
        return "Socks5Credentials{user=" + user + ", password=***}";
    }
}
