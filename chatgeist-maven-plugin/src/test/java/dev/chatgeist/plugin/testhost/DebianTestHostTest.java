package dev.chatgeist.plugin.testhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.plugin.transport.BecomeFailedException;
import dev.chatgeist.plugin.transport.SshLibrary;
import dev.chatgeist.plugin.transport.Transport;
import dev.chatgeist.plugin.transport.Transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Debian test host really is a systemd server reachable over SSH with both libraries. */
class DebianTestHostTest {
    @RegisterExtension
    static final DebianTestHost HOST = new DebianTestHost();

    @ParameterizedTest
    @EnumSource(SshLibrary.class)
    void systemdIsRunningAndBotBecomesRootWithSudo(SshLibrary library) throws Exception {
        try (Transport bot = HOST.connect(library)) {
            assertThat(bot.exec("systemctl is-system-running --wait").stdout())
                    .as(bot.exec("systemctl --failed --no-legend --plain").stdout())
                    .isEqualTo("running\n");
            assertThat(bot.exec("id -un").stdout()).isEqualTo("bot\n");
            assertThat(bot.become().exec("id -un").stdout()).isEqualTo("root\n");
            assertThat(bot.exec("cat /proc/1/comm").stdout()).isEqualTo("systemd\n");
        }
    }

    @ParameterizedTest
    @EnumSource(SshLibrary.class)
    void aSystemdUnitRunsJavaFromTheBoundJdk(SshLibrary library) throws Exception {
        String name = "chatgeist-probe-" + library.name().toLowerCase(Locale.ROOT);
        try (Transport bot = HOST.connect(library)) {
            Transport root = bot.become();
            root.exec("mkdir -p /opt/" + name);
            root.write(
                    ("public class Probe { public static void main(String[] a) throws Exception {"
                                    + " System.out.println(\"probe up java=\" + Runtime.version().feature());"
                                    + " Thread.sleep(Long.MAX_VALUE); } }\n")
                            .getBytes(StandardCharsets.UTF_8),
                    "/opt/" + name + "/Probe.java",
                    "0644");
            root.write(
                    ("[Unit]\nDescription=ChatGeist test probe\n\n[Service]\nUser=bot\n"
                                    + "ExecStart=" + NspawnHost.JAVA + " /opt/" + name
                                    + "/Probe.java\nRestart=on-failure\n"
                                    // the JVM exits with 143 on SIGTERM; without this, stopping the unit leaves it
                                    // "failed"
                                    + "SuccessExitStatus=143\n\n"
                                    + "[Install]\nWantedBy=multi-user.target\n")
                            .getBytes(StandardCharsets.UTF_8),
                    "/etc/systemd/system/" + name + ".service",
                    "0644");
            ExecResult enable = root.exec("systemctl daemon-reload && systemctl enable --now " + name);
            assertThat(enable.ok()).as(enable.stderr()).isTrue();
            assertThat(bot.exec("systemctl is-enabled " + name).stdout()).isEqualTo("enabled\n");
            String expected = "probe up java=" + Runtime.version().feature();
            awaitTrue(
                    () -> bot.become()
                            .exec("journalctl -u " + name + " -o cat --no-pager")
                            .stdout()
                            .contains(expected),
                    "the unit's java prints '" + expected + "' to the journal");
            assertThat(bot.exec("systemctl is-active " + name).stdout()).isEqualTo("active\n");
            assertThat(bot.exec("systemctl show -p NRestarts --value " + name).stdout())
                    .isEqualTo("0\n");
            root.exec("systemctl disable --now " + name);
        }
        assertThat(HOST.path("/etc/systemd/system/" + name + ".service")).isRegularFile();
    }

