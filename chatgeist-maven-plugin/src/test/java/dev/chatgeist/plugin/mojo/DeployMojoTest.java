package dev.chatgeist.plugin.mojo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.plugin.testhost.DebianTestHost;
import dev.chatgeist.plugin.testhost.NspawnHost;
import dev.chatgeist.plugin.testing.TestJars;
import dev.chatgeist.plugin.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

/**
 * The deploy and rollback goals as Maven runs them, against the Debian test host: parameters as Maven injects
 * them, and an encrypted key whose passphrase comes from a settings.xml {@code <server>} encrypted the way
 * {@code mvn --encrypt-password} does, decrypted by Maven's own SettingsDecrypter and sec-dispatcher.
 */
class DeployMojoTest {
    @RegisterExtension
    static final DebianTestHost HOST = new DebianTestHost();

    private static final String PASSPHRASE = "correct horse battery staple";
    private static final String MASTER = "master-password-of-this-test";

    @TempDir
    Path project;

    @Test
    void deployWithAnEncryptedKeyWhosePassphraseIsInSettingsXml() throws Exception {
        Path key = project.resolve("id_ed25519");
        Files.copy(HOST.clientKey(), key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Tools.Result encrypt =
                Tools.run(null, List.of("ssh-keygen", "-q", "-p", "-P", "", "-N", PASSPHRASE, "-f", key.toString()));
        assertThat(encrypt.exitCode()).as(encrypt.stderr()).isZero();
        Files.writeString(
                project.resolve("inventory.yaml"),
                "all:\n  children:\n    servers:\n      hosts:\n"
                        + "        prod:\n          ansible_host: 127.0.0.1\n          ansible_port: " + HOST.sshPort()
                        + "\n"
                        + "          ansible_user: bot\n          ansible_ssh_private_key_file: " + key + "\n"
                        + "          ansible_become: true\n          chatgeist_java: " + NspawnHost.JAVA + "\n"
                        + "    macs:\n      hosts:\n        mac:\n          ansible_connection: local\n"
                        + "          chatgeist_platform: macos\n");
        TestJars.idle(project.resolve("chatgeist-runtime/target/chatgeist-runtime.jar"), "bot up", 0);
        Files.writeString(project.resolve("targets.json"), "{\"chats\": {}}\n");
        Files.writeString(project.resolve(".env"), "TELEGRAM_BOT_TOKEN=7000000001:AAE-mojo-test-secret-99\n");

        List<String> log = new ArrayList<>();
        DeployMojo deploy = deployMojo(log, settings(PASSPHRASE));
        deploy.execute();
        String text = String.join("\n", log);
        assertThat(text)
                .contains("host mac is local (ansible_connection: local): chatgeist:deploy skips it")
                .contains("changed: [prod] unit chatgeist-bot.service (enabled, started; health check: stays active"
                        + " for 1 s without restarts)")
                .containsPattern("prod\\s+: ok=\\d+\\s+changed=\\d+\\s+failed=0")
                .containsPattern("deploy phase: \\d+ ms")
                .doesNotContain("AAE-mojo-test-secret-99")
                .doesNotContain(PASSPHRASE);

        log.clear();
        DeployMojo check = deployMojo(log, settings(PASSPHRASE));
        check.check = true;
        check.execute();
        assertThat(String.join("\n", log)).containsPattern("prod\\s+: ok=\\d+\\s+changed=0\\s+failed=0");

        log.clear();
        RollbackMojo rollback = new RollbackMojo();
        common(rollback, log, settings(PASSPHRASE));
        assertThatThrownBy(rollback::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("chatgeist:rollback failed on 1 of 1 host:\n  prod: rollback ")
                .hasMessageContaining("there is no previous jar (/home/bot/chatgeist/chatgeist-runtime.jar.prev)");

        log.clear();
        DeployMojo wrong = deployMojo(log, settings("not the passphrase"));
        assertThatThrownBy(wrong::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("chatgeist:deploy failed on 1 of 1 host:\n  prod: connect bot@127.0.0.1:")
                .hasMessageContaining("the passphrase from settings.xml server 'prod' does not decrypt")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not the passphrase"));
    }

    @Test
    void aWrongEnvironmentOrNoSshHostIsAClearError() throws Exception {
        Files.writeString(
                project.resolve("inventory.yaml"),
                "all:\n  hosts:\n    mac:\n" + "      ansible_connection: local\n      chatgeist_platform: macos\n");
        DeployMojo deploy = deployMojo(new ArrayList<>(), new Settings());
        assertThatThrownBy(deploy::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("No SSH host among mac in ")
                .hasMessageContaining("-Dchatgeist.limit=<host or group>");
    }

    private DeployMojo deployMojo(List<String> log, Settings settings) {
        DeployMojo m = new DeployMojo();
        common(m, log, settings);
        m.runtimeJar = project.resolve("chatgeist-runtime/target/chatgeist-runtime.jar")
                .toFile();
        m.targetsFile = project.resolve("targets.json").toFile();
        m.promptsDir = project.resolve("prompts").toFile();
        m.envFile = project.resolve(".env").toFile();
        return m;
    }

    private void common(AbstractRemoteMojo m, List<String> log, Settings settings) {
        m.setLog(recording(log));
        m.inventory = project.resolve("inventory.yaml").toFile();
        m.templates = project.resolve("templates").toFile();
        m.knownHosts = HOST.knownHosts().toFile();
        m.forks = 5;
        m.healthCheckSeconds = 1;
        m.passphraseEnv = "CHATGEIST_TEST_UNSET_PASSPHRASE_VARIABLE";
        m.settings = settings;
        m.settingsDecrypter = new DefaultSettingsDecrypter(new DefaultSecDispatcher(
                new DefaultPlexusCipher(),
                Map.of(),
                project.resolve("settings-security.xml").toString()));
    }

    /** settings.xml with server "prod" whose passphrase is encrypted as `mvn --encrypt-password` does it. */
    private Settings settings(String passphrase) throws Exception {
        DefaultPlexusCipher cipher = new DefaultPlexusCipher();
        Files.writeString(
                project.resolve("settings-security.xml"),
                "<settingsSecurity><master>" + cipher.encryptAndDecorate(MASTER, "settings.security")
                        + "</master></settingsSecurity>\n");
        Server server = new Server();
        server.setId("prod");
        server.setPassphrase(cipher.encryptAndDecorate(passphrase, MASTER));
        Settings settings = new Settings();
        settings.addServer(server);
        return settings;
    }

    private static Log recording(List<String> lines) {
        return new Log() {
            private void add(String level, CharSequence s) {
                String line = "[" + level + "] " + s;
                lines.add(line);
                System.out.println(line);
            }

            @Override
            public boolean isDebugEnabled() {
                return false;
            }

            @Override
            public void debug(CharSequence content) {}

            @Override
            public void debug(CharSequence content, Throwable error) {}

            @Override
            public void debug(Throwable error) {}

            @Override
            public boolean isInfoEnabled() {
                return true;
            }

            @Override
            public void info(CharSequence content) {
                add("INFO", content);
            }

            @Override
            public void info(CharSequence content, Throwable error) {
                add("INFO", content);
            }

            @Override
            public void info(Throwable error) {
                add("INFO", String.valueOf(error));
            }

            @Override
            public boolean isWarnEnabled() {
                return true;
            }

            @Override
            public void warn(CharSequence content) {
                add("WARNING", content);
            }

            @Override
            public void warn(CharSequence content, Throwable error) {
                add("WARNING", content);
            }

            @Override
            public void warn(Throwable error) {
                add("WARNING", String.valueOf(error));
            }

            @Override
            public boolean isErrorEnabled() {
                return true;
            }

            @Override
            public void error(CharSequence content) {
                add("ERROR", content);
            }

            @Override
            public void error(CharSequence content, Throwable error) {
                add("ERROR", content);
            }

            @Override
            public void error(Throwable error) {
                add("ERROR", String.valueOf(error));
            }
        };
    }
}
