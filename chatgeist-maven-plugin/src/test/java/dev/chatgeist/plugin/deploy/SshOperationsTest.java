package dev.chatgeist.plugin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.local.TokenExpiry;
import dev.chatgeist.plugin.operate.AppUser;
import dev.chatgeist.plugin.operate.Doctor;
import dev.chatgeist.plugin.operate.Job;
import dev.chatgeist.plugin.operate.Logs;
import dev.chatgeist.plugin.operate.Operations;
import dev.chatgeist.plugin.operate.Waits;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.testhost.DebianTestHost;
import dev.chatgeist.plugin.testing.BotApiStandIn;
import dev.chatgeist.plugin.testing.RecordingOutput;
import dev.chatgeist.plugin.testing.RuntimeJar;
import dev.chatgeist.plugin.transport.SshLibrary;
import dev.chatgeist.plugin.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations goals' cores against the booted Debian server (systemd, cron, sudo, OpenSSH; see DebianTestHost)
 * after a real deploy, in order on one host: run the update through its crontab line, pause and resume it (the
 * line commented out and back, kept by a deploy), restart the bot with the health check, pause the bot, follow its
 * journal for a few lines, and status with a second host that cannot be reached. The runtime is the real jar,
 * started by the installed bin/chatgeist; its bot polls a Bot API stand-in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshOperationsTest {
    @RegisterExtension
    static final DebianTestHost HOST = new DebianTestHost();

    private static final String APP = DeployFixture.APP;
    private static final String BOT_TOKEN = "7000000001:AAE-test-token-never-printed-4f2b9";

    private DeployFixture f;
    private BotApiStandIn botApi;
    final RecordingOutput recorder = new RecordingOutput();
    final List<String> out = recorder.lines();
    private final Waits waits =
            new Waits(Duration.ofSeconds(120), new HealthCheck(Duration.ofSeconds(2), 12), Duration.ofMillis(200));

    @BeforeAll
    void deploy(@TempDir Path project) throws Exception {
        f = new DeployFixture(project, HOST, SshLibrary.SSHJ);
        botApi = new BotApiStandIn(BOT_TOKEN);
        f.jar = RuntimeJar.withBotCommand();
        f.updateSchedule = "0 */4 * * *";
        f.writeEnv("TELEGRAM_API_ID=12345\nTELEGRAM_API_HASH=0123456789abcdef0123456789abcdef\n"
                + "TELEGRAM_BOT_TOKEN=" + BOT_TOKEN + "\nTELEGRAM_BOT_API_URL=" + botApi.url() + "\n"
                + "ANTHROPIC_API_KEY=sk-ant-api03-ops-test-key-never-used-000\n"
                // the doctor probes these: loopback's closed discard port, never Telegram's or Anthropic's servers
                + "TELEGRAM_DC=2@127.0.0.1:9\nANTHROPIC_BASE_URL=http://127.0.0.1:9\n");
        DeployFixture.Run run = f.deploy(false, false);
        assertThat(run.failed()).as(run.text()).isZero();
    }

    @AfterAll
    void tearDown() {
        if (botApi != null) {
            botApi.close();
        }
    }

    @BeforeEach
    void clear() {
        out.clear();
    }

    Output output() {
        return recorder;
    }

    private Host host() throws Exception {
        return f.hosts().get(0);
    }

    private Transport connect() throws Exception {
        return f.connector().connect(host(), e -> {});
    }

    /** The bot user's crontab as cron reads it (without the spool file's "installed on" header). */
    private String crontab() throws Exception {
        try (Transport t = connect()) {
            return t.exec("crontab -l").stdout();
        }
    }

    private String sh(String command) throws Exception {
        try (Transport t = connect()) {
            return t.exec(command).stdout().strip();
        }
    }

    @Test
    @Order(1)
    void theDeployInstalledTheLauncherThatEveryJobRuns() throws Exception {
        assertThat(sh("stat -c %a " + APP + "/bin/chatgeist")).isEqualTo("755");
        assertThat(crontab())
                .contains(" CHATGEIST_JAVA=/usr/local/bin/java " + APP + "/bin/chatgeist --home " + APP + " update >> "
                        + APP + "/logs/update.out.log 2>&1");
        assertThat(sh("systemctl show -p ExecStart --value chatgeist-bot.service"))
                .contains("/bin/sh " + APP + "/bin/chatgeist --home " + APP + " bot");
        // what the bot service runs is what a person types: the launcher's java with the bot's heap
        assertThat(sh("tr '\\0' ' ' < /proc/$(systemctl show -p MainPID --value chatgeist-bot)/cmdline"))
                .contains("-Xmx256m")
                .contains(APP + "/chatgeist-runtime.jar --home " + APP + " bot");
    }

    @Test
    @Order(2)
    void runStartsTheCrontabLinesCommandAndPrintsItsOutcome() throws Exception {
        try (Transport t = connect()) {
            boolean ok = new Operations(output(), waits).run(new AppUser(host(), t, "bot"), Job.UPDATE);
            // no Telegram login on this host: the run fails and says so in its outcome line
            assertThat(ok).as(String.join("\n", out)).isFalse();
        }
        assertThat(out)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("WARN [testhost] ")
                        .contains("ERROR run=update")
                        .contains("outcome=failed reason="));
        assertThat(Files.readString(HOST.path(APP + "/logs/update.log"))).contains("run=update outcome=failed");
        assertThat(sh("stat -c %U " + APP + "/logs/update.log"))
                .as("ran as the app user")
                .isEqualTo("bot");
    }

    @Test
    @Order(3)
    void stopCommentsOutTheLineADeployKeepsItAndStartRestoresIt() throws Exception {
        String before = crontab();
        try (Transport t = connect()) {
            new Operations(output(), waits).stop(new AppUser(host(), t, "bot"), Job.UPDATE);
        }
        String paused = crontab();
        assertThat(paused).contains("#paused# 0 */4 * * * cd " + APP);
        assertThat(paused.replace("#paused# ", "")).as("nothing else changed").isEqualTo(before);
        assertThat(HOST.path(APP + "/paused/update")).exists();
        List<String> status = status(List.of(host()));
        assertThat(String.join("\n", status))
                .contains("update (cron \"0 */4 * * *\"): PAUSED")
                .contains("FAILED: ");
        assertThat(status)
                .filteredOn(l -> l.contains("update (cron"))
                .singleElement()
                .asString()
                .doesNotContain("next run");

        DeployFixture.Run again = f.deploy(false, false);
        assertThat(again.failed()).as(again.text()).isZero();
        assertThat(crontab()).as("a deploy keeps the pause").isEqualTo(paused);

        try (Transport t = connect()) {
            new Operations(output(), waits).start(new AppUser(host(), t, "bot"), Job.UPDATE);
        }
        assertThat(crontab()).isEqualTo(before);
        assertThat(HOST.path(APP + "/paused/update")).doesNotExist();
        assertThat(String.join("\n", status(List.of(host()))))
                .containsPattern("update \\(cron \"0 \\*/4 \\* \\* \\*\"\\):"
                        + " installed; crontab line active; last run .* FAILED: .*; next run \\d{4}-");
    }

    @Test
    @Order(4)
    void restartRestartsTheBotAndChecksItsHealth() throws Exception {
        String pid = sh("systemctl show -p MainPID --value chatgeist-bot");
        try (Transport t = connect()) {
            assertThat(new Operations(output(), waits).restart(new AppUser(host(), t, "bot"), Job.BOT))
                    .as(String.join("\n", out))
                    .isTrue();
        }
        assertThat(out)
                .anySatisfy(l -> assertThat(l)
                        .contains("[testhost] bot restarted (systemd unit"
                                + " chatgeist-bot.service; health check: stays up for 2 s)"));
        assertThat(sh("systemctl show -p MainPID --value chatgeist-bot")).isNotEqualTo(pid);
        assertThat(sh("systemctl is-active chatgeist-bot")).isEqualTo("active");
    }

    @Test
    @Order(5)
    void theBotPausedStaysDownThroughADeployUntilStarted() throws Exception {
        try (Transport t = connect()) {
            new Operations(output(), waits).stop(new AppUser(host(), t, "bot"), Job.BOT);
        }
        assertThat(sh("systemctl is-active chatgeist-bot; systemctl is-enabled chatgeist-bot"))
                .isEqualTo("inactive\ndisabled");
        DeployFixture.Run again = f.deploy(false, false);
        assertThat(again.failed()).as(again.text()).isZero();
        assertThat(again.text()).contains("skipping: [testhost] unit chatgeist-bot.service (paused");
        assertThat(sh("systemctl is-active chatgeist-bot")).isEqualTo("inactive");
        assertThat(String.join("\n", status(List.of(host())))).contains("bot: PAUSED");
        try (Transport t = connect()) {
            new Operations(output(), waits).start(new AppUser(host(), t, "bot"), Job.BOT);
        }
        assertThat(sh("systemctl is-active chatgeist-bot; systemctl is-enabled chatgeist-bot"))
                .isEqualTo("active\nenabled");

        // paused again, then a deploy with -Dchatgeist.resume starts it and forgets the pause
        try (Transport t = connect()) {
            new Operations(output(), waits).stop(new AppUser(host(), t, "bot"), Job.BOT);
        }
        f.resume = true;
        try {
            DeployFixture.Run resumed = f.deploy(false, false);
            assertThat(resumed.failed()).as(resumed.text()).isZero();
            assertThat(resumed.text()).contains("changed: [testhost] unit chatgeist-bot.service");
        } finally {
            f.resume = false;
        }
        assertThat(sh("systemctl is-active chatgeist-bot; systemctl is-enabled chatgeist-bot"))
                .isEqualTo("active\nenabled");
        assertThat(HOST.path(APP + "/paused/bot")).doesNotExist();
    }

    @Test
    @Order(6)
    void logsShowTheLastLinesAndFollowTheBotsJournalUntilStopped() throws Exception {
        try (Transport t = connect()) {
            new Logs(output()).show(new AppUser(host(), t, "bot"), Job.UPDATE, 1, false, 0);
        }
        assertThat(out).singleElement().asString().contains("run=update outcome=failed");
        out.clear();
        // following the journal: the journal's last line, then two restarts' lines; ends after 3 lines
        try (Transport t = connect()) {
            Thread restarter = new Thread(() -> {
                try {
                    Thread.sleep(1000);
                    sh("sudo -n systemctl restart chatgeist-bot");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            restarter.start();
            new Logs(output()).show(new AppUser(host(), t, "bot"), Job.BOT, 1, true, 3);
            restarter.join();
        }
        assertThat(out).hasSize(3);
        assertThat(sh("pgrep -f '^journalctl -u chatgeist-bot.service' || true"))
                .as("journalctl ended")
                .isEmpty();
    }

    @Test
    @Order(7)
    void statusReportsAnUnreachableHostInOneLineAndTheOthersInFull() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        f.extraHosts = "    deadhost:\n      ansible_host: 127.0.0.1\n      ansible_port: " + closedPort + "\n"
                + "      ansible_user: bot\n      ansible_ssh_private_key_file: " + HOST.clientKey() + "\n";
        try {
            List<String> lines = status(f.hosts());
            String text = String.join("\n", lines);
            assertThat(lines)
                    .filteredOn(l -> l.contains("deadhost"))
                    .singleElement()
                    .asString()
                    .startsWith("WARN unreachable: [deadhost] ");
            assertThat(text)
                    .contains("host testhost (")
                    .contains("bot: installed; active (running) since ")
                    .contains("restarts 0")
                    .contains("last error in logs/bot.log: ")
                    .contains("update (cron \"0 */4 * * *\"): installed")
                    .contains("sync-token: not installed (off in" + " the inventory)")
                    .contains("archives:")
                    .doesNotContain("Exception");
        } finally {
            f.extraHosts = "";
        }
    }

    @Test
    @Order(8)
    void doctorRunsTheInstalledChatgeistDoctorAndPrintsItsReport() throws Exception {
        boolean healthy;
        try (Transport t = connect()) {
            healthy = new Doctor(output()).check(new AppUser(host(), t, "bot"));
        }
        // this home has no Telegram session: the runtime's doctor fails that check and says how to fix it
        assertThat(healthy).as(String.join("\n", out)).isFalse();
        assertThat(out).allSatisfy(l -> assertThat(l).matches("(WARN )?\\[testhost\\] .*"));
        assertThat(out).anySatisfy(l -> assertThat(l).startsWith("[testhost] chatgeist doctor: " + APP));
        assertThat(out).anySatisfy(l -> assertThat(l).startsWith("[testhost] ok  "));
        assertThat(out)
                .anySatisfy(l -> assertThat(l).startsWith("[testhost] fail").contains("fix: "));
        assertThat(String.join("\n", out)).doesNotContain(BOT_TOKEN);
    }

    /** What chatgeist:status prints for these hosts (one connection each; unreachable ones in one line). */
    private List<String> status(List<Host> hosts) throws Exception {
        RecordingOutput o = new RecordingOutput();
        List<String> lines = o.lines();
        RemoteStatus status = new RemoteStatus(new TokenExpiry(ZoneOffset.UTC, Instant.now()), 3, "root");
        List<Recap> recaps = new HostRuns(f.connector(), 2, o)
                .reportingUnreachable()
                .run(hosts, (h, t, hostOut) -> {
                    status.report(h, t).forEach(hostOut::info);
                    return new Recap(h.name(), 1, 0, 0, 0, List.of(), Duration.ZERO);
                });
        System.out.println(String.join("\n", lines));
        assertThat(recaps).hasSize(hosts.size());
        return lines;
    }
}
