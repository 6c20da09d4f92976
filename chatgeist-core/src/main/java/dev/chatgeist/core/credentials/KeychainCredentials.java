package dev.chatgeist.core.credentials;

import dev.chatgeist.core.process.ProgramRunner;
import dev.chatgeist.core.secret.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The macOS Keychain item where the Claude CLI keeps its credentials, read with
 * {@code security find-generic-password -s "Claude Code-credentials" -w} (prints the password, exit 44 when there
 * is no such item, 36 when the keychain is locked and may not prompt).
 */
public final class KeychainCredentials implements CredentialsSource {
    public static final String DEFAULT_SERVICE = "Claude Code-credentials";
    /** errSecItemNotFound (-25300) as {@code security} reports it in its exit status. */
    static final int EXIT_ITEM_NOT_FOUND = 44;
    /** errSecInteractionNotAllowed (-25308): locked keychain, no GUI session to ask for the password. */
    static final int EXIT_INTERACTION_NOT_ALLOWED = 36;

    private final ProgramRunner runner;
    private final String service;
    private final Path workingDir;
    private final Duration timeout;

    public KeychainCredentials(ProgramRunner runner, Path workingDir) {
        this(runner, DEFAULT_SERVICE, workingDir, Duration.ofSeconds(30));
    }

    public KeychainCredentials(ProgramRunner runner, String service, Path workingDir, Duration timeout) {
        this.runner = runner;
        this.service = service;
        this.workingDir = workingDir;
        this.timeout = timeout;
    }

    @Override
    public ClaudeCredentials read() {
        Path security = runner.find("security")
                .orElseThrow(
                        () -> new CredentialsException("the macOS `security` program is not on PATH (" + runner.path()
                                + "): the Keychain source works only " + "on macOS; elsewhere use --from file"));
        ProgramRunner.Result r;
        try {
            r = runner.run(security, List.of("find-generic-password", "-s", service, "-w"), workingDir, timeout);
        } catch (IOException e) {
            throw new CredentialsException("cannot run " + security + " (" + e.getMessage() + ")");
        }
        if (r.timedOut()) {
            throw new CredentialsException("`security` did not answer within " + timeout.toSeconds() + " s: macOS is "
                    + "probably asking whether it may read \"" + service + "\"; run `chatgeist sync-token` once in a "
                    + "terminal and choose Always Allow");
        }
        if (r.exitCode() == EXIT_ITEM_NOT_FOUND) {
            throw new CredentialsException("no Keychain item \"" + service + "\": log in with the Claude CLI "
                    + "(`claude auth login`, or /login inside `claude`) as this user");
        }
        if (r.exitCode() == EXIT_INTERACTION_NOT_ALLOWED) {
            throw new CredentialsException("the Keychain is locked and cannot ask for its password here (exit 36): "
                    + "run the job in the logged-in user's session (a LaunchAgent, not a LaunchDaemon), or unlock it");
        }
        if (r.exitCode() != 0) {
            // stderr of a failed lookup carries no secret, but scrub it anyway before showing it
            throw new CredentialsException("security find-generic-password failed (exit " + r.exitCode() + ": "
                    + Secrets.lastLine(r.stderr(), List.of()) + "): check the Keychain item \"" + service + "\"");
        }
        return ClaudeCredentials.parse(decode(r.stdout().strip()), describe());
    }

    /** {@code security -w} prints a password as hex when it is not plain text (e.g. JSON with a newline). */
    static String decode(String printed) {
        if (printed.length() >= 4 && printed.length() % 2 == 0 && printed.matches("[0-9a-fA-F]+")) {
            String decoded = new String(HexFormat.of().parseHex(printed), StandardCharsets.UTF_8);
            if (decoded.stripLeading().startsWith("{")) {
                return decoded;
            }
        }
        return printed;
    }

    @Override
    public String describe() {
        return "macOS Keychain item \"" + service + "\"";
    }

    @Override
    public String kind() {
        return "keychain";
    }
}
