package dev.chatgeist.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.plugin.task.Sha256;
import dev.chatgeist.plugin.testhost.DebianTestHost;
import dev.chatgeist.plugin.testhost.SshKeys;
import dev.chatgeist.plugin.testing.BotApiStandIn;
import dev.chatgeist.plugin.testing.RuntimeJar;
import dev.chatgeist.plugin.testing.TestJars;
import dev.chatgeist.plugin.transport.SshLibrary;
import dev.chatgeist.plugin.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's deploy scenarios against a real Debian server (systemd, cron, sudo, OpenSSH; see DebianTestHost),
 * run in order on one host per class, with the real runtime jar (its bot polls a Bot API stand-in): first deploy, a second one that changes nothing,
 * check mode, a foreign crontab line, a connection killed mid-upload, a broken jar rolled back, the rollback goal,
 * host keys, parallel hosts with one unreachable. Subclasses pick the SSH library.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DeployScenarios {
    private static final String APP = DeployFixture.APP;
    private static final String UNIT = DeployTasks.BOT_UNIT;
    /** Stands for a token from @BotFather; the stand-in accepts only this one. */
    private static final String BOT_TOKEN = "7000000001:AAE-test-token-never-printed-4f2b9";

    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final String API_KEY = "sk-ant-api03-deploy-test-key-never-used-000";
    /** The bot user's own crontab, with a byte that is not UTF-8: it must survive every deploy byte for byte. */
    private static final byte[] FOREIGN_CRONTAB = concat(
            "MAILTO=\"\"\n# bot's own backup job, not ours\n".getBytes(StandardCharsets.UTF_8),
            new byte[] {'#', ' ', (byte) 0xE9, 't', (byte) 0xE9, '\n'},
            "17 3 * * 1 /usr/bin/true backup\n".getBytes(StandardCharsets.UTF_8));

    private Path project;
    private DeployFixture f;
    private BotApiStandIn botApi;
    private Path goodJar;
    private String goodJarHash;

    protected abstract DebianTestHost host();

    protected abstract SshLibrary library();

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        project = tmp;
        f = new DeployFixture(project, host(), library());
        botApi = new BotApiStandIn(BOT_TOKEN);
        goodJar = project.resolve("dist/chatgeist-runtime.jar");
        Files.createDirectories(goodJar.getParent());
        Files.copy(RuntimeJar.withBotCommand(), goodJar);
        goodJarHash = Sha256.hex(goodJar);
        f.jar = goodJar;
        f.writeEnv("# secrets of the test deploy\nTELEGRAM_API_ID=12345\nTELEGRAM_API_HASH=" + API_HASH + "\n"
                + "TELEGRAM_BOT_TOKEN=" + BOT_TOKEN + "\nTELEGRAM_BOT_API_URL=" + botApi.url() + "\n"
                // the bot checks its analyst's key at start; nobody asks a question, so it is never used
                + "ANTHROPIC_API_KEY=" + API_KEY + "\n");
        try (Transport bot = host().connect(library())) {
            Transport.ExecResult r = bot.exec("crontab -", FOREIGN_CRONTAB);
            assertThat(r.ok()).as(r.stderr()).isTrue();
        }
    }

    @AfterAll
    void tearDown() {
        if (botApi != null) {
            botApi.close();
        }
    }

    @Test
    @Order(1)
    void firstDeployBringsUpTheServiceCrontabAndFiles() throws Exception {
        DeployFixture.Run run = f.deploy(false, false);
        assertThat(run.failed()).as(run.text()).isZero();
        assertThat(run.changed()).isGreaterThan(10);
        assertNoSecrets(run);
        assertThat(run.text())
                .contains("changed: [testhost] unit chatgeist-bot.service (enabled, started; health"
                        + " check: stays active for 2 s without restarts)")
                .contains("skipping: [testhost] docker sandbox claude-sandbox (Docker is not installed on this host")
                .containsPattern("testhost\\s+: ok=\\d+\\s+changed=\\d+\\s+failed=0 .*\\(\\d+ ms\\)")
                .containsPattern("deploy phase: \\d+ ms \\(connect -> recap; 1 host, forks 5\\)");

        try (Transport bot = host().connect(library())) {
            assertThat(bot.exec("systemctl is-active " + UNIT).stdout()).isEqualTo("active\n");
            assertThat(bot.exec("systemctl is-enabled " + UNIT).stdout()).isEqualTo("enabled\n");
            String cmdline = bot.exec("tr '\\0' ' ' < /proc/$(systemctl show -p MainPID --value " + UNIT
                            + ")/cmdline; ps -o user= -p $(systemctl show -p MainPID --value " + UNIT + ")")
                    .stdout();
            assertThat(cmdline)
                    .contains(APP + "/chatgeist-runtime.jar --home " + APP + " bot")
                    .endsWith("bot\n");
            awaitBotPolling();
        }
        byte[] crontab = Files.readAllBytes(host().path("/var/spool/cron/crontabs/bot"));
        assertThat(indexOf(crontab, FOREIGN_CRONTAB))
                .as("the user's own lines, byte for byte")
                .isNotNegative();
        String cron = new String(crontab, StandardCharsets.ISO_8859_1);
        assertThat(cron)
                .contains("# BEGIN chatgeist")
                .contains("0 */4 * * * cd " + APP + " && ")
                .contains("CHATGEIST_JAVA=/usr/local/bin/java " + APP + "/bin/chatgeist --home " + APP + " update")
                .contains("# END chatgeist");

        assertFile(APP, "rwxr-xr-x", "bot");
        for (String dir : List.of("databases", "logs", "prompts", "sandbox")) {
            assertFile(APP + "/" + dir, "rwxr-xr-x", "bot");
        }
        assertFile(APP + "/chatgeist-runtime.jar", "rw-r--r--", "bot");
        assertThat(Sha256.hex(host().path(APP + "/chatgeist-runtime.jar"))).isEqualTo(goodJarHash);
        assertFile(APP + "/.env", "rw-------", "bot");
        assertThat(Files.readString(host().path(APP + "/.env"))).isEqualTo(Files.readString(f.env()));
        assertFile(APP + "/targets.json", "rw-r--r--", "bot");
        assertFile(APP + "/prompts/base.md", "rw-r--r--", "bot");
        assertFile(APP + "/docker-compose.yml", "rw-r--r--", "bot");
        assertFile(APP + "/sandbox/Dockerfile", "rw-r--r--", "bot");
        assertFile("/etc/systemd/system/" + UNIT, "rw-r--r--", "root");
        assertThat(Files.readString(host().path("/etc/systemd/system/" + UNIT)))
                .contains("User=bot")
                .contains("SuccessExitStatus=143")
                .contains("ReadWritePaths=" + APP);
    }

    @Test
    @Order(2)
    void secondDeployChangesNothingInOneRoundTrip() throws Exception {
        String pid = mainPid();
        DeployFixture.Counting counting = new DeployFixture.Counting(f.connector());
        DeployFixture.Run run = f.deploy(false, false, counting);
        assertThat(run.failed()).as(run.text()).isZero();
        assertThat(run.changed()).as(run.text()).isZero();
        assertThat(run.text()).doesNotContain("changed: [");
        assertThat(counting.commands)
                .as("one batched state read, nothing else")
                .hasSize(1)
                .allMatch(c -> c.startsWith("exec "));
        assertThat(mainPid()).as("not restarted").isEqualTo(pid);
    }

    @Test
    @Order(3)
    void checkModeReportsEveryChangeAndLeavesTheHostByteIdentical() throws Exception {
        String pid = mainPid();
        SortedMap<String, String> before = deployedState();
        String env = Files.readString(f.env());
        Path otherJar = TestJars.idle(project.resolve("dist/other.jar"), "other build", 1000);
        try {
            f.jar = otherJar;
            f.updateSchedule = "0 */6 * * *";
            f.writeEnv(env.replace(BOT_TOKEN, "7000000002:AAE-a-new-secret-token-0000") + "CHATGEIST_DAILY_LIMIT=7\n");
            Files.writeString(project.resolve("targets.json"), "{\"chats\": {\"other\": \"@other_chat\"}}\n");
            Files.writeString(project.resolve("prompts/top.md"), "# top prompt\n");
            DeployFixture.Run run = f.deploy(true, true);
            assertThat(run.failed()).as(run.text()).isZero();
            assertThat(run.text())
                    .contains("check mode: nothing will be changed")
                    .contains("changed: [testhost] copy other.jar -> " + APP + "/chatgeist-runtime.jar (sha256 ")
                    .contains("changed: [testhost] file " + APP + "/.env (content changed; check mode: not applied)")
                    .contains("~TELEGRAM_BOT_TOKEN=******** (value changed)")
                    .contains("+CHATGEIST_DAILY_LIMIT=********")
                    .contains("changed: [testhost] file " + APP + "/targets.json")
                    .contains("+{\"chats\": {\"other\": \"@other_chat\"}}")
                    .contains("changed: [testhost] file " + APP + "/prompts/top.md (created; check mode: not applied)")
                    .contains("changed: [testhost] crontab block 'chatgeist' (block updated; check mode: not applied)")
                    .contains("+0 */6 * * * cd ")
                    .contains("changed: [testhost] unit chatgeist-bot.service (restarted; health check");
            assertThat(run.text()).doesNotContain("7000000002:AAE-a-new-secret-token-0000");
            assertNoSecrets(run);
            assertThat(run.changed()).isGreaterThanOrEqualTo(6);
            assertThat(deployedState()).isEqualTo(before);
            assertThat(mainPid()).isEqualTo(pid);
        } finally {
            f.jar = goodJar;
            f.updateSchedule = "0 */4 * * *";
            f.writeEnv(env);
            Files.writeString(
                    project.resolve("targets.json"),
                    "{\"chats\": {\"example\": \"@example_chat\"}, \"updated_at\": \"2026-01-01T00:00:00Z\"}\n");
            Files.delete(project.resolve("prompts/top.md"));
        }
    }

    @Test
    @Order(4)
    void aForeignCrontabLineSurvivesAScheduleChange() throws Exception {
        f.updateSchedule = "30 2 * * *";
        try {
            DeployFixture.Run run = f.deploy(false, false);
            assertThat(run.failed()).as(run.text()).isZero();
            assertThat(run.changed()).as(run.text()).isEqualTo(1);
            byte[] crontab = Files.readAllBytes(host().path("/var/spool/cron/crontabs/bot"));
            assertThat(indexOf(crontab, FOREIGN_CRONTAB)).isNotNegative();
            assertThat(new String(crontab, StandardCharsets.ISO_8859_1))
                    .contains("\n30 2 * * * cd " + APP)
                    .doesNotContain("0 */4 * * *");
        } finally {
            f.updateSchedule = "0 */4 * * *";
        }
        DeployFixture.Run back = f.deploy(false, false);
        assertThat(back.changed()).isEqualTo(1);
        assertThat(indexOf(Files.readAllBytes(host().path("/var/spool/cron/crontabs/bot")), FOREIGN_CRONTAB))
                .isNotNegative();
    }

    @Test
    @Order(5)
    void aConnectionKilledMidUploadLeavesTheOldJarWorking() throws Exception {
        String pid = mainPid();
        f.jar = TestJars.idle(project.resolve("dist/big.jar"), "big build", 160_000_000);
        Path appDir = host().path(APP);
        try {
            CompletableFuture<DeployFixture.Run> deploy = CompletableFuture.supplyAsync(() -> {
                try {
                    return f.deploy(false, false);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (uploadInProgress(appDir) < 4_000_000) {
                assertThat(deploy)
                        .as("the upload ended before it could be interrupted")
                        .isNotDone();
                assertThat(System.nanoTime()).as("no upload started").isLessThan(deadline);
                Thread.sleep(2);
            }
            assertThat(host().killSshSessionsOf("bot")).isPositive();
            DeployFixture.Run run = deploy.get(60, TimeUnit.SECONDS);
            assertThat(run.failed()).as(run.text()).isEqualTo(1);
            assertThat(run.text())
                    .containsPattern(
                            "failed: \\[testhost\\] copy big.jar -> " + APP
                                    + "/chatgeist-runtime.jar \\((?i).*(connection|closed|broken pipe|eof|lost|dropped|reset).*");
        } finally {
            f.jar = goodJar;
        }
        assertThat(Sha256.hex(host().path(APP + "/chatgeist-runtime.jar")))
                .as("old jar intact")
                .isEqualTo(goodJarHash);
        assertThat(mainPid()).as("the running bot was not touched").isEqualTo(pid);
        try (Transport bot = host().connect(library())) {
            assertThat(bot.exec("systemctl is-active " + UNIT).stdout()).isEqualTo("active\n");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (uploadInProgress(appDir) >= 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(uploadInProgress(appDir)).as("temporary upload file removed").isNegative();
    }

    @Test
    @Order(6)
    void aBrokenJarFailsTheHealthCheckAndIsRolledBack() throws Exception {
        f.jar = TestJars.failing(project.resolve("dist/broken.jar"), "chatgeist test: broken build on purpose");
        DeployFixture.Run run;
        try {
            run = f.deploy(false, false);
        } finally {
            f.jar = goodJar;
        }
        assertThat(run.failed()).as(run.text()).isEqualTo(1);
        assertThat(run.text())
                .contains("failed: [testhost] unit chatgeist-bot.service (" + UNIT + " failed its health check: ")
                .contains("chatgeist test: broken build on purpose")
                .contains("Rolled back: the previous jar is running again and healthy (the failed one is kept as " + APP
                        + "/chatgeist-runtime.jar.failed)");
        assertNoSecrets(run);
        assertThat(Sha256.hex(host().path(APP + "/chatgeist-runtime.jar"))).isEqualTo(goodJarHash);
        assertThat(Sha256.hex(host().path(APP + "/chatgeist-runtime.jar.failed")))
                .isEqualTo(Sha256.hex(project.resolve("dist/broken.jar")));
        try (Transport bot = host().connect(library())) {
            assertThat(bot.exec("systemctl is-active " + UNIT).stdout()).isEqualTo("active\n");
        }
        DeployFixture.Run again = f.deploy(false, false);
        assertThat(again.failed()).as(again.text()).isZero();
        assertThat(again.changed()).as("the good jar is in place again").isZero();
    }

    @Test
    @Order(7)
    void rollbackSwitchesToThePreviousJarAndBack() throws Exception {
        Path v2 = withExtraEntry(goodJar, project.resolve("dist/v2.jar"));
        f.jar = v2;
        try {
            DeployFixture.Run run = f.deploy(false, false);
            assertThat(run.failed()).as(run.text()).isZero();
        } finally {
            f.jar = goodJar;
        }
        assertThat(Sha256.hex(host().path(APP + "/chatgeist-runtime.jar"))).isEqualTo(Sha256.hex(v2));
        String pid = mainPid();
        List<String> lines = new ArrayList<>();
        var recaps = new Rollbacks(f.connector(), output(lines), false, 5, f.health, "root").run(f.hosts());
        assertThat(recaps.get(0).failed()).as(String.join("\n", lines)).isZero();
        assertThat(String.join("\n", lines))
                .contains("changed: [testhost] rollback " + APP + "/chatgeist-runtime.jar (sha256 ");
        assertThat(Sha256.hex(host().path(APP + "/chatgeist-runtime.jar"))).isEqualTo(goodJarHash);
        assertThat(Sha256.hex(host().path(APP + "/chatgeist-runtime.jar.prev"))).isEqualTo(Sha256.hex(v2));
        assertThat(mainPid()).as("restarted").isNotEqualTo(pid);
        try (Transport bot = host().connect(library())) {
            assertThat(bot.exec("systemctl is-active " + UNIT).stdout()).isEqualTo("active\n");
        }
        lines.clear();
        new Rollbacks(f.connector(), output(lines), false, 5, f.health, "root").run(f.hosts());
        assertThat(Sha256.hex(host().path(APP + "/chatgeist-runtime.jar")))
                .as("switched back")
                .isEqualTo(Sha256.hex(v2));
        DeployFixture.Run redeploy = f.deploy(false, false);
        assertThat(redeploy.failed()).as(redeploy.text()).isZero();
        assertThat(Sha256.hex(host().path(APP + "/chatgeist-runtime.jar"))).isEqualTo(goodJarHash);
    }

    @Test
    @Order(8)
    void unknownAndChangedHostKeysAreRefused() throws Exception {
        SortedMap<String, String> before = deployedState();
        Path known = project.resolve("known_hosts");
        try {
            Files.writeString(known, "");
            f.knownHosts = known;
            DeployFixture.Run unknown = f.deploy(false, false);
            assertThat(unknown.failed()).isEqualTo(1);
            assertThat(unknown.text())
                    .contains("failed: [testhost] connect bot@127.0.0.1:" + host().sshPort()
                            + " (unknown host key: 127.0.0.1:" + host().sshPort())
                    .contains("SHA256:")
                    .contains("run again with -Dchatgeist.acceptNewHostKey");

            SshKeys.KeyPair other = SshKeys.generate(
                    Files.createDirectories(project.resolve("other-keys")), "other", "ed25519", "", false);
            Files.writeString(
                    known,
                    "[127.0.0.1]:" + host().sshPort() + " " + other.publicKey().type() + " "
                            + other.publicKey().base64() + "\n");
            f.acceptNewHostKey = true;
            DeployFixture.Run changed = f.deploy(false, false);
            assertThat(changed.failed()).isEqualTo(1);
            assertThat(changed.text())
                    .contains("HOST KEY CHANGED for 127.0.0.1:" + host().sshPort())
                    .contains("never replaces a known key");
            assertThat(deployedState()).isEqualTo(before);

            Files.writeString(known, "");
            DeployFixture.Run accepted = f.deploy(false, false);
            assertThat(accepted.failed()).as(accepted.text()).isZero();
            assertThat(accepted.changed()).isZero();
            assertThat(Files.readString(known)).contains("[127.0.0.1]:" + host().sshPort());
        } finally {
            f.knownHosts = host().knownHosts();
            f.acceptNewHostKey = false;
        }
    }

    @Test
    @Order(9)
    void hostsDeployInParallelAndAnUnreachableOneDoesNotStopTheOthers() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        f.extraHosts = "    deadhost:\n      ansible_host: 127.0.0.1\n      ansible_port: " + closedPort + "\n"
                + "      ansible_user: bot\n      ansible_ssh_private_key_file: " + host().clientKey() + "\n";
        f.forks = 2;
        try {
            DeployFixture.Run run = f.deploy(false, false);
            assertThat(run.report().failed()).extracting(r -> r.host()).containsExactly("deadhost");
            assertThat(run.report().recaps()).extracting(r -> r.host()).containsExactly("testhost", "deadhost");
            assertThat(run.report().recaps().get(0).failed()).isZero();
            assertThat(run.text())
                    .contains("forks 2")
                    .containsPattern(
                            "failed: \\[deadhost\\] connect bot@127.0.0.1:" + closedPort + " \\(.*" + closedPort);
            List<Integer> testhostLines = new ArrayList<>();
            for (int i = 0; i < run.lines().size(); i++) {
                if (run.lines().get(i).contains("[testhost]")) {
                    testhostLines.add(i);
                }
            }
            assertThat(testhostLines.get(testhostLines.size() - 1) - testhostLines.get(0) + 1)
                    .as("one host's lines stay together")
                    .isEqualTo(testhostLines.size());
        } finally {
            f.extraHosts = "";
            f.forks = 5;
        }
    }

    @Test
    @Order(10)
    void theSandboxComesUpWhenItsComposeFileOrTheTokenChanges() throws Exception {
        installDockerStandIn();
        DeployFixture.Run first = f.deploy(false, false);
        assertThat(first.failed()).as(first.text()).isZero();
        assertThat(first.text())
                .contains(
                        "changed: [testhost] docker sandbox claude-sandbox (docker compose up -d" + " (not running))");
        assertThat(dockerCalls()).contains("bot " + APP + " docker compose up -d");
        DeployFixture.Run again = f.deploy(false, false);
        assertThat(again.changed()).as(again.text()).isZero();
        assertThat(again.text()).contains("ok: [testhost] docker sandbox claude-sandbox (running)");

        String env = Files.readString(f.env());
        f.writeEnv(env + DotEnvTask.TOKEN_KEY + "=sk-ant-oat01-deployed-token-AAAAAAAAAAAA\n");
        String pid = mainPid();
        DeployFixture.Run token = f.deploy(false, true);
        assertThat(token.failed()).as(token.text()).isZero();
        assertThat(token.text())
                .contains("docker sandbox claude-sandbox (docker compose up -d (token changed))")
                .contains("+" + DotEnvTask.TOKEN_KEY + "=********")
                .doesNotContain("deployed-token");
        assertThat(sandboxToken()).isEqualTo(sha16("sk-ant-oat01-deployed-token-AAAAAAAAAAAA\n"));
        assertThat(mainPid()).as(".env changed: bot restarted").isNotEqualTo(pid);

        Path templates = Files.createDirectories(project.resolve("templates"));
        Files.writeString(
                templates.resolve("docker-compose.yml.ftl"),
                "services:\n  claude-sandbox:\n"
                        + "    image: chatgeist/claude-sandbox:local\n    container_name: claude-sandbox\n"
                        + "    environment:\n      - CLAUDE_CODE_OAUTH_TOKEN=${r\"${CLAUDE_CODE_OAUTH_TOKEN}\"}\n");
        f.templates = templates;
        try {
            DeployFixture.Run compose = f.deploy(false, false);
            assertThat(compose.failed()).as(compose.text()).isZero();
            assertThat(compose.text())
                    .contains("changed: [testhost] file " + APP + "/docker-compose.yml (sha256 ")
                    .contains("docker sandbox claude-sandbox (docker compose up -d (compose file changed))");
        } finally {
            f.templates = null;
            f.writeEnv(env);
        }
        DeployFixture.Run back = f.deploy(false, false);
        assertThat(back.failed()).as(back.text()).isZero();
        assertThat(Files.readString(host().path(APP + "/.env")))
                .as("the server's token is kept when the local" + " .env has none")
                .contains(DotEnvTask.TOKEN_KEY + "=sk-ant-oat01-deployed-token-AAAAAAAAAAAA");
    }

    @Test
    @Order(11)
    void pushCredentialsInstallsThemAndRecreatesTheSandbox() throws Exception {
        long expires =
                java.time.Instant.now().plus(java.time.Duration.ofHours(6)).toEpochMilli();
        String access = "sk-ant-oat01-pushed-access-token-BBBBBBBBBBBB";
        String json = "{\"claudeAiOauth\":{\"accessToken\":\"" + access + "\",\"refreshToken\":"
                + "\"sk-ant-ort01-pushed-refresh-token-CCCCCCCC\",\"expiresAt\":" + expires + "}}";
        Path file = Files.writeString(project.resolve("credentials.json"), json);
        // the runtime's reader, as sync-token uses it (the Mac's Keychain reader is the other CredentialsSource)
        var credentials = new dev.chatgeist.core.credentials.FileCredentials(file).read();
        Files.writeString(host().path("/var/lib/docker-standin/calls.log"), "");
        List<String> lines = new ArrayList<>();
        var push = new PushCredentials(f.connector(), output(lines), false, true, 5, "root");
        var recaps = push.push(f.hosts(), credentials);
        String text = String.join("\n", lines);
        assertThat(recaps.get(0).failed()).as(text).isZero();
        assertThat(text)
                .doesNotContain(access)
                .doesNotContain("pushed-refresh-token")
                .contains("changed: [testhost] file " + APP + "/.claude-docker/credentials.json (created)")
                .contains("changed: [testhost] file " + APP + "/.env (content changed)")
                .contains("~" + DotEnvTask.TOKEN_KEY + "=******** (value changed)")
                .contains("changed: [testhost] recreate docker sandbox claude-sandbox");
        assertFile(APP + "/.claude-docker", "rwx------", "bot");
        assertFile(APP + "/.claude-docker/credentials.json", "rw-------", "bot");
        assertThat(Files.readString(host().path(APP + "/.claude-docker/credentials.json")))
                .isEqualTo(json + "\n");
        String hostEnv = Files.readString(host().path(APP + "/.env"));
        assertThat(hostEnv)
                .contains(DotEnvTask.TOKEN_KEY + "=" + access + "\n")
                .contains("TELEGRAM_BOT_TOKEN=" + BOT_TOKEN + "\n");
        assertThat(dockerCalls())
                .containsExactly(
                        "bot " + APP + " docker compose down",
                        "bot " + APP + " docker compose up -d",
                        "bot /home/bot docker exec -u node claude-sandbox claude --print" + " ping");
        assertThat(sandboxToken()).isEqualTo(sha16(access + "\n"));

        lines.clear();
        var again = push.push(f.hosts(), credentials);
        assertThat(again.get(0).changed()).as(String.join("\n", lines)).isZero();
        DeployFixture.Run deploy = f.deploy(false, false);
        assertThat(deploy.changed()).as("a deploy keeps the pushed token").isZero();
        assertThat(Files.readString(host().path(APP + "/.env"))).contains(access);
    }

    @Test
    @Order(12)
    void statusShowsServiceCrontabLogArchivesAndTokenExpiry() throws Exception {
        try (Transport bot = host().connect(library())) {
            bot.write(
                    ("{\"id\": 1, \"date\": \"2026-11-20T10:00:00+00:00\", \"text\": \"hello\", \"sender_id\": 5}\n"
                                    + "{\"id\": 2, \"date\": \"2026-11-22T09:30:00+00:00\", \"text\": \"bye\", \"sender_id\": 6}\n")
                            .getBytes(StandardCharsets.UTF_8),
                    "/tmp/messages.jsonl",
                    "0644");
            Transport.ExecResult imported = bot.exec("/usr/local/bin/java -jar " + APP
                    + "/chatgeist-runtime.jar --home " + APP + " import --chat example /tmp/messages.jsonl");
            assertThat(imported.ok()).as(imported.stderr() + imported.stdout()).isTrue();
            bot.write(
                    "2026-11-26T12:00:00+00:00 INFO update chat=example new=2\n".getBytes(StandardCharsets.UTF_8),
                    APP + "/logs/update.log",
                    "0644");
        }
        var status = new RemoteStatus(
                new dev.chatgeist.plugin.local.TokenExpiry(java.time.ZoneOffset.UTC, java.time.Instant.now()),
                5,
                "root");
        List<String> lines;
        try (Transport t = f.connector().connect(f.hosts().get(0), e -> {})) {
            lines = status.report(f.hosts().get(0), t);
        }
        String text = String.join("\n", lines);
        System.out.println(text);
        assertThat(text)
                .containsPattern("bot: installed; active \\(running\\) since .*, restarts 0, enabled; last"
                        + " error in logs/bot.log: ")
                .contains("update (cron \"0 */4 * * *\"): installed; crontab line active; last run never seen")
                .contains("INFO update chat=example new=2")
                .containsPattern("example: 2 messages, last id 2, 2026-11-20 .* 2026-11-22 .*UTC \\(\\d+ kB\\)")
                .containsPattern("sandbox token: expires \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(in 5h 5\\dm; " + APP
                        + "/.claude-docker/credentials.json on testhost\\)")
                .contains(".env: " + DotEnvTask.TOKEN_KEY + " is set")
                .doesNotContain("sk-ant-");
    }

    @Test
    @Order(13)
    void withoutRootTheHostStopsAtTheFirstSystemTaskWithTheFix() throws Exception {
        f.become = false;
        try {
            f.updateSchedule = "0 */5 * * *";
            DeployFixture.Run off = f.deploy(false, false);
            assertThat(off.failed()).as(off.text()).isZero(); // nothing that needs root changed: no become needed
            assertThat(off.changed()).isEqualTo(1);
            f.templates = Files.createDirectories(project.resolve("unit-templates"));
            Files.writeString(
                    f.templates.resolve("chatgeist-bot.service.ftl"),
                    "[Unit]\nDescription=changed\n"
                            + "[Service]\nExecStart=${bot.execStart}\nSuccessExitStatus=143\n[Install]\n"
                            + "WantedBy=multi-user.target\n");
            DeployFixture.Run needsRoot = f.deploy(false, false);
            assertThat(needsRoot.failed()).isEqualTo(1);
            assertThat(needsRoot.text())
                    .contains("failed: [testhost] file /etc/systemd/system/" + UNIT
                            + " (a task needs root on bot@127.0.0.1:" + host().sshPort()
                            + ", but become is off for this host:"
                            + " set ansible_become: true for it in inventory.yaml (chatgeist then uses sudo -n))");
        } finally {
            f.become = true;
            f.templates = null;
            f.updateSchedule = "0 */4 * * *";
        }
        f.user = "carol";
        try {
            DeployFixture.Run carol = f.deploy(false, false);
            assertThat(carol.failed()).isEqualTo(1);
            assertThat(carol.text())
                    .contains("failed: [testhost] file /etc/systemd/system/" + UNIT
                            + " (cannot become root on carol@127.0.0.1:" + host().sshPort() + ": sudo refused")
                    .contains("chatgeist runs sudo -n, which never prompts for a password. Allow passwordless sudo"
                            + " for carol on the server");
            assertThat(Files.readString(host().path("/etc/systemd/system/" + UNIT)))
                    .as("bot's unit untouched")
                    .contains("User=bot");
        } finally {
            f.user = "bot";
        }
        DeployFixture.Run back = f.deploy(false, false);
        assertThat(back.failed()).as(back.text()).isZero();
    }

    // ---- helpers ----

    private void installDockerStandIn() throws Exception {
        try (Transport bot = host().connect(library())) {
            Transport root = bot.become();
            byte[] script = getClass().getResourceAsStream("/standins/docker").readAllBytes();
            root.write(script, "/usr/local/bin/docker", "0755");
            Transport.ExecResult r = root.exec("mkdir -p /var/lib/docker-standin && chmod 0777 /var/lib/docker-standin"
                    + " && : > /var/lib/docker-standin/calls.log && chmod 0666 /var/lib/docker-standin/calls.log");
            assertThat(r.ok()).as(r.stderr()).isTrue();
        }
    }

    private List<String> dockerCalls() throws Exception {
        return Files.readAllLines(host().path("/var/lib/docker-standin/calls.log"));
    }

    private String sandboxToken() throws Exception {
        return Files.readString(host().path("/var/lib/docker-standin/token")).strip();
    }

    private static String sha16(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private void awaitBotPolling() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!botApi.methods().contains("getupdates") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(botApi.methods())
                .as("the real bot in the container polls the Bot API stand-in")
                .contains("getupdates");
    }

    private String mainPid() throws Exception {
        try (Transport bot = host().connect(library())) {
            return bot.exec("systemctl show -p MainPID --value " + UNIT)
                    .stdout()
                    .strip();
        }
    }

    /**
     * What a deploy manages on the host: the bot's home, the units, the crontabs. The running bot's own writes
     * (logs/, databases/) are left out: they change whether or not anything is deployed.
     */
    private SortedMap<String, String> deployedState() throws Exception {
        SortedMap<String, String> all = host().fingerprint("/home/bot", "/etc/systemd/system", "/var/spool/cron");
        all.keySet().removeIf(k -> k.startsWith(APP + "/logs/") || k.startsWith(APP + "/databases/"));
        return all;
    }

    private void assertFile(String containerPath, String permissions, String owner) throws Exception {
        Path p = host().path(containerPath);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)))
                .as(containerPath)
                .isEqualTo(permissions);
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        assertThat(uid).as(containerPath + " owner").isEqualTo(owner.equals("root") ? 0 : host().userIds(owner)[0]);
    }

    private void assertNoSecrets(DeployFixture.Run run) {
        assertThat(run.text())
                .doesNotContain(BOT_TOKEN)
                .doesNotContain(API_HASH)
                .doesNotContain(API_KEY);
    }

    /** Size of the hidden temporary file of an upload into {@code dir}, or -1 when there is none. */
    private static long uploadInProgress(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().contains(".chatgeist-tmp.")) {
                    try {
                        return Files.size(p);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    /** The same jar with one more entry: another build that still runs. */
    private static Path withExtraEntry(Path jar, Path copy) throws Exception {
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + copy.toUri()), Map.of())) {
            Files.writeString(zip.getPath("chatgeist-build.txt"), "second build\n");
        }
        return copy;
    }

    private static dev.chatgeist.plugin.task.Output output(List<String> lines) {
        return new dev.chatgeist.plugin.task.Output() {
            @Override
            public void info(String line) {
                lines.add(line);
                System.out.println(line);
            }

            @Override
            public void warn(String line) {
                lines.add("WARN " + line);
                System.out.println("WARN " + line);
            }
        };
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
