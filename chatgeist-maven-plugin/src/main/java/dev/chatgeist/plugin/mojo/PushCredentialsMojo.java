package dev.chatgeist.plugin.mojo;

import dev.chatgeist.core.UserException;
import dev.chatgeist.core.credentials.ClaudeCredentials;
import dev.chatgeist.core.credentials.CredentialsException;
import dev.chatgeist.core.credentials.CredentialsSource;
import dev.chatgeist.core.credentials.CredentialsSourceKind;
import dev.chatgeist.core.credentials.FileCredentials;
import dev.chatgeist.core.process.ProgramRunner;
import dev.chatgeist.core.secret.Secrets;
import dev.chatgeist.plugin.deploy.PushCredentials;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.SecretMasker;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Reads the Claude CLI's credentials on this machine (the macOS Keychain item "Claude Code-credentials", or the
 * CLI's credentials file) with the same reader as chatgeist sync-token, and installs them on each SSH host:
 * .claude-docker/credentials.json in the app dir (0600, owned by the app user) and CLAUDE_CODE_OAUTH_TOKEN in its
 * .env (other lines kept). When either changed, the Docker sandbox is recreated (docker compose down, up -d) and
 * must answer. The token is never printed.
 */
@Mojo(name = "push-credentials", aggregator = true, threadSafe = true)
public final class PushCredentialsMojo extends AbstractRemoteMojo {
    /** Where to read the credentials: keychain (default on macOS) or file (default elsewhere). */
    @Parameter(property = "chatgeist.credentialsFrom")
    String credentialsFrom;

    /**
     * The credentials file for credentialsFrom=file (default: CLAUDE_CREDENTIALS_FILE, else
     * $CLAUDE_CONFIG_DIR/.credentials.json, else ~/.claude/.credentials.json).
     */
    @Parameter(property = "chatgeist.credentialsFile")
    File credentialsFile;

    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("chatgeist:push-credentials skipped (chatgeist.skip)");
            return;
        }
        List<Host> hosts = sshHosts(loadInventory(), "chatgeist:push-credentials");
        CredentialsSource source = source();
        ClaudeCredentials credentials;
        try {
            credentials = source.read();
        } catch (CredentialsException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        Duration left = credentials.remaining(Instant.now());
        if (left.isNegative()) {
            throw new MojoFailureException("The Claude token from " + source.describe() + " expired at "
                    + credentials.expiresAt() + ": let the Claude CLI refresh it first (run `claude --print ping`, or"
                    + " chatgeist sync-token), then push again.");
        }
        getLog().info("credentials from " + source.describe() + ": token " + Secrets.tail(credentials.accessToken())
                + ", expires " + credentials.expiresAt() + " (in " + left.toHours() + "h " + left.toMinutesPart()
                + "m)");
        if (left.toHours() < 1) {
            getLog().warn("the token expires in less than an hour; the sandbox can refresh it only with the"
                    + " credentials file mounted (see docker-compose.yml)");
        }
        List<Recap> recaps = new PushCredentials(
                        connector(), new LogOutput(getLog()), check, diff, forks, System.getProperty("user.name"))
                .push(hosts, credentials);
        List<String> secrets = new java.util.ArrayList<>(List.of(credentials.accessToken()));
        credentials.refreshTokenIfAny().ifPresent(secrets::add);
        failIfAny("chatgeist:push-credentials", recaps, new SecretMasker(secrets));
    }

    private CredentialsSource source() throws MojoFailureException {
        Map<String, String> settings = new HashMap<>(System.getenv());
        if (credentialsFile != null) {
            settings.put(FileCredentials.FILE_VARIABLE, credentialsFile.getAbsolutePath());
        }
        Path home = Path.of(System.getProperty("user.home"));
        try {
            return CredentialsSourceKind.chosen(
                            credentialsFrom, System.getProperty("os.name"), "chatgeist.credentialsFrom")
                    .open(new ProgramRunner(System.getenv()), settings, home, home);
        } catch (UserException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }
}
