package dev.chatgeist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.config.Home;
import dev.chatgeist.core.lock.ProcessLock;
import dev.chatgeist.core.testing.ClaudeLogins;
import dev.chatgeist.core.testing.StandIns;
import dev.chatgeist.token.SyncFixture;
import dev.chatgeist.token.TokenSync;
import dev.chatgeist.token.Unwritable;
import dev.chatgeist.update.NoLiveSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chatgeist sync-token} end to end, in process: real .env files and logs, the Claude CLI, {@code security}
 * and Docker replaced by the recording stand-ins of {@link StandIns} (they cannot run here). Every run also checks
 * that no token made in the test appears in stdout, stderr, the log or the stand-ins' command lines.
 */
class SyncTokenCommandTest {
    private static final String KEY = "CLAUDE_CODE_OAUTH_TOKEN";

    @TempDir
    Path dir;

    SyncFixture f;
    StandIns s;
    String home;
    final List<String> secrets = new ArrayList<>();
    final Map<String, String> extraEnv = new HashMap<>();

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void setUp() throws IOException {
        f = new SyncFixture(dir);
        s = f.standIns;
        home = f.home.toString();
        f.allPresent();
    }

    private String credentials(Duration validFor) throws IOException {
        String token = f.writeCredentials(validFor);
        secrets.add(token);
        secrets.add(refreshTokenOf(f.credentialsFile));
        return token;
    }

    private static String refreshTokenOf(Path file) throws IOException {
        String json = Files.readString(file);
        int i = json.indexOf("\"refreshToken\":\"") + 16;
        return json.substring(i, json.indexOf('"', i));
    }

    private Run run(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(f.environment());
        env.putAll(extraEnv);
        Cli cli = new Cli(
                env,
                new BufferedReader(new StringReader("")),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                false,
                ZoneId.of("UTC"),
                (h, st, o) -> new NoLiveSource());
        List<String> full = new ArrayList<>(List.of("--home", home, "sync-token"));
        full.addAll(List.of(args));
        int code = Main.run(cli, full.toArray(String[]::new));
        Run r = new Run(code, out.toString(), err.toString());
        assertNoSecretIn(r);
        return r;
    }

    private void assertNoSecretIn(Run r) throws IOException {
        String everything = r.out() + r.err() + f.logText() + String.join("\n", s.calls());
        for (String secret : secrets) {
            assertThat(everything.contains(secret))
                    .as("a token leaked into the output, log or a command line")
                    .isFalse();
            assertThat(everything.contains(secret.substring(secret.length() - 12)))
                    .as("more than 4 characters of a token leaked")
                    .isFalse();
        }
    }

    private String tail(String token) {
        return "…" + token.substring(token.length() - 4);
    }

    private List<String> logLines() throws IOException {
        return f.logText().lines().toList();
    }

    private String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void firstRunCreatesEnvRecreatesTheSandboxAndLogsOneLine() throws IOException {
        String token = credentials(Duration.ofHours(5));
        extraEnv.put(KEY, "stale-token-from-the-shell-environment");

        Run r = run();

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(s.calls())
                .containsExactly(
                        "claude --print ping @" + home + " token_env=set",
                        "docker compose down @" + home + " token_env=unset",
                        "docker compose up -d @" + home + " token_env=unset");
        assertThat(f.env()).isEqualTo(KEY + "=" + token + "\n");
        assertThat(mode(f.envFile())).isEqualTo("rw-------");
        assertThat(f.sandboxTokenTail())
                .as("the recreated sandbox got the new token")
                .isEqualTo(token.substring(token.length() - 4));
        assertThat(r.out()).contains(tail(token)).contains("sandbox recreated");
        assertThat(r.err()).isEmpty();
        assertThat(logLines())
                .singleElement()
                .asString()
                .matches("^\\d{4}-\\d\\d-\\d\\dT\\S+ INFO run=sync-token outcome=ok exit=0 source=file token="
                        + tail(token)
                        + " changed=yes expires=\\S+Z expires_in=4h5\\dm ping=ok env=written restart=done "
                        + "compose=\"docker compose\" warnings=0$");
        assertThat(TokenSync.restartPendingFile(new Home(f.home))).doesNotExist();
    }

