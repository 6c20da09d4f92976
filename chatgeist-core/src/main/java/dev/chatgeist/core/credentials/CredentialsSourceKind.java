package dev.chatgeist.core.credentials;

import dev.chatgeist.core.UserException;
import java.util.Locale;

/** The two places the Claude CLI stores credentials. */
public enum CredentialsSourceKind {
    KEYCHAIN, FILE;

    /** The Claude CLI uses the Keychain on macOS and its credentials file everywhere else. */
    public static CredentialsSourceKind defaultFor(String osName) {
        return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("mac") ? KEYCHAIN : FILE;
    }

    public static CredentialsSourceKind parse(String value) {
        for (CredentialsSourceKind k : values()) {
            if (k.label().equalsIgnoreCase(value.strip())) {
                return k;
            }
        }
        throw new UserException("--from must be keychain or file, not '" + value + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
