package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Inventory;
import dev.chatgeist.plugin.inventory.InventoryLoader;
import dev.chatgeist.plugin.inventory.LoaderEnvironment;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.render.TemplateEngine;
import dev.chatgeist.plugin.task.SecretMasker;
import dev.chatgeist.plugin.testhost.DebianTestHost;
import dev.chatgeist.plugin.testhost.NspawnHost;
import dev.chatgeist.plugin.testing.CountingTransport;
import dev.chatgeist.plugin.testing.RecordingOutput;
import dev.chatgeist.plugin.transport.Passphrase;
import dev.chatgeist.plugin.transport.SshLibrary;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A project to deploy from (inventory.yaml pointing at the Debian test host, runtime jar, targets.json, prompts/,
 * .env) and a way to run the real deploy core against it, capturing what it prints.
 */
final class DeployFixture {
    static final String APP = "/home/bot/chatgeist";

    final Path project;
    final DebianTestHost host;
    final SshLibrary library;
    Path jar;
    Path knownHosts;
    boolean acceptNewHostKey;
    String updateSchedule = "0 */4 * * *";
    String extraHosts = "";
    String user = "bot";
    boolean become = true;
    int forks = 5;
    /** The project's template overrides, or null for the built-in templates only. */
    Path templates;

    HealthCheck health = new HealthCheck(Duration.ofSeconds(2), 12);
    /** -Dchatgeist.resume: start again what chatgeist:stop paused. */
    boolean resume;

    DeployFixture(Path project, DebianTestHost host, SshLibrary library) throws IOException {
        this.project = project;
        this.host = host;
        this.library = library;
        this.knownHosts = host.knownHosts();
        Files.createDirectories(project.resolve("prompts"));
        Files.writeString(
                project.resolve("targets.json"),
                "{\"chats\": {\"example\": \"@example_chat\"}, \"updated_at\": \"2026-01-01T00:00:00Z\"}\n");
        Files.writeString(project.resolve("prompts/base.md"), "# base prompt\nAnswer in Ukrainian.\n");
    }

    Path env() {
        return project.resolve(".env");
    }

    void writeEnv(String text) throws IOException {
        Files.writeString(env(), text);
    }

    Path inventory() throws IOException {
        Path file = project.resolve("inventory.yaml");
        Files.writeString(
                file,
                "all:\n  hosts:\n"
                        + "    testhost:\n"
                        + "      ansible_host: 127.0.0.1\n"
                        + "      ansible_port: " + host.sshPort() + "\n"
                        + "      ansible_user: " + user + "\n"
                        + "      ansible_ssh_private_key_file: " + host.clientKey() + "\n"
                        + "      ansible_become: " + become + "\n"
                        + "      chatgeist_platform: linux\n"
                        + "      chatgeist_app_dir: " + (user.equals("bot") ? APP : "/home/" + user + "/chatgeist")
                        + "\n"
                        + "      chatgeist_java: " + NspawnHost.JAVA + "\n"
                        + "      chatgeist_transport: " + library.name().toLowerCase(Locale.ROOT) + "\n"
                        + "      chatgeist_jobs:\n"
                        + "        update: \"" + updateSchedule + "\"\n"
                        + "        sync-token: false\n"
                        + "        bot: service\n"
                        + extraHosts);
        return file;
    }

    List<Host> hosts() throws Exception {
        Inventory inv = new InventoryLoader(LoaderEnvironment.current()).load(inventory());
        return inv.select(null);
    }

    SshConnector connector() {
        return new SshConnector(knownHosts, acceptNewHostKey, null, "root", Path.of("/root"), h -> Passphrase.none());
    }

    /** A deploy's report and everything it printed (warnings prefixed with "WARN "). */
    record Run(Deployer.Report report, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }

        int changed() {
            return report.recaps().stream().mapToInt(r -> r.changed()).sum();
        }

        int failed() {
            return report.recaps().stream().mapToInt(r -> r.failed()).sum();
        }
    }

    Run deploy(boolean check, boolean diff) throws Exception {
        return deploy(check, diff, connector());
    }

    Run deploy(boolean check, boolean diff, HostConnector connector) throws Exception {
        RecordingOutput out = new RecordingOutput();
        List<String> lines = out.lines();
        SecretMasker masker = new SecretMasker(
                Files.isRegularFile(env())
                        ? SecretMasker.envValues(Files.readString(env(), StandardCharsets.UTF_8))
                        : List.of());
        Deployer deployer = new Deployer(
                connector,
                new HostRenderer(new TemplateEngine(templates)),
                out,
                masker,
                new Deployer.Settings(check, diff, forks, health, resume),
                "root");
        Deployer.Report report = deployer.deploy(
                hosts(), new DeployArtifacts(jar, project.resolve("targets.json"), project.resolve("prompts"), env()));
        List<String> copy = new ArrayList<>(lines);
        System.out.println(String.join("\n", copy));
        return new Run(report, copy);
    }

    /** A connector that counts the commands and uploads going over the connection. */
    static final class Counting implements HostConnector {
        final HostConnector inner;
        final List<String> commands = new CopyOnWriteArrayList<>();

        Counting(HostConnector inner) {
            this.inner = inner;
        }

        @Override
        public Transport connect(Host h, java.util.function.Consumer<String> events) throws IOException {
            return new CountingTransport(inner.connect(h, events), commands);
        }
    }
}
