package dev.chatgeist.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.cli.CliRun;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.Settings;
import dev.chatgeist.core.testing.ClaudeLogins;
import dev.chatgeist.telegram.StandinDc;
import dev.chatgeist.telegram.StandinDcExtension;
import dev.chatgeist.testing.AnthropicStandIn;
import dev.chatgeist.testing.BotApiStandIn;
import dev.chatgeist.testing.DockerStandIn;
import dev.chatgeist.testing.TestArchives;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `chatgeist doctor` on real homes with one fault planted at a time. Telegram's DCs are the GramJS stand-in, the Bot
 * API and Anthropic their HTTP stand-ins, Docker its script stand-in; "a proxy in the way" is Python's real HTTP
 * server listening where the DC should be.
 */
class DoctorTest {
    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(100, 1);

    static final String BOT_TOKEN = "7000001:AAH-doctor-test-token-0123456789abcdef";
    static final String API_KEY = "sk-ant-doctor-test-key-0123456789";
    static StandinDc dc;

    @TempDir
    Path dir;

    Path home;
    Path userHome;
    BotApiStandIn botApi;
    AnthropicStandIn anthropic;

    @BeforeAll
    static void start() {
        dc = STANDIN.dc();
    }

    @BeforeEach
    void servers() throws IOException {
        home = Files.createDirectories(dir.resolve("home"));
        userHome = Files.createDirectories(dir.resolve("user"));
        botApi = new BotApiStandIn(BOT_TOKEN);
        anthropic = new AnthropicStandIn(API_KEY);
    }

    @AfterEach
    void stop() {
        botApi.close();
        anthropic.close();
    }

    /** A home as it should be: logged in, .env 0600, bot and Anthropic keys accepted, one archive, a unit for the bot. */
    private Map<String, String> healthyHome() throws IOException {
        Map<String, String> dotEnv = new HashMap<>(dc.env());
        dotEnv.put("TELEGRAM_BOT_TOKEN", BOT_TOKEN);
        dotEnv.put("TELEGRAM_BOT_API_URL", botApi.url().toString());
        dotEnv.put("ANTHROPIC_API_KEY", API_KEY);
        dotEnv.put("ANTHROPIC_BASE_URL", anthropic.baseUrl().toString());
        writeEnv(dotEnv);
        CliRun login =
                CliRun.run(env(), dc.loginCode() + "\n", "--home", home.toString(), "login", "--phone", "+15550001");
        assertThat(login.exit).as(login.toString()).isZero();
        Files.writeString(home.resolve("targets.json"), "{\"chats\": {\"fam\": \"-4242\"}}");
        TestArchives.build(home.resolve("databases"), "fam", 50);
        Path jar = Files.writeString(home.resolve("chatgeist-runtime.jar"), "jar");
        Files.createDirectories(home.resolve("logs"));
        unit("chatgeist-bot.service", "ExecStart=" + javaBin() + " -jar " + jar + " --home " + home + " bot");
        return dotEnv;
    }

