package dev.chatgeist.plugin.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.plugin.deploy.HealthCheck;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.InventoryLoader;
import dev.chatgeist.plugin.inventory.LoaderEnvironment;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.local.LocalPlans;
import dev.chatgeist.plugin.local.ProjectFiles;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.render.TemplateEngine;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.SecretMasker;
import dev.chatgeist.plugin.task.TaskRunner;
import dev.chatgeist.plugin.testing.RecordingOutput;
import dev.chatgeist.plugin.testing.RuntimeJar;
import dev.chatgeist.plugin.testing.StandIns;
import dev.chatgeist.plugin.transport.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run, stop, start, restart and logs on a Mac, run on Linux. launchctl is {@link StandIns}' stand-in for the real
 * one (it loads, unloads and kickstarts agents with launchd's semantics: the plist's ProgramArguments, environment,
 * working directory and StandardOutPath); everything it starts is real: the installed bin/chatgeist and the real
 * runtime jar, in a temporary HOME.
 */
class MacOperationsTest {
    @TempDir
    Path tmp;

    Path home;
    Path project;
    StandIns standIns;
    LocalTransport transport;
    final RecordingOutput recorder = new RecordingOutput();
    final List<String> out = recorder.lines();
    final Waits waits =
            new Waits(Duration.ofSeconds(60), new HealthCheck(Duration.ofSeconds(2), 10), Duration.ofMillis(100));

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(tmp.resolve("Users/me"));
        project = Files.createDirectories(tmp.resolve("project"));
        Files.copy(RuntimeJar.path(), project.resolve("chatgeist-runtime.jar"));
        Files.writeString(project.resolve("targets.json"), "{\"chats\": {\"durov\": \"@durov\"}}\n");
        standIns = StandIns.install(tmp.resolve("standins"));
        transport = new LocalTransport(
                Map.of("PATH", standIns.bin() + ":/usr/bin:/bin", "HOME", home.toString()),
                home,
                Duration.ofSeconds(60));
    }

    @AfterEach
    void stopAgents() throws Exception {
        // nothing the stand-in started may outlive the test
        transport.exec("for f in '" + standIns.state() + "'/pid/*; do [ -f \"$f\" ] && kill $(cat \"$f\"); done; true");
    }

    Host host() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new InventoryLoader(new LoaderEnvironment("me", home, Platform.MACOS, java))
                .parse(project.resolve("inventory.yaml"), """
                        all:
                          hosts:
                            mac:
                              ansible_connection: local
                              chatgeist_platform: macos
                              chatgeist_jobs: {update: "1h", sync-token: false, bot: service}
                        """)
                .hosts()
                .get(0);
    }

    Recap install(Host host, boolean resume) throws Exception {
        return install(host, resume, "/usr/bin:/bin");
    }

    Recap install(Host host, boolean resume, String path) throws Exception {
        var files = new HostRenderer(new TemplateEngine(null)).render(host);
        var tasks = LocalPlans.install(
                host,
                files,
                new ProjectFiles(
                        project.resolve("chatgeist-runtime.jar"),
                        project.resolve("targets.json"),
                        project.resolve("prompts"),
                        project.resolve(".env")),
                "me",
                resume,
                path);
        return new TaskRunner(output(), false, false, SecretMasker.none()).run(host.name(), transport, tasks);
    }

    Output output() {
        return recorder;
    }

    AppUser app(Host host) {
        return new AppUser(host, transport, "me");
    }

    String uid() throws Exception {
        return transport.exec("id -u").stdout().strip();
    }

    @Test
    void runStopStartAndLogsOfTheUpdateAgent() throws Exception {
        Host mac = host();
        Recap installed = install(mac, false);
        assertThat(installed.failed()).as(String.join("\n", out)).isZero();
        Path launcher = home.resolve("chatgeist/bin/chatgeist");
        assertThat(launcher).isExecutable();
        assertThat(out)
                .anySatisfy(l -> assertThat(l)
                        .contains("~/.local/bin is not on your PATH")
                        .contains(launcher.toString()));
        Operations ops = new Operations(output(), waits);

        // run: kickstart, wait for the agent to end, print the outcome line the real runtime wrote (no .env, no
        // Telegram login here: it fails, and says why)
        standIns.clearCalls();
        out.clear();
        boolean ok = ops.run(app(mac), Job.UPDATE);
        assertThat(ok).as(String.join("\n", out)).isFalse();
        assertThat(standIns.calls()).contains("launchctl kickstart gui/" + uid() + "/com.chatgeist.update");
        assertThat(out)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("WARN [mac] ")
                        .contains(" ERROR run=update")
                        .contains("outcome=failed reason="));
        assertThat(home.resolve("chatgeist/logs/update.out.log")).exists();

        // stop: unloaded, remembered; status says paused and shows no next run; install-local keeps the pause
        out.clear();
        assertThat(ops.stop(app(mac), Job.UPDATE)).isTrue();
        assertThat(standIns.loaded("com.chatgeist.update")).isFalse();
        assertThat(home.resolve("chatgeist/paused/update")).exists();
        String status = String.join("\n", new JobStatus(ZoneOffset.UTC, Instant.now()).lines(app(mac)));
        assertThat(status)
                .contains("update (every 1h): PAUSED (chatgeist:start -Dchatgeist.job=update resumes it)")
                .contains("FAILED: ");
        assertThat(status.lines()
                        .filter(l -> l.contains("update (every 1h)"))
                        .findFirst()
                        .orElseThrow())
                .doesNotContain("next run");
        standIns.clearCalls();
        out.clear();
        Recap again = install(mac, false);
        assertThat(again.failed()).isZero();
        assertThat(out)
                .anySatisfy(l -> assertThat(l)
                        .contains("launch agent com.chatgeist.update")
                        .contains("paused (chatgeist:start -Dchatgeist.job=update resumes it"));
        assertThat(standIns.calls()).noneMatch(c -> c.startsWith("launchctl bootstrap"));
        assertThat(standIns.loaded("com.chatgeist.update")).isFalse();
        assertThatThrownBy(() -> ops.run(app(mac), Job.UPDATE))
                .isInstanceOf(OperationException.class)
                .hasMessageContaining("paused: chatgeist:start -Dchatgeist.job=update resumes it");

        // start: loaded again, the pause forgotten, the next run shown again
        assertThat(ops.start(app(mac), Job.UPDATE)).isTrue();
        assertThat(standIns.calls())
                .contains("launchctl bootstrap gui/" + uid() + " " + home
                        + "/Library/LaunchAgents/com.chatgeist.update.plist");
        assertThat(standIns.loaded("com.chatgeist.update")).isTrue();
        assertThat(home.resolve("chatgeist/paused/update")).doesNotExist();
        assertThat(String.join("\n", new JobStatus(ZoneOffset.UTC, Instant.now()).lines(app(mac))))
                .containsPattern("update \\(every 1h\\): installed; loaded, not running, last exit status \\d+;"
                        + " last run .* FAILED: .*; next run ");

        // logs: the last lines, then following until three lines came (the third written while it follows)
        out.clear();
        new Logs(output()).show(app(mac), Job.UPDATE, 1, false, 0);
        assertThat(out).singleElement().satisfies(l -> assertThat(l).contains("run=update outcome=failed"));
        out.clear();
        CompletableFuture<Void> follow = CompletableFuture.runAsync(() -> {
            try {
                new Logs(output()).show(app(mac), Job.UPDATE, 1, true, 3);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Path log = home.resolve("chatgeist/logs/update.log");
        for (int i = 1; i <= 2; i++) {
            Thread.sleep(300);
            Files.writeString(
                    log,
                    "2026-12-03T18:00:0" + i + "Z INFO followed line " + i + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
        }
        follow.get(30, TimeUnit.SECONDS);
        assertThat(out).hasSize(3).last().asString().contains("followed line 2");
        // the reading program is gone with the follow (^: not this pgrep's own shell, whose line names it too)
        assertThat(transport.exec("pgrep -f '^tail -n 1 -F " + log + "'").stdout())
                .as("tail -F ended")
                .isEmpty();
    }

    @Test
    void installLocalWithResumeLoadsAPausedAgentAgainAndLinksTheCommandWhenItsFolderIsOnPath() throws Exception {
        Host mac = host();
        install(mac, false, home + "/.local/bin:/usr/bin:/bin");
        Path link = home.resolve(".local/bin/chatgeist");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(home.resolve("chatgeist/bin/chatgeist"));
        assertThat(transport.exec(link + " --help").stdout())
                .as("the link runs the installed launcher")
                .contains("Usage: chatgeist");
        new Operations(output(), waits).stop(app(mac), Job.UPDATE);
        assertThat(standIns.loaded("com.chatgeist.update")).isFalse();
        Recap resumed = install(mac, true);
        assertThat(resumed.failed()).as(String.join("\n", out)).isZero();
        assertThat(standIns.loaded("com.chatgeist.update")).isTrue();
        assertThat(home.resolve("chatgeist/paused/update")).doesNotExist();
    }

    @Test
    void restartOfABotThatCannotStartSaysSoAndABatchJobCannotBeRestarted() throws Exception {
        Host mac = host();
        install(mac, false);
        Operations ops = new Operations(output(), waits);
        // no TELEGRAM_BOT_TOKEN in this home: the real bot exits at once, which the health check must see
        out.clear();
        assertThat(ops.restart(app(mac), Job.BOT)).as(String.join("\n", out)).isFalse();
        assertThat(standIns.calls()).contains("launchctl kickstart -k gui/" + uid() + "/com.chatgeist.bot");
        assertThat(out)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("WARN [mac] bot restarted but is not healthy: the" + " agent is not running"));
        assertThatThrownBy(() -> ops.restart(app(mac), Job.UPDATE))
                .isInstanceOf(OperationException.class)
                .hasMessageContaining("chatgeist:run -Dchatgeist.job=update runs it now");
    }
}