    @ParameterizedTest
    @EnumSource(SshLibrary.class)
    void theRealCrontabInstallsALineForCron(SshLibrary library) throws Exception {
        String line = "*/5 * * * * echo chatgeist-cron-probe-" + library;
        try (Transport bot = HOST.connect(library)) {
            ExecResult install = bot.exec("(crontab -l 2>/dev/null; echo '" + line + "') | crontab -");
            assertThat(install.ok()).as(install.stderr()).isTrue();
            assertThat(bot.exec("crontab -l").stdout()).contains(line + "\n");
            assertThat(bot.exec("systemctl is-active cron").stdout()).isEqualTo("active\n");
        }
        Path spool = HOST.path("/var/spool/cron/crontabs/bot");
        assertThat(Files.readString(spool)).contains(line);
        assertThat(Files.getAttribute(spool, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(HOST.userIds("bot")[0]);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)))
                .isEqualTo("rw-------");
    }

    @ParameterizedTest
    @EnumSource(SshLibrary.class)
    void becomeWritesRootOwnedFilesAtomically(SshLibrary library) throws Exception {
        String file = "/etc/chatgeist-probe-" + library.name().toLowerCase(Locale.ROOT) + ".conf";
        try (Transport bot = HOST.connect(library)) {
            assertThatThrownBy(() -> bot.write(new byte[] {1}, file, "0640")).hasMessageContaining(file);
            bot.become().write("a=1\n".getBytes(StandardCharsets.UTF_8), file, "0640");
        }
        Path seen = HOST.path(file);
        assertThat(Files.readString(seen)).isEqualTo("a=1\n");
        assertThat(Files.getAttribute(seen, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(seen)))
                .isEqualTo("rw-r-----");
    }

    @ParameterizedTest
    @EnumSource(SshLibrary.class)
    void aSudoThatWantsAPasswordIsAClearError(SshLibrary library) throws Exception {
        try (Transport carol = library.connect(HOST.target("carol"), e -> {})) {
            assertThat(carol.exec("id -un").stdout()).isEqualTo("carol\n");
            assertThatThrownBy(() -> carol.become().exec("id -un"))
                    .isInstanceOf(BecomeFailedException.class)
                    .hasMessageContaining("cannot become root on carol@127.0.0.1:" + HOST.sshPort())
                    .hasMessageContaining("a password is required")
                    .hasMessageContaining("sudo -n")
                    .hasMessageContaining("carol ALL=(ALL) NOPASSWD:ALL");
            assertThatThrownBy(() -> carol.become().write(new byte[] {1}, "/etc/x", "0644"))
                    .isInstanceOf(BecomeFailedException.class);
        }
    }

    @Test
    void aKilledConnectionIsSeenByTheClientAndTheHostIsUnchangedByReads() throws Exception {
        var before = HOST.fingerprint("/home/bot", "/etc/systemd/system");
        try (Transport bot = HOST.connect(SshLibrary.JSCH)) {
            assertThat(bot.exec("ls -la /home/bot; systemctl list-unit-files >/dev/null")
                            .ok())
                    .isTrue();
            assertThat(HOST.killSshSessionsOf("bot")).isPositive();
            assertThatThrownBy(() -> bot.exec("true")).isInstanceOf(java.io.IOException.class);
        }
        assertThat(HOST.fingerprint("/home/bot", "/etc/systemd/system")).isEqualTo(before);
        try (Transport bot = HOST.connect(SshLibrary.SSHJ)) {
            bot.write(new byte[] {1}, "/home/bot/marker", "0600");
        }
        assertThat(HOST.fingerprint("/home/bot", "/etc/systemd/system"))
                .isNotEqualTo(before)
                .containsKey("/home/bot/marker");
    }

    @Test
    void theBoundJdkRunsInside() throws Exception {
        try (Transport bot = HOST.connect(SshLibrary.SSHJ)) {
            ExecResult version = bot.exec("java -version");
            assertThat(version.ok()).as(version.stderr()).isTrue();
            assertThat(version.stderr())
                    .contains("version \"" + Runtime.version().feature());
            assertThat(bot.exec("readlink -f \"$(command -v java)\"").stdout().strip())
                    .isEqualTo(HOST.javaHome().resolve("bin/java").toString());
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void awaitTrue(Condition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(100);
        }
    }
}
