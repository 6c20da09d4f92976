package dev.chatgeist.plugin.local;

import dev.chatgeist.core.credentials.ClaudeCredentials;
import dev.chatgeist.core.credentials.CredentialsException;
import dev.chatgeist.core.credentials.CredentialsSource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The Claude token's expiry for status lines, read with the runtime's credentials readers (the same code as
 * {@code sync-token} and {@code push-credentials}); the token itself is never shown.
 */
public final class TokenExpiry {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;
    private final Instant now;

    public TokenExpiry(ZoneId zone, Instant now) {
        this.zone = zone;
        this.now = now;
    }

    /** "expires 2026-11-26 18:17 (in 5h 12m; macOS Keychain item ...)", or what is wrong with the credentials. */
    public ZoneId zone() {
        return zone;
    }

    public Instant now() {
        return now;
    }

    public String of(CredentialsSource source) {
        try {
            return of(source.read(), source.describe());
        } catch (CredentialsException e) {
            return e.getMessage();
        }
    }

    /** As {@link #of(CredentialsSource)} for credentials JSON read elsewhere (a file on an SSH host). */
    public String of(String json, String origin) {
        try {
            return of(ClaudeCredentials.parse(json, origin), origin);
        } catch (CredentialsException e) {
            return e.getMessage();
        }
    }

    private String of(ClaudeCredentials credentials, String origin) {
        Duration left = credentials.remaining(now);
        String when = TIME.format(credentials.expiresAt().atZone(zone));
        if (left.isNegative()) {
            return "expired at " + when + " (" + origin + "; the Claude CLI refreshes it on its next use, which"
                    + " sync-token runs)";
        }
        return "expires " + when + " (in " + left.toHours() + "h " + left.toMinutesPart() + "m; " + origin + ")"
                + (left.toHours() < 1 ? " — less than an hour left" : "");
    }
}