    @Test
    void unchangedTokenLeavesDockerAndEnvAlone() throws IOException {
        credentials(Duration.ofHours(5));
        assertThat(run().exit()).isZero();
        FileTime written = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(f.envFile(), written);
        String before = f.env();
        s.clearCalls();

        Run r = run();

        assertThat(r.exit()).isZero();
        assertThat(s.commands()).containsExactly("claude --print ping");
        assertThat(f.env()).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(f.envFile()))
                .as(".env not even rewritten")
                .isEqualTo(written);
        assertThat(r.out()).contains("left running");
        assertThat(logLines()).hasSize(2);
        assertThat(logLines().get(1))
                .contains("changed=no")
                .contains("env=unchanged")
                .contains("restart=not-needed")
                .doesNotContain("compose=");
    }

    @Test
    void restartOptionRecreatesEvenWhenUnchanged() throws IOException {
        credentials(Duration.ofHours(5));
        run();
        s.clearCalls();

        Run r = run("--restart");

        assertThat(r.exit()).isZero();
        assertThat(s.commands()).containsExactly("claude --print ping", "docker compose down", "docker compose up -d");
        assertThat(r.out()).contains("--restart was given");
    }

    @Test
    void newTokenReplacesTheOldOneAndEveryOtherLineStays() throws IOException {
        String token = credentials(Duration.ofHours(6));
        String layout = "# ChatGeist\r\nTELEGRAM_API_ID=123\r\n\r\nexport " + KEY + "=\"sk-ant-oat01-old\" # synced\r\n"
                + "TELEGRAM_API_HASH='abc def'\r\n" + KEY + "=again";
        Files.writeString(f.envFile(), layout);
        Files.setPosixFilePermissions(f.envFile(), PosixFilePermissions.fromString("rw-r--r--"));

        Run r = run();

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(f.env())
                .isEqualTo("# ChatGeist\r\nTELEGRAM_API_ID=123\r\n\r\nexport " + KEY + "=\"" + token
                        + "\" # synced\r\nTELEGRAM_API_HASH='abc def'\r\n" + KEY + "=" + token);
        assertThat(mode(f.envFile())).isEqualTo("rw-------");
        assertThat(s.commands()).containsExactly("claude --print ping", "docker compose down", "docker compose up -d");
    }

    @Test
    void aSymlinkedEnvIsUpdatedWhereItPointsAndStaysALink() throws IOException {
        String token = credentials(Duration.ofHours(5));
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Path real = secrets.resolve("chatgeist.env");
        Files.writeString(real, "A=1\n");
        Files.createSymbolicLink(f.envFile(), Path.of("..", "secrets", "chatgeist.env"));

        Run r = run();

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(f.envFile()).isSymbolicLink();
        assertThat(Files.readString(real)).isEqualTo("A=1\n" + KEY + "=" + token + "\n");
        assertThat(mode(real)).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(secrets)) {
            assertThat(files).containsExactly(real);
        }
    }

    @Test
    void thePingRunsFirstSoARefreshedTokenIsTheOneSynced() throws IOException {
        credentials(Duration.ofMinutes(5));
        Path fresh = dir.resolve("fresh.json");
        String refreshed = ClaudeLogins.writeCredentials(fresh, Duration.ofHours(8));
        secrets.add(refreshed);
        secrets.add(refreshTokenOf(fresh));
        s.claude(StandIns.Claude.OK, fresh, f.credentialsFile);

        Run r = run();

        assertThat(r.exit()).isZero();
        assertThat(f.env()).isEqualTo(KEY + "=" + refreshed + "\n");
        assertThat(r.err())
                .as("no expiry warning: the refreshed token is good for 8 h")
                .isEmpty();
    }

    @Test
    void missingClaudeCliIsOnlyAWarning() throws IOException {
        String token = credentials(Duration.ofHours(5));
        s.remove("claude");

        Run r = run();

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("warning: the Claude CLI (`claude`) is not on PATH (" + s.bin() + ")");
        assertThat(f.env()).contains(token);
        assertThat(s.commands()).containsExactly("docker compose down", "docker compose up -d");
        assertThat(logLines())
                .singleElement()
                .asString()
                .contains(" WARN ")
                .contains("ping=absent")
                .contains("warnings=1");
    }

    @Test
    void failingClaudeCliIsOnlyAWarning() throws IOException {
        credentials(Duration.ofHours(5));
        s.claude(StandIns.Claude.FAIL, null, null);

        Run r = run();

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("`claude --print ping` failed (exit 1: Invalid API key · Please run /login)");
        assertThat(logLines().get(0)).contains("ping=failed").contains("restart=done");
    }

    @Test
    void tokenExpiringWithinAnHourIsWarnedAbout() throws IOException {
        credentials(Duration.ofMinutes(30));
        Run r = run();
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("expires soon").contains("(in 29m)");
        assertThat(logLines().get(0)).contains(" WARN ").contains("expires_in=29m");
    }

    @Test
    void expiredTokenIsStillSyncedButTheRunFails() throws IOException {
        String token = credentials(Duration.ofHours(-2));
        Run r = run();
        assertThat(r.exit()).isEqualTo(6);
        assertThat(r.err())
                .contains("expired at")
                .contains("(2h00m ago)")
                .contains("claude auth login")
                .contains("token EXPIRED");
        assertThat(f.env()).contains(token);
        assertThat(logLines().get(0))
                .contains(" ERROR run=sync-token outcome=failed reason=")
                .contains("exit=6")
                .contains("expires_in=-2h00m");
    }

    @Test
    void noCredentialsFileChangesNothing() throws IOException {
        Files.writeString(f.envFile(), "A=1\n" + KEY + "=keep\n");
        Run r = run();
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err())
                .contains("error: no Claude credentials file at " + f.credentialsFile)
                .contains("claude auth login");
        assertThat(f.env()).isEqualTo("A=1\n" + KEY + "=keep\n");
        assertThat(s.commands()).containsExactly("claude --print ping");
        assertThat(logLines())
                .singleElement()
                .asString()
                .contains("exit=3")
                .contains("token=none")
                .contains("outcome=failed reason=\"no Claude credentials file");
    }

    @Test
    void credentialsWithoutTheFieldsChangeNothing() throws IOException {
        Files.createDirectories(f.credentialsFile.getParent());
        Files.writeString(f.credentialsFile, "{\"claudeAiOauth\":{\"refreshToken\":\"r\",\"expiresAt\":1}}");
        Run r = run();
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("has no claudeAiOauth.accessToken");
        assertThat(f.envFile()).doesNotExist();
        assertThat(s.commands()).containsExactly("claude --print ping");
    }

    @Test
    void credentialsFileFromEnvFile() throws IOException {
        Path elsewhere = dir.resolve("elsewhere.json");
        String token = ClaudeLogins.writeCredentials(elsewhere, Duration.ofHours(3));
        secrets.add(token);
        Files.writeString(f.envFile(), "CLAUDE_CREDENTIALS_FILE=" + elsewhere + "\n");
        Run r = run();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(f.env()).isEqualTo("CLAUDE_CREDENTIALS_FILE=" + elsewhere + "\n" + KEY + "=" + token + "\n");
    }

    @Test
    void keychainSource() throws IOException {
        Path item = dir.resolve("keychain-item.json");
        String token = ClaudeLogins.writeCredentials(item, Duration.ofHours(7));
        secrets.add(token);
        s.security(StandIns.Security.FOUND, item);

        Run r = run("--from", "keychain");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(s.commands())
                .containsExactly(
                        "claude --print ping",
                        "security find-generic-password -s 'Claude Code-credentials' -w",
                        "docker compose down",
                        "docker compose up -d");
        assertThat(f.env()).isEqualTo(KEY + "=" + token + "\n");
        assertThat(logLines().get(0)).contains("source=keychain");
    }

    @Test
    void missingKeychainItem() throws IOException {
        s.security(StandIns.Security.MISSING, null);
        Run r = run("--from", "keychain");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err())
                .contains("no Keychain item \"Claude Code-credentials\"")
                .contains("claude auth login");
        assertThat(f.envFile()).doesNotExist();
    }

    @Test
    void keychainWhereThereIsNoKeychain() throws IOException {
        Run r = run("--from", "keychain");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("`security` program is not on PATH").contains("--from file");
    }

    @Test
    void unknownSourceIsAUsageError() throws IOException {
        Run r = run("--from", "vault");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--from must be keychain or file, not 'vault'");
        assertThat(s.calls()).isEmpty();
    }

    @Test
    void missingHomeDirectory() throws IOException {
        credentials(Duration.ofHours(5));
        home = dir.resolve("no-such-home").toString();
        Run r = run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("home directory " + home + " does not exist");
        assertThat(Path.of(home)).doesNotExist();
    }

    @Test
    void readOnlyEnvFileIsRefusedAndDockerUntouched() throws Exception {
        credentials(Duration.ofHours(5));
        Files.writeString(f.envFile(), "A=1\n" + KEY + "=old\n");
        Run r;
        try (Unwritable u = Unwritable.make(f.envFile())) {
            r = run();
        }
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains(f.envFile() + " is read-only").contains("chmod 600");
        assertThat(f.env()).isEqualTo("A=1\n" + KEY + "=old\n");
        assertThat(s.commands()).containsExactly("claude --print ping");
        assertThat(TokenSync.restartPendingFile(new Home(f.home))).doesNotExist();
        assertThat(logLines().get(0)).contains("exit=4").contains("env=failed").contains("restart=skipped");
    }

    @Test
    void unwritableHomeKeepsTheOldEnvAndDockerUntouched() throws Exception {
        String old = credentials(Duration.ofHours(5));
        assertThat(run().exit()).isZero();
        String newToken = credentials(Duration.ofHours(6));
        s.clearCalls();
        Run r;
        try (Unwritable u = Unwritable.make(f.home)) {
            r = run();
        }
        assertThat(r.exit()).isEqualTo(4);
        assertThat(r.err()).contains("the home directory must be writable by this user");
        assertThat(f.env()).isEqualTo(KEY + "=" + old + "\n");
        assertThat(s.commands()).containsExactly("claude --print ping");
        try (Stream<Path> files = Files.list(f.home)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".env", ".sync-token.lock", "logs", "sandbox-token.txt");
        }

        Run again = run();
        assertThat(again.exit()).isZero();
        assertThat(f.env()).isEqualTo(KEY + "=" + newToken + "\n");
    }

    @Test
    void dockerNotRunningUpdatesEnvFailsAndTheNextRunRecreates() throws IOException {
        String token = credentials(Duration.ofHours(5));
        s.docker(StandIns.Docker.DAEMON_DOWN);

        Run r = run();

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err())
                .contains("Docker is not running")
                .contains(StandIns.DAEMON_DOWN_MESSAGE)
                .contains("start Docker Desktop")
                .contains("`docker compose down` failed");
        assertThat(f.env()).as(".env is updated all the same").isEqualTo(KEY + "=" + token + "\n");
        assertThat(s.commands()).containsExactly("claude --print ping", "docker compose down", "docker compose up -d");
        assertThat(logLines().get(0))
                .contains("exit=5")
                .contains("restart=failed")
                .contains("env=written");
        Path pending = TokenSync.restartPendingFile(new Home(f.home));
        assertThat(pending).exists();

        s.docker(StandIns.Docker.OK);
        s.clearCalls();
        Run retry = run();
        assertThat(retry.exit()).isZero();
        assertThat(retry.out()).contains("a previous recreate did not finish");
        assertThat(s.commands()).containsExactly("claude --print ping", "docker compose down", "docker compose up -d");
        assertThat(pending).doesNotExist();

        s.clearCalls();
        assertThat(run().exit()).isZero();
        assertThat(s.commands()).containsExactly("claude --print ping");
    }

    @Test
    void failingDownIsReportedAndUpStillRuns() throws IOException {
        credentials(Duration.ofHours(5));
        s.docker(StandIns.Docker.DOWN_FAILS);
        Run r = run();
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("`docker compose down` failed").contains("trying `docker compose up -d` anyway");
        assertThat(s.commands()).containsExactly("claude --print ping", "docker compose down", "docker compose up -d");
    }

    @Test
    void withoutTheComposePluginDockerComposeIsUsed() throws IOException {
        String token = credentials(Duration.ofHours(5));
        s.docker(StandIns.Docker.NO_COMPOSE_NEW);
        s.dockerCompose(StandIns.DockerCompose.OK);
        Run r = run();
        assertThat(r.exit()).isZero();
        assertThat(s.commands())
                .containsExactly(
                        "claude --print ping", "docker compose down", "docker-compose down", "docker-compose up -d");
        assertThat(f.sandboxTokenTail()).isEqualTo(token.substring(token.length() - 4));
        assertThat(logLines().get(0)).contains("compose=docker-compose");
    }

    @Test
    void dryRunTouchesNothing() throws IOException {
        String token = credentials(Duration.ofHours(5));
        Files.writeString(f.envFile(), "A=1\n");
        Run r = run("--dry-run", "--credentials-out", "credentials.json");
        assertThat(r.exit()).isZero();
        assertThat(s.calls()).isEmpty();
        assertThat(f.env()).isEqualTo("A=1\n");
        assertThat(f.home.resolve("credentials.json")).doesNotExist();
        assertThat(r.out()).contains("would get " + KEY + "=" + tail(token)).contains("would recreate the sandbox");
        assertThat(logLines())
                .singleElement()
                .asString()
                .contains("dry_run=yes")
                .contains("ping=skipped")
                .contains("env=would-write")
                .contains("restart=would-run");
    }

    @Test
    void credentialsOutWritesTheWholeJsonOwnerOnly() throws IOException {
        credentials(Duration.ofHours(5));
        Run r = run("--credentials-out", "sandbox/credentials.json");
        assertThat(r.exit()).as(r.err()).isZero();
        Path out = f.home.resolve("sandbox/credentials.json");
        assertThat(Files.readString(out)).isEqualTo(Files.readString(f.credentialsFile) + "\n");
        assertThat(mode(out)).isEqualTo("rw-------");
        assertThat(logLines().get(0)).contains("credentials_out=written");

        assertThat(run("--credentials-out", out.toString()).exit()).isZero();
        assertThat(logLines().get(1)).contains("credentials_out=unchanged");
    }

    @Test
    void anotherRunInProgressMeansNothingToDo() throws IOException {
        credentials(Duration.ofHours(5));
        try (ProcessLock held = ProcessLock.tryAcquire(TokenSync.lockFile(new Home(f.home)), Duration.ZERO)
                .orElseThrow()) {
            Run r = run();
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("another sync-token run is in progress");
        }
        assertThat(s.calls()).isEmpty();
        assertThat(f.envFile()).doesNotExist();
        assertThat(logLines().get(0)).contains("busy=yes");
    }

    @Test
    void helpDocumentsTheExitCodesAndTheScheduledCommand() throws IOException {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .contains("Exit status:")
                .contains("Docker not running")
                .contains("no usable credentials")
                .contains("APP_DIR/bin/chatgeist --home DIR sync-token")
                .contains("--from=keychain|file")
                .contains("--credentials-out=FILE")
                .contains("--dry-run");
        for (int code = 0; code <= 6; code++) {
            assertThat(r.out()).containsPattern("(?m)^  " + code + " ");
        }
    }

    @Test
    void tokenNeverAppearsEvenWhenProgramsPrintIt() throws IOException {
        String token = credentials(Duration.ofHours(5));
        // a misbehaving program that echoes the token it finds in .env into its error
        s.write("docker", "echo \"invalid value: $(cat .env)\" >&2\nexit 1\n");
        Run r = run();
        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.err()).contains("[redacted]");
        assertThat(Files.readString(f.envFile(), StandardCharsets.UTF_8)).contains(token);
    }
}
