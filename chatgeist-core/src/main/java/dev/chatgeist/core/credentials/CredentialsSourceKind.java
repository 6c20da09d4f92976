package dev.chatgeist.core.credentials;

import dev.chatgeist.core.UserException;
import dev.chatgeist.core.process.ProgramRunner;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The two places the Claude CLI stores credentials, and the one factory of their readers: {@code sync-token} and the
 * plugin's {@code push-credentials} and {@code status} goals all pick their source here.
 */
public enum CredentialsSourceKind {
    KEYCHAIN,
    FILE;

    /** The Claude CLI uses the Keychain on macOS and its credentials file everywhere else. */
    public static CredentialsSourceKind defaultFor(String osName) {
        return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("mac") ? KEYCHAIN : FILE;
    }

    /**
     * The kind the user asked for with {@code option} ({@code --from}, {@code chatgeist.credentialsFrom}), or the
     * default on {@code osName} when {@code requested} is null or blank.
     */
    public static CredentialsSourceKind chosen(String requested, String osName, String option) {
        return requested == null || requested.isBlank() ? defaultFor(osName) : parse(requested, option);
    }

    public static CredentialsSourceKind parse(String value, String option) {
        for (CredentialsSourceKind k : values()) {
            if (k.label().equalsIgnoreCase(value.strip())) {
                return k;
            }
        }
        throw new UserException(option + " must be keychain or file, not '" + value + "'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The reader of this kind. The Keychain is asked through {@code runner} (its PATH finds {@code security}), from
     * {@code workingDir}; the file is the one {@link FileCredentials#locate} finds from {@code settings} (which may
     * set {@code CLAUDE_CREDENTIALS_FILE} or {@code CLAUDE_CONFIG_DIR}) and {@code userHome}.
     */
    public CredentialsSource open(ProgramRunner runner, Map<String, String> settings, Path userHome, Path workingDir) {
        return switch (this) {
            case KEYCHAIN -> new KeychainCredentials(runner, workingDir);
            case FILE -> new FileCredentials(FileCredentials.locate(settings, userHome));
        };
    }
}
