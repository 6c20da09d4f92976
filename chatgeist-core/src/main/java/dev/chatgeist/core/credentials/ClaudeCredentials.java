package dev.chatgeist.core.credentials;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.core.secret.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Claude CLI's OAuth credentials: {@code {"claudeAiOauth": {"accessToken", "refreshToken", "expiresAt"}}},
 * {@code expiresAt} in epoch milliseconds. {@code json} is the whole document as read (for the sandbox's own
 * refresh). {@link #toString()} never shows a token.
 */
public record ClaudeCredentials(String accessToken, String refreshToken, Instant expiresAt, String json) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A token goes into a one-line .env value: printable ASCII, no spaces or quotes. */
    private static final Pattern TOKEN_CHARS = Pattern.compile("[\\x21-\\x7e&&[^\"'\\\\#]]+");

    public ClaudeCredentials {
        if (accessToken == null || accessToken.isEmpty()) {
            throw new IllegalArgumentException("accessToken is required");
        }
    }

    public Optional<String> refreshTokenIfAny() {
        return Optional.ofNullable(refreshToken);
    }

    public Duration remaining(Instant now) {
        return Duration.between(now, expiresAt);
    }

    /**
     * Parses the credentials JSON. {@code origin} names where it came from; every error names it and the fix, and
     * none repeats the document (Jackson's own messages quote the input, so they are never passed on).
     */
    public static ClaudeCredentials parse(String json, String origin) {
        String fix = "log in again with the Claude CLI (`claude auth login`, or /login inside `claude`)";
        if (json == null || json.isBlank()) {
            throw new CredentialsException(origin + " is empty: " + fix);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new CredentialsException(origin + " is not valid JSON" + where + ": " + fix);
        }
        JsonNode oauth = root == null ? null : root.get("claudeAiOauth");
        if (oauth == null || !oauth.isObject()) {
            throw new CredentialsException(origin + " has no claudeAiOauth object (is it a Claude Code login? an API "
                    + "key login has no OAuth token): " + fix);
        }
        String access = text(oauth, "accessToken", origin, fix);
        if (!TOKEN_CHARS.matcher(access).matches()) {
            throw new CredentialsException(origin + ": claudeAiOauth.accessToken has characters a token never has "
                    + "(spaces, quotes or control characters): " + fix);
        }
        JsonNode refreshNode = oauth.get("refreshToken");
        String refresh = refreshNode != null
                        && refreshNode.isTextual()
                        && !refreshNode.asText().isEmpty()
                ? refreshNode.asText()
                : null;
        JsonNode exp = oauth.get("expiresAt");
        long expiresMs;
        if (exp != null && exp.isIntegralNumber()) {
            expiresMs = exp.asLong();
        } else if (exp != null && exp.isTextual() && exp.asText().strip().matches("\\d{1,15}")) {
            expiresMs = Long.parseLong(exp.asText().strip());
        } else {
            throw new CredentialsException(origin + " has no claudeAiOauth.expiresAt (epoch milliseconds): " + fix);
        }
        return new ClaudeCredentials(access, refresh, Instant.ofEpochMilli(expiresMs), json.strip());
    }

    private static String text(JsonNode oauth, String field, String origin, String fix) {
        JsonNode n = oauth.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new CredentialsException(origin + " has no claudeAiOauth." + field + ": " + fix);
        }
        return n.asText();
    }

    @Override
    public String toString() {
        return "ClaudeCredentials[accessToken=" + Secrets.tail(accessToken) + ", refreshToken="
                + (refreshToken == null ? "none" : Secrets.tail(refreshToken)) + ", expiresAt=" + expiresAt + "]";
    }
}
