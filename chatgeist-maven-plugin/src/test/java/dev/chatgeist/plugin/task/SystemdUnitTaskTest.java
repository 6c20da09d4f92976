package dev.chatgeist.plugin.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.InventoryLoader;
import dev.chatgeist.plugin.inventory.LoaderEnvironment;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.local.LocalPlans;
import dev.chatgeist.plugin.local.ProjectFiles;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.render.TemplateEngine;
import dev.chatgeist.plugin.testhost.DebianTestHost;
import dev.chatgeist.plugin.testhost.NspawnHost;
import dev.chatgeist.plugin.testing.BotApiStandIn;
import dev.chatgeist.plugin.testing.RuntimeJar;
import dev.chatgeist.plugin.testing.TestJars;
import dev.chatgeist.plugin.transport.SshLibrary;
import dev.chatgeist.plugin.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SystemdUnitTask against real systemd (the Debian test host), in both scopes the plugin uses: a system unit as
 * chatgeist:deploy installs one (file and systemctl through sudo), and the bot as a systemd user unit the way
 * install-local sets it up on a Linux machine (LocalPlans run as user bot, who has lingering enabled, with
 * {@code systemctl --user} in bot's own session over SSH).
 */
class SystemdUnitTaskTest {
    @RegisterExtension
    static final DebianTestHost HOST = new DebianTestHost();

    private static final String BOT_TOKEN = "7000000001:AAE-user-unit-test-token-77aa1";

    @TempDir
    Path tmp;

    @Test
    void systemUnitIsEnabledStartedRestartedOnlyWhenNotifiedAndStopped() throws Exception {
        String unit = "chatgeist-probe.service";
        String path = "/etc/systemd/system/" + unit;
        Path jar = TestJars.idle(tmp.resolve("probe.jar"), "probe up", 0);
        try (Transport bot = HOST.connect(SshLibrary.SSHJ)) {
            bot.upload(jar, "/home/bot/probe.jar", "0644");

            Recap first = run(bot, unitTasks(unit, path, "1", true));
            assertThat(first.failed()).isZero();
            assertThat(lines(first))
                    .containsExactly(
                            "changed: file " + path + " (created)",
                            "changed: systemctl daemon-reload (unit files changed)",
                            "changed: unit " + unit + " (enabled, started)");
            assertThat(bot.exec("systemctl is-active " + unit + "; systemctl is-enabled " + unit)
                            .stdout())
                    .isEqualTo("active\nenabled\n");
            String pid = pid(bot, unit);
            assertThat(bot.exec("tr '\\0' '\\n' < /proc/" + pid + "/environ").stdout())
                    .contains("PROBE_VERSION=1");

            Recap again = run(bot, unitTasks(unit, path, "1", true));
            assertThat(lines(again)).containsExactly("ok: file " + path, "ok: unit " + unit + " (enabled, active)");
            assertThat(pid(bot, unit)).as("not restarted").isEqualTo(pid);

            Recap check = new TaskRunner(output(new ArrayList<>()), true, false, SecretMasker.none())
                    .run("testhost", bot, unitTasks(unit, path, "2", true));
            assertThat(check.changed()).isEqualTo(3);
            assertThat(Files.readString(HOST.path(path))).contains("PROBE_VERSION=1");
            assertThat(pid(bot, unit)).as("check mode restarts nothing").isEqualTo(pid);

            Recap changed = run(bot, unitTasks(unit, path, "2", true));
            assertThat(lines(changed))
                    .containsExactly(
                            "changed: file " + path + " (content changed)",
                            "changed: systemctl daemon-reload (unit files changed)",
                            "changed: unit " + unit + " (restarted)");
            String newPid = pid(bot, unit);
            assertThat(newPid).isNotEqualTo(pid);
            assertThat(bot.exec("tr '\\0' '\\n' < /proc/" + newPid + "/environ").stdout())
                    .contains("PROBE_VERSION=2");

            Recap stopped =
                    run(bot, List.of(new AsRoot(new SystemdUnitTask("systemctl", unit, false, true, List.of()))));
            assertThat(lines(stopped)).containsExactly("changed: unit stopped " + unit + " (stopped and disabled)");
            assertThat(bot.exec("systemctl is-active " + unit + "; systemctl is-enabled " + unit)
                            .stdout())
                    .as("stopped cleanly (SuccessExitStatus=143), not failed")
                    .isEqualTo("inactive\ndisabled\n");
            assertThat(lines(run(
                            bot, List.of(new AsRoot(new SystemdUnitTask("systemctl", unit, false, true, List.of()))))))
                    .containsExactly("ok: unit stopped " + unit + " (not running)");
        }
    }

    @Test
    void theBotAsAUserUnitOfALingeringUserAsInstallLocalInstallsIt() throws Exception {
        try (Transport bot = HOST.connect(SshLibrary.SSHJ);
                BotApiStandIn api = new BotApiStandIn(BOT_TOKEN)) {
            Transport.ExecResult linger = bot.become()
                    .exec("loginctl enable-linger bot && for i in $(seq 100); do"
                            + " [ -S /run/user/$(id -u bot)/systemd/private ] && exit 0; sleep 0.1; done; exit 1");
            assertThat(linger.ok())
                    .as("user manager for bot: " + linger.stderr())
                    .isTrue();
            // a new login: pam_systemd gives it bot's session (XDG_RUNTIME_DIR), as on an Ubuntu server
            try (Transport session = HOST.connect(SshLibrary.SSHJ)) {
                assertThat(session.exec("systemctl --user is-system-running")
                                .stdout()
                                .strip())
                        .isIn("running", "degraded");
                Path project = projectFiles(api);
                Host host = localLinuxHost(project);
                ProjectFiles files = new ProjectFiles(
                        project.resolve("chatgeist-runtime.jar"),
                        project.resolve("targets.json"),
                        project.resolve("prompts"),
                        project.resolve(".env"));
                HostRenderer renderer = new HostRenderer(new TemplateEngine(null));

                Recap install = new TaskRunner(output(new ArrayList<>()), false, false, SecretMasker.none())
                        .run("local", session, LocalPlans.install(host, renderer.render(host), files, "bot"));
                assertThat(install.failed())
                        .as(String.join("\n", lines(install)))
                        .isZero();
                assertThat(lines(install))
                        .contains("changed: unit chatgeist-bot.service (enabled, started)")
                        .contains("changed: crontab block 'chatgeist' (block installed)");
                String unitFile = "/home/bot/.config/systemd/user/chatgeist-bot.service";
                assertThat(Files.readString(HOST.path(unitFile)))
                        .contains("WantedBy=default.target")
                        .contains("SuccessExitStatus=143")
                        .doesNotContain("User=");
                assertThat(session.exec("systemctl --user is-active chatgeist-bot; systemctl --user is-enabled"
                                        + " chatgeist-bot")
                                .stdout())
                        .isEqualTo("active\nenabled\n");
                String pid = session.exec("systemctl --user show -p MainPID --value chatgeist-bot")
                        .stdout()
                        .strip();
                assertThat(session.exec("ps -o user=,args= -p " + pid).stdout())
                        .startsWith("bot ")
                        .contains(
                                "/home/bot/chatgeist-local/chatgeist-runtime.jar --home /home/bot/chatgeist-local bot");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!api.methods().contains("getupdates") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(api.methods())
                        .as("the real bot polls from the user unit")
                        .contains("getupdates");

                Recap again = new TaskRunner(output(new ArrayList<>()), false, false, SecretMasker.none())
                        .run("local", session, LocalPlans.install(host, renderer.render(host), files, "bot"));
                assertThat(again.changed()).as(String.join("\n", lines(again))).isZero();

                TestJars.idle(project.resolve("chatgeist-runtime.jar"), "a newer build", 10);
                Recap newJar = new TaskRunner(output(new ArrayList<>()), false, false, SecretMasker.none())
                        .run("local", session, LocalPlans.install(host, renderer.render(host), files, "bot"));
                assertThat(lines(newJar)).contains("changed: unit chatgeist-bot.service (restarted)");
                assertThat(session.exec("systemctl --user show -p MainPID --value chatgeist-bot")
                                .stdout()
                                .strip())
                        .isNotEqualTo(pid);

                Recap removed = new TaskRunner(output(new ArrayList<>()), false, false, SecretMasker.none())
                        .run("local", session, LocalPlans.uninstall(host, "bot"));
                assertThat(removed.failed()).isZero();
                assertThat(session.exec("systemctl --user is-active chatgeist-bot")
                                .stdout()
                                .strip())
                        .isIn("inactive", "unknown");
                assertThat(HOST.path(unitFile)).doesNotExist();
                assertThat(session.exec("crontab -l").stdout()).doesNotContain("chatgeist");
            }
        }
    }

    // ---- helpers ----

    private static List<Task> unitTasks(String unit, String path, String version, boolean present) {
        FileTask file = FileTask.present(
                path,
                "[Unit]\nDescription=ChatGeist SystemdUnitTask probe\n\n[Service]\n"
                        + "User=bot\nEnvironment=PROBE_VERSION=" + version + "\nExecStart=" + NspawnHost.JAVA
                        + " -jar /home/bot/probe.jar\nRestart=on-failure\nSuccessExitStatus=143\n\n[Install]\n"
                        + "WantedBy=multi-user.target\n",
                "0644");
        return List.of(
                new AsRoot(file),
                new AsRoot(new DaemonReload("systemctl", List.of(file.name()))),
                new AsRoot(new SystemdUnitTask("systemctl", unit, present, true, List.of(file.name()))));
    }

    private static Recap run(Transport t, List<Task> tasks) {
        return new TaskRunner(output(new ArrayList<>()), false, false, SecretMasker.none()).run("testhost", t, tasks);
    }

    /** "status: task (note)" per reported task, without the host. */
    private static List<String> lines(Recap r) {
        return r.results().stream()
                .map(t -> t.status().word() + ": " + t.task()
                        + (t.note() == null || t.note().isBlank() ? "" : " (" + t.note() + ")"))
                .toList();
    }

    private static String pid(Transport t, String unit) throws Exception {
        return t.exec("systemctl show -p MainPID --value " + unit).stdout().strip();
    }

    private Path projectFiles(BotApiStandIn api) throws Exception {
        Path project = Files.createDirectories(tmp.resolve("project"));
        Files.copy(RuntimeJar.withBotCommand(), project.resolve("chatgeist-runtime.jar"));
        Files.writeString(project.resolve("targets.json"), "{\"chats\": {}}\n");
        Files.createDirectories(project.resolve("prompts"));
        Files.writeString(
                project.resolve(".env"),
                "TELEGRAM_BOT_TOKEN=" + BOT_TOKEN + "\nTELEGRAM_BOT_API_URL=" + api.url()
                        + "\nANTHROPIC_API_KEY=sk-ant-api03-user-unit-test-key-never-used\n");
        return project;
    }

    /** A Linux machine's local host, as install-local sees it when bot runs Maven there. */
    private static Host localLinuxHost(Path project) throws Exception {
        Path inventory = Files.writeString(
                project.resolve("inventory.yaml"),
                "all:\n  hosts:\n    local:\n"
                        + "      ansible_connection: local\n      chatgeist_platform: linux\n"
                        + "      chatgeist_app_dir: ~/chatgeist-local\n      chatgeist_jobs:\n        update: \"1h\"\n"
                        + "        sync-token: false\n        bot: service\n");
        return new InventoryLoader(new LoaderEnvironment("bot", Path.of("/home/bot"), Platform.LINUX, NspawnHost.JAVA))
                .load(inventory)
                .select(null)
                .get(0);
    }

    private static Output output(List<String> lines) {
        return new Output() {
            @Override
            public void info(String line) {
                lines.add(line);
                System.out.println(line);
            }

            @Override
            public void warn(String line) {
                lines.add(line);
                System.out.println("WARN " + line);
            }
        };
    }
}
