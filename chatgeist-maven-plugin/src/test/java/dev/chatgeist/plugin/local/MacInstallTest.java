package dev.chatgeist.plugin.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.InventoryLoader;
import dev.chatgeist.plugin.inventory.LoaderEnvironment;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.render.TemplateEngine;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.SecretMasker;
import dev.chatgeist.plugin.task.TaskRunner;
import dev.chatgeist.plugin.testing.RecordingOutput;
import dev.chatgeist.plugin.testing.StandIns;
import dev.chatgeist.plugin.transport.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * install-local, uninstall-local and status for a macOS host, run on Linux. launchctl, pmset and security cannot
 * run here: {@link StandIns} puts recording stand-ins for them first on PATH, and the tests assert the exact
 * command sequence. Everything else (files, modes, the state batch) is real, in a temporary HOME.
 */
class MacInstallTest {
    @TempDir
    Path tmp;

    Path home;
    Path project;
    StandIns standIns;
    LocalTransport transport;
    final RecordingOutput recorder = new RecordingOutput();
    final List<String> out = recorder.lines();

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("Users/me"));
        project = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(project.resolve("runtime.jar"), "jar v1");
        Files.writeString(project.resolve("targets.json"), "{\"chats\": {\"durov\": \"@durov\"}}\n");
        standIns = StandIns.install(tmp.resolve("standins"));
        transport = new LocalTransport(
                Map.of("PATH", standIns.bin() + ":/usr/bin:/bin", "HOME", home.toString()),
                home,
                Duration.ofSeconds(30));
    }

    Host host(String jobs) throws Exception {
        return new InventoryLoader(new LoaderEnvironment("me", home, Platform.MACOS, "/usr/bin/java"))
                .parse(project.resolve("inventory.yaml"), """
                        all:
                          hosts:
                            mac:
                              ansible_connection: local
                              chatgeist_platform: macos
                              chatgeist_jobs: %s
                        """.formatted(jobs))
                .hosts()
                .get(0);
    }

    Recap install(Host host, boolean check) throws Exception {
        var files = new HostRenderer(new TemplateEngine(null)).render(host);
        var tasks = LocalPlans.install(
                host,
                files,
                new ProjectFiles(
                        project.resolve("runtime.jar"),
                        project.resolve("targets.json"),
                        project.resolve("prompts"),
                        project.resolve(".env")),
                "me");
        return new TaskRunner(output(), check, true, SecretMasker.none()).run(host.name(), transport, tasks);
    }

    Output output() {
        return recorder;
    }

    String uid() throws Exception {
        return transport.exec("id -u").stdout().strip();
    }

    String agents() {
        return home + "/Library/LaunchAgents";
    }

    /** The state batch's reads: they run at the same time, so their order is not fixed. */
    private static final List<String> READS = List.of(
            "launchctl list com.chatgeist.update",
            "launchctl list com.chatgeist.sync-token",
            "launchctl list com.chatgeist.bot",
            "pmset -g custom");

    /** The recorded calls: {@code reads} in any order, then exactly {@code changes} in this order. */
    private void assertCalls(List<String> reads, String... changes) throws Exception {
        List<String> calls = standIns.calls();
        assertThat(calls).hasSize(reads.size() + changes.length);
        assertThat(calls.subList(0, reads.size())).containsExactlyInAnyOrderElementsOf(reads);
        assertThat(calls.subList(reads.size(), calls.size())).containsExactly(changes);
    }

    @Test
    void firstInstallLoadsAgentsSecondRunIsAllOkAndTouchesNothing() throws Exception {
        Host mac = host("{update: \"1h\", sync-token: \"4h\", bot: false}");
        Recap first = install(mac, false);
        assertThat(first.failed()).as(String.join("\n", out)).isZero();
        String uid = uid();
        // one state batch (its probes run at the same time, in any order): everything the tasks need to know,
        // read before any change; then the changes in order
        assertCalls(
                READS,
                "launchctl bootstrap gui/" + uid + " " + agents() + "/com.chatgeist.update.plist",
                "launchctl bootstrap gui/" + uid + " " + agents() + "/com.chatgeist.sync-token.plist");
        assertThat(standIns.loaded("com.chatgeist.update")).isTrue();
        assertThat(standIns.loaded("com.chatgeist.bot")).isFalse();
        Path app = home.resolve("chatgeist");
        assertThat(app.resolve("chatgeist-runtime.jar")).hasContent("jar v1");
        assertThat(app.resolve("targets.json")).hasSameTextualContentAs(project.resolve("targets.json"));
        assertThat(app.resolve("logs")).isDirectory();
        assertThat(app.resolve("docker-compose.yml")).exists();
        assertThat(Path.of(agents(), "com.chatgeist.update.plist")).content().contains("<integer>3600</integer>");
        assertThat(Path.of(agents(), "com.chatgeist.bot.plist")).doesNotExist();
        // sleep on AC is 1 in the stand-in: the exact fix is printed
        assertThat(out).anySatisfy(l -> assertThat(l).contains("sudo pmset -c sleep 0 disksleep 0 displaysleep 0"));
        assertThat(out).anySatisfy(l -> assertThat(l).contains(".env does not exist"));

        standIns.clearCalls();
        long mtime = Files.getLastModifiedTime(Path.of(agents(), "com.chatgeist.update.plist"))
                .toMillis();
        Recap second = install(mac, false);
        assertThat(second.changed()).as(String.join("\n", out)).isZero();
        assertThat(second.failed()).isZero();
        assertCalls(READS);
        assertThat(Files.getLastModifiedTime(Path.of(agents(), "com.chatgeist.update.plist"))
                        .toMillis())
                .isEqualTo(mtime);
    }

    @Test
    void onlyTheAgentWhosePlistChangedIsReloadedAndDisabledOnesAreRemoved() throws Exception {
        install(host("{update: \"1h\", sync-token: \"4h\", bot: service}"), false);
        Files.writeString(tmp.resolve("standins/state/ac-sleep"), "0");
        standIns.clearCalls();
        out.clear();
        Recap r = install(host("{update: \"30m\", sync-token: \"4h\", bot: false}"), false);
        assertThat(r.failed()).as(String.join("\n", out)).isZero();
        String uid = uid();
        assertCalls(
                READS,
                "launchctl bootout gui/" + uid + "/com.chatgeist.update",
                "launchctl bootstrap gui/" + uid + " " + agents() + "/com.chatgeist.update.plist",
                "launchctl bootout gui/" + uid + "/com.chatgeist.bot");
        assertThat(Path.of(agents(), "com.chatgeist.bot.plist")).doesNotExist();
        assertThat(standIns.loaded("com.chatgeist.bot")).isFalse();
        assertThat(out).anySatisfy(l -> assertThat(l).isEqualTo("-\t<integer>3600</integer>"));
        assertThat(out).anySatisfy(l -> assertThat(l).isEqualTo("+\t<integer>1800</integer>"));
        assertThat(out).noneSatisfy(l -> assertThat(l).contains("sudo pmset"));
    }

    @Test
    void oldMacOsFallsBackToLoadAndUnload() throws Exception {
        Files.writeString(tmp.resolve("standins/state/no-bootstrap"), "");
        install(host("{update: \"1h\", sync-token: false, bot: false}"), false);
        String uid = uid();
        assertThat(standIns.calls())
                .containsSubsequence(
                        "launchctl bootstrap gui/" + uid + " " + agents() + "/com.chatgeist.update.plist",
                        "launchctl load " + agents() + "/com.chatgeist.update.plist");
        assertThat(standIns.loaded("com.chatgeist.update")).isTrue();
    }

    @Test
    void checkModeReportsChangesAndChangesNothing() throws Exception {
        Recap r = install(host("{update: \"1h\", sync-token: \"4h\", bot: false}"), true);
        assertThat(r.changed()).isPositive();
        assertThat(home.resolve("chatgeist")).doesNotExist();
        assertThat(home.resolve("Library")).doesNotExist();
        assertThat(standIns.calls()).allSatisfy(c -> assertThat(c).matches("launchctl list .*|pmset -g custom"));
        assertThat(out)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("changed: [mac] file ")
                        .endsWith("com.chatgeist.update.plist (created; check mode: not applied)"));
    }

    @Test
    void uninstallBootsOutAndRemovesExactlyTheAgents() throws Exception {
        install(host("{update: \"1h\", sync-token: \"4h\", bot: service}"), false);
        Files.writeString(home.resolve("Library/LaunchAgents/com.example.other.plist"), "keep");
        standIns.clearCalls();
        Recap r = new TaskRunner(output(), false, false, SecretMasker.none())
                .run("mac", transport, LocalPlans.uninstall(host("{update: \"1h\"}"), "me"));
        assertThat(r.failed()).isZero();
        String uid = uid();
        assertCalls(
                READS.subList(0, 3),
                "launchctl bootout gui/" + uid + "/com.chatgeist.update",
                "launchctl bootout gui/" + uid + "/com.chatgeist.sync-token",
                "launchctl bootout gui/" + uid + "/com.chatgeist.bot");
        try (var list = Files.list(home.resolve("Library/LaunchAgents"))) {
            assertThat(list).extracting(p -> p.getFileName().toString()).containsExactly("com.example.other.plist");
        }
        assertThat(home.resolve("chatgeist/chatgeist-runtime.jar")).exists();
    }

    @Test
    void statusShowsAgentsLogsAndTokenExpiryWithoutTheToken() throws Exception {
        Host mac = host("{update: \"1h\", sync-token: \"0 */4 * * *\", bot: false}");
        install(mac, false);
        Path logs = home.resolve("chatgeist/logs");
        // the runtime's outcome lines (core RunOutcome): an hourly run that worked, then one that failed
        Files.writeString(
                logs.resolve("update.log"),
                "2026-11-26T12:00:02Z INFO run=update outcome=ok chats=1 new=3"
                        + " duration_ms=900\n2026-11-26T12:50:01Z ERROR run=update outcome=failed reason=\"not logged in to"
                        + " Telegram: run chatgeist login\" duration_ms=120\n");
        Instant now = Instant.parse("2026-11-26T13:05:00Z");
        long expires = now.plus(Duration.ofHours(5)).plusSeconds(12 * 60).toEpochMilli();
        Files.writeString(
                tmp.resolve("standins/state/keychain.json"),
                "{\"claudeAiOauth\":{\"accessToken\":"
                        + "\"sk-ant-oat01-SECRETSECRET\",\"refreshToken\":\"sk-ant-ort01-SECRET2\",\"expiresAt\":"
                        + expires
                        + "}}");
        standIns.clearCalls();
        // the runtime's Keychain reader (as sync-token and push-credentials use it), running the security stand-in
        var keychain = new dev.chatgeist.core.credentials.KeychainCredentials(
                new dev.chatgeist.core.process.ProgramRunner(transport.environment()), home);
        List<String> lines = new LocalStatus(ZoneOffset.UTC, now, 5, keychain, "me").report(mac, transport);
        String text = String.join("\n", lines);
        assertThat(text).doesNotContain("SECRET");
        assertThat(text)
                .contains("update (every 1h): installed; loaded, not running, last exit status 0; last run"
                        + " 2026-11-26 12:50 FAILED: not logged in to Telegram: run chatgeist login; next run"
                        + " 2026-11-26 13:50")
                .contains("sync-token (cron \"0 */4 * * *\"): installed; loaded, not running, last exit status 0;"
                        + " last run never seen (no outcome line in logs/sync_token.log); next run 2026-11-26 16:00")
                .contains("bot: not installed (off in the inventory)")
                .contains("outcome=failed reason=\"not logged in")
                .contains("logs/sync_token.log: (none yet)")
                .contains(
                        "token: expires 2026-11-26 18:17 (in 5h 12m; macOS Keychain item \"Claude Code-credentials\")");
        assertThat(standIns.calls()).contains("security find-generic-password -s Claude Code-credentials -w");
    }
}
