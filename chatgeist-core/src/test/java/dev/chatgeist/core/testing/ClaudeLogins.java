package dev.chatgeist.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Claude CLI logins as the CLI writes them ({@code {"claudeAiOauth": {...}}}), with fresh random tokens: for the
 * credentials readers here and for the runtime's sync-token tests (this module's test jar).
 */
public final class ClaudeLogins {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClaudeLogins() {}

    /** A token shaped like a real Claude OAuth access token, different every time. */
    public static String newToken(String kind) {
        byte[] b = new byte[60];
        RANDOM.nextBytes(b);
        return "sk-ant-" + kind + "01-"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String json(String accessToken, String refreshToken, Instant expiresAt) {
        return "{\"claudeAiOauth\":{\"accessToken\":\"" + accessToken + "\",\"refreshToken\":\"" + refreshToken
                + "\",\"expiresAt\":" + expiresAt.toEpochMilli() + ",\"scopes\":[\"user:inference\","
                + "\"user:profile\"],\"subscriptionType\":\"max\"}}";
    }

    /** Writes fresh credentials valid for {@code validFor} to {@code file}; returns the access token. */
    public static String writeCredentials(Path file, Duration validFor) throws IOException {
        String token = newToken("oat");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json(token, newToken("ort"), Instant.now().plus(validFor)), StandardCharsets.UTF_8);
        return token;
    }
}
