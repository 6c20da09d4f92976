package dev.chatgeist.cli;

import dev.chatgeist.config.Home;
import dev.chatgeist.config.Settings;
import dev.chatgeist.core.credentials.CredentialsSource;
import dev.chatgeist.core.credentials.CredentialsSourceKind;
import dev.chatgeist.core.credentials.FileCredentials;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.core.log.JobLog;
import dev.chatgeist.core.log.RunOutcome;
import dev.chatgeist.core.process.ProgramRunner;
import dev.chatgeist.token.SandboxRestarter;
import dev.chatgeist.token.SyncResult;
import dev.chatgeist.token.TokenSync;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "sync-token",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Copy the Claude CLI's OAuth access token into the home's .env (CLAUDE_CODE_OAUTH_TOKEN) and, when it "
                    + "changed, recreate the Docker sandbox (docker compose down, then docker compose up -d).",
            "First pings the Claude CLI (claude --print ping, 60 s) so it refreshes a token about to expire. .env is "
                    + "replaced atomically with mode 0600; every other line stays as it was. The token is never printed, "
                    + "only its last 4 characters. One outcome line per run goes to logs/sync_token.log (run=sync-token outcome=ok|failed|busy ...)."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done (possibly with warnings: Claude CLI missing or failing, token expiring within 1 h), "
                    + "or another sync-token run is busy",
            "1:unexpected internal error",
            "2:bad usage or setup (unknown --from, missing home directory)",
            "3:no usable credentials (no Keychain item or credentials file, JSON without the fields); "
                    + "nothing changed",
            "4:a file could not be written (.env: nothing changed, Docker untouched; or --credentials-out)",
            "5:the sandbox could not be recreated (Docker not running, Compose missing or failing); .env IS "
                    + "updated and the next run retries the recreate",
            "6:the token has already expired (the Claude CLI did not refresh it): log in again"
        },
        footer = {
            "",
            "Unattended (launchd every 4 h, cron `0 */4 * * *`):",
            "  APP_DIR/bin/chatgeist --home DIR sync-token   (the launcher: batch JVM flags, the jar beside it)",
            "The job's PATH must contain claude and docker; CLAUDE_CREDENTIALS_FILE (environment or .env) overrides "
                    + "~/.claude/.credentials.json."
        })
final class SyncTokenCommand implements Callable<Integer> {
    static final Duration PING_TIMEOUT = Duration.ofSeconds(60);

    @ParentCommand
    RootCommand root;

    @Option(
            names = "--from",
            paramLabel = "keychain|file",
            description = "Where to read the credentials: the macOS Keychain item \"Claude Code-credentials\" or the "
                    + "Claude CLI's credentials file (default: keychain on macOS, file elsewhere).")
    String from;

    @Option(names = "--restart", description = "Recreate the sandbox even when the token did not change.")
    boolean restart;

    @Option(
            names = "--dry-run",
            description = "Read the credentials and say what would change; no ping, no file written, no Docker.")
    boolean dryRun;

    @Option(
            names = "--credentials-out",
            paramLabel = "FILE",
            description = "Also write the whole credentials JSON here (mode 0600) for the sandbox's own refresh; "
                    + "relative to the home directory.")
    Path credentialsOut;

    @Override
    public Integer call() {
        Cli cli = root.cli;
        Home home = root.home();
        ProgramRunner runner = new ProgramRunner(cli.environment());
        CredentialsSource source = CredentialsSourceKind.chosen(from, System.getProperty("os.name"), "--from")
                .open(runner, lookup(cli, home), userHome(cli), home.dir());
        Path out = credentialsOut == null ? null : home.dir().resolve(credentialsOut);
        SandboxRestarter restarter = new SandboxRestarter(runner, home.dir());
        TokenSync sync = new TokenSync(
                home, source, runner, restarter, Clock.system(cli.zone()), EventLog.consoleOnly(cli.out(), cli.err()));
        SyncResult result = sync.run(new TokenSync.Options(restart, dryRun, out, PING_TIMEOUT));
        EventLog log = new EventLog(home.logsDir().resolve(JobLog.SYNC_TOKEN.fileName()), cli.out(), cli.err());
        try (log) {
            RunOutcome outcome = result.outcome();
            if (result.exitCode() != SyncResult.OK) {
                log.error(result.consoleSummary(), outcome.fields());
            } else if (!result.warnings().isEmpty()) {
                log.warn(result.consoleSummary(), outcome.fields());
            } else {
                log.info(result.consoleSummary(), outcome.fields());
            }
        }
        return result.exitCode();
    }

    /** CLAUDE_CREDENTIALS_FILE and CLAUDE_CONFIG_DIR: environment first, then .env. */
    private static Map<String, String> lookup(Cli cli, Home home) {
        Settings settings;
        try {
            settings = Settings.load(home, cli.environment());
        } catch (UncheckedIOException e) {
            settings = Settings.of(cli.environment()); // an unreadable .env is reported by the sync itself
        }
        Map<String, String> m = new HashMap<>();
        for (String key : new String[] {FileCredentials.FILE_VARIABLE, FileCredentials.CONFIG_DIR_VARIABLE}) {
            settings.get(key).ifPresent(v -> m.put(key, v));
        }
        return m;
    }

    private static Path userHome(Cli cli) {
        String h = cli.environment().get("HOME");
        return Path.of(h != null && !h.isBlank() ? h : System.getProperty("user.home"));
    }
}
