package dev.chatgeist.core.credentials;

/**
 * Where the Claude CLI keeps its OAuth credentials: the macOS Keychain or its credentials file. Shared by
 * {@code sync-token} and the plugin's {@code push-credentials} goal.
 */
public interface CredentialsSource {
    /** Reads the current credentials; throws {@link CredentialsException} with a fix when there are none. */
    ClaudeCredentials read();

    /** For messages: "macOS Keychain item \"Claude Code-credentials\"", "/home/me/.claude/.credentials.json". */
    String describe();

    /** "keychain" or "file", for the log line. */
    String kind();
}