    @Test
    void aHealthyHomeIsAllOkAndExitsZero() throws IOException {
        healthyHome();
        CliRun r = doctor();
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).doesNotContain("fail ");
        assertThat(line(r, ".env")).startsWith("ok    .env: present, mode 0600");
        assertThat(line(r, "telegram api")).startsWith("ok ");
        assertThat(line(r, "telegram session")).startsWith("ok ").contains("Telegram accepted the session's key");
        assertThat(line(r, "telegram reachable")).startsWith("ok ").contains("127.0.0.1:" + dc.port(1));
        assertThat(line(r, "bot token")).isEqualTo("ok    bot token: accepted: @" + BotApiStandIn.BOT_USERNAME);
        assertThat(line(r, "anthropic key")).startsWith("ok ").contains("accepted");
        assertThat(line(r, "java")).startsWith("ok    java: Java 1");
        assertThat(line(r, "archives")).isEqualTo("ok    archives: 1 of 1 pass PRAGMA quick_check");
        assertThat(line(r, "scheduler bot")).startsWith("ok ").contains("chatgeist-bot.service");
        assertThat(line(r, "disk")).contains("GB free");
        assertThat(r.all()).doesNotContain(BOT_TOKEN).doesNotContain(API_KEY).doesNotContain(dc.apiHash());
        assertThat(home.resolve("logs").toFile().list())
                .as("the doctor writes no log")
                .allMatch(name -> name.contains("login.log"));
    }

    @Test
    void eachPlantedFaultIsAFailLineWithItsFix() throws Exception {
        Map<String, String> dotEnv = healthyHome();
        dotEnv.put("TELEGRAM_BOT_TOKEN", "7000001:AAH-a-token-botfather-never-issued-xyz");
        dotEnv.put("ANTHROPIC_API_KEY", "sk-ant-revoked-key-000000000000000");
        writeEnv(dotEnv);
        Files.setPosixFilePermissions(home.resolve(".env"), PosixFilePermissions.fromString("rw-r--r--"));
        Path broken = TestArchives.build(home.resolve("databases"), "broken", 3000);
        corrupt(broken);
        TestArchives.build(home.resolve("databases"), "orphan", 10);
        Files.writeString(
                home.resolve("targets.json"),
                "{\"chats\": {\"fam\": \"-4242\", \"broken\": \"@broken\", " + "\"fresh\": \"@fresh_chat\"}}");
        unit(
                "chatgeist-bot.service",
                "ExecStart=" + javaBin() + " -jar " + home.resolve("gone.jar") + " --home " + home + " bot");

        CliRun r = doctor();
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(line(r, ".env"))
                .startsWith("fail  .env: mode 0644")
                .endsWith("fix: chmod 600 " + home.resolve(".env"));
        assertThat(line(r, "bot token"))
                .startsWith("fail  bot token: Telegram rejected TELEGRAM_BOT_TOKEN")
                .contains("@BotFather");
        assertThat(line(r, "anthropic key"))
                .startsWith("fail  anthropic key: Anthropic rejected ANTHROPIC_API_KEY")
                .contains("console.anthropic.com");
        assertThat(line(r, "archive broken"))
                .startsWith("fail  archive broken: ")
                .contains("quick_check")
                .contains("chatgeist update --chat broken");
        assertThat(r.out)
                .contains("warn  archives: no archive yet for fresh — fix: chatgeist update")
                .contains("warn  archives: orphan not in targets.json");
        assertThat(line(r, "scheduler bot"))
                .startsWith("fail ")
                .contains(home.resolve("gone.jar").toString())
                .contains("chatgeist:deploy");
        assertThat(r.all()).doesNotContain("never-issued").doesNotContain("revoked-key");
    }

    @Test
    void missingOrMalformedTelegramValuesAndNoSession() throws IOException {
        Files.writeString(home.resolve("targets.json"), "{\"chats\": {\"fam\": \"-4242\"}}");
        writeEnv(Map.of(
                "TELEGRAM_API_ID",
                "12ab",
                "TELEGRAM_API_HASH",
                "not-a-hash",
                "TELEGRAM_DC",
                "1@127.0.0.1:" + dc.port(1)));
        CliRun r = doctor();
        assertThat(r.exit).isEqualTo(1);
        assertThat(line(r, "telegram api")).startsWith("fail  telegram api: TELEGRAM_API_ID must be the number");
        assertThat(line(r, "telegram session"))
                .startsWith("fail  telegram session: no ")
                .endsWith("fix: chatgeist login");
        assertThat(line(r, "telegram reachable")).startsWith("ok ").contains("accepts connections");
        assertThat(line(r, "scheduler")).startsWith("warn  scheduler: no scheduled job runs on " + home);
    }

    @Test
    void aSessionTelegramNoLongerKnows() throws Exception {
        healthyHome();
        Path session = home.resolve("telegram.session");
        String text = Files.readString(session);
        String key = text.replaceAll("(?s).*\"auth_key\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        byte[] other = new byte[256];
        new java.util.Random(7).nextBytes(other);
        Files.writeString(session, text.replace(key, Base64.getEncoder().encodeToString(other)));
        CliRun r = doctor();
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(line(r, "telegram session"))
                .startsWith("fail  telegram session: Telegram no longer accepts")
                .endsWith("fix: chatgeist logout, then chatgeist login");
        assertThat(Files.readString(session))
                .as("the doctor saves nothing")
                .contains(Base64.getEncoder().encodeToString(other));
    }

    @Test
    void somethingAnsweringHttpWhereTelegramShouldBe() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process http = new ProcessBuilder(
                        "python3",
                        "-m",
                        "http.server",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--directory",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            awaitListening(port);
            writeEnv(Map.of(
                    "TELEGRAM_API_ID",
                    "12345",
                    "TELEGRAM_API_HASH",
                    "0123456789abcdef0123456789abcdef",
                    "TELEGRAM_DC",
                    "2@127.0.0.1:" + port));
            CliRun r = doctor();
            assertThat(line(r, "telegram reachable"))
                    .startsWith("fail  telegram reachable: something answered HTTP " + "at 127.0.0.1:" + port
                            + " (\"<!DOCTYPE HTML>")
                    .contains("not Telegram")
                    .contains("fix: let this machine reach Telegram directly");
        } finally {
            http.destroy();
            http.waitFor(5, TimeUnit.SECONDS);
        }
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        writeEnv(Map.of("TELEGRAM_DC", "2@127.0.0.1:" + closed));
        assertThat(line(doctor(), "telegram reachable"))
                .startsWith("fail  telegram reachable: DC 2 at 127.0.0.1:" + closed + ": connection refused");
    }

    @Test
    void theDockerSandboxAndTheClaudeTokenExpiry() throws Exception {
        DockerStandIn docker = new DockerStandIn(dir.resolve("docker-bin"));
        Path credentials = dir.resolve("claude/.credentials.json");
        ClaudeLogins.writeCredentials(credentials, Duration.ofHours(5));
        writeEnv(Map.of(
                "TELEGRAM_BOT_TOKEN",
                BOT_TOKEN,
                "TELEGRAM_BOT_API_URL",
                botApi.url().toString(),
                "CHATGEIST_ANALYST",
                "docker",
                "CLAUDE_CREDENTIALS_FILE",
                credentials.toString()));
        Map<String, String> env = env();
        env.put("PATH", docker.path());
        CliRun ok = doctor(env);
        assertThat(line(ok, "claude sandbox"))
                .startsWith("ok    claude sandbox: claude-sandbox is running and its " + "Claude CLI answers");
        assertThat(line(ok, "claude token"))
                .startsWith("ok    claude token: expires ")
                .contains("in 4 h");

        docker.mode("stopped");
        ClaudeLogins.writeCredentials(credentials, Duration.ofHours(-2));
        CliRun bad = doctor(env);
        assertThat(bad.exit).isEqualTo(1);
        assertThat(line(bad, "claude sandbox"))
                .startsWith("fail  claude sandbox: the container claude-sandbox is " + "not running")
                .contains("docker compose up -d");
        assertThat(line(bad, "claude token"))
                .startsWith("fail  claude token: expired at ")
                .endsWith("fix: claude auth login, then chatgeist sync-token");

        docker.mode("nodaemon");
        assertThat(line(doctor(env), "claude sandbox")).startsWith("fail  claude sandbox: Docker is not running");
    }

    /** macOS stands in here: launch agents are real files in a stand-in home, pmset a script answering as macOS does. */
    @Test
    void onAMacTheLaunchAgentsAndTheSleepSetting() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("mac-bin"));
        Path pmset = Files.writeString(
                bin.resolve("pmset"),
                "#!/bin/sh\ncat <<'EOF'\nSystem-wide power settings:\n"
                        + "Currently in use:\n standby              1\n sleep                10 (sleep prevented by sharingd)\n"
                        + " displaysleep         10\nEOF\n");
        Files.setPosixFilePermissions(pmset, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path agents = Files.createDirectories(userHome.resolve("Library/LaunchAgents"));
        Path launcher = Files.createDirectories(home.resolve("bin")).resolve("chatgeist");
        Files.writeString(launcher, "#!/bin/sh\n");
        Files.writeString(
                agents.resolve("com.chatgeist.update.plist"),
                plist(
                        "com.chatgeist.update",
                        List.of(launcher.toString(), "--home", home.toString(), "update"),
                        home.resolve("logs/update.out.log")));
        Files.writeString(
                agents.resolve("com.chatgeist.sync-token.plist"),
                plist(
                        "com.chatgeist.sync-token",
                        List.of(home.resolve("old/bin/chatgeist").toString(), "--home", home.toString(), "sync-token"),
                        home.resolve("logs/sync-token.out.log")));
        Files.createDirectories(home.resolve("logs"));
        Map<String, String> env = env();
        env.put("PATH", bin + ":/usr/bin:/bin");
        env.put("TELEGRAM_DC", dc.env().get("TELEGRAM_DC")); // loopback only, never Telegram's production DC
        Examination mac = new Examination(
                new Home(home),
                Settings.of(env),
                env,
                "Mac OS X",
                Clock.systemUTC(),
                Duration.ofSeconds(3),
                dir.resolve("no-system-units"));
        List<Finding> findings = new Doctor().examine(mac);
        String report = findings.stream().map(Finding::line).collect(Collectors.joining("\n"));
        assertThat(report)
                .contains("ok    scheduler update: " + agents.resolve("com.chatgeist.update.plist") + " runs "
                        + launcher);
        assertThat(report)
                .contains("fail  scheduler sync-token: " + agents.resolve("com.chatgeist.sync-token.plist")
                        + " names what does not exist: " + home.resolve("old/bin/chatgeist"));
        assertThat(report)
                .contains("warn  sleep: the Mac sleeps after 10 min idle")
                .contains("sudo pmset -c sleep 0");
        assertThat(Doctor.anyFailed(findings)).isTrue();
    }

    @Test
    void theCrontabBlockIsReadAsInstallLocalAndDeployWriteIt() {
        String crontab = "MAILTO=\"\"\n# BEGIN chatgeist\n# update: every hour\n"
                + "0 * * * * cd '/srv/cg' && PATH='/usr/local/bin:/usr/bin:/bin' '/srv/cg/bin/chatgeist' '--home' "
                + "'/srv/cg' 'update' >> '/srv/cg/logs/update.out.log' 2>&1\n# END chatgeist\n5 * * * * other job\n";
        List<SchedulerCheck.Entry> entries = SchedulerCheck.crontabEntries(crontab);
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.job()).isEqualTo("update");
            assertThat(e.outLog()).isEqualTo("/srv/cg/logs/update.out.log");
            assertThat(e.words())
                    .contains("/srv/cg/bin/chatgeist", "/srv/cg")
                    .doesNotContain(">>")
                    .noneMatch(w -> w.startsWith("PATH="));
        });
    }

    // --- helpers ---

    private CliRun doctor() {
        return doctor(env());
    }

    private CliRun doctor(Map<String, String> env) {
        return CliRun.run(env, "", "--home", home.toString(), "doctor", "--timeout", "5");
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", userHome.toString());
        return env;
    }

    private static String line(CliRun r, String topic) {
        return r.out.lines()
                .filter(l -> l.length() > 6 && l.substring(6).startsWith(topic + ":"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + topic + "' line in:\n" + r));
    }

    /**
     * Writes the home's .env. A test that names no TELEGRAM_DC gets the stand-in's: without one the doctor would
     * probe Telegram's production DC, and tests reach nothing but loopback.
     */
    private void writeEnv(Map<String, String> given) throws IOException {
        Map<String, String> values = new HashMap<>(given);
        values.putIfAbsent("TELEGRAM_DC", dc.env().get("TELEGRAM_DC"));
        String text = values.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        Path env = home.resolve(".env");
        Files.writeString(env, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
    }

    private void unit(String name, String execStart) throws IOException {
        Path dir = Files.createDirectories(userHome.resolve(".config/systemd/user"));
        Files.writeString(dir.resolve(name), "[Service]\nWorkingDirectory=" + home + "\n" + execStart + "\n");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Overwrites the middle of the file (b-tree pages, not the header) with garbage, as a failing disk might. */
    private static void corrupt(Path db) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] junk = new byte[8192];
            java.util.Arrays.fill(junk, (byte) 0x5a);
            f.seek(Math.max(4096, f.length() / 2 / 4096 * 4096));
            f.write(junk);
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("python3 -m http.server did not start on " + port);
    }

    private static String plist(String label, List<String> args, Path outLog) {
        String strings =
                args.stream().map(a -> "\t\t<string>" + a + "</string>").collect(Collectors.joining("\n"));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                + "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n"
                + "\t<key>Label</key>\n\t<string>" + label + "</string>\n\t<key>ProgramArguments</key>\n\t<array>\n"
                + strings + "\n\t</array>\n\t<key>StandardOutPath</key>\n\t<string>" + outLog + "</string>\n"
                + "</dict>\n</plist>\n";
    }
}
