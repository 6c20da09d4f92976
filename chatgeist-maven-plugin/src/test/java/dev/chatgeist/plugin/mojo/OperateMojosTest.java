package dev.chatgeist.plugin.mojo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations goals as Maven runs them, for what needs no host: a missing or unknown job, following several
 * hosts at once, and hosts that cannot be reached (the goal reports each, then fails once at the end). The goals'
 * work on real hosts: SshOperationsTest (Debian) and MacOperationsTest (launchd stand-in).
 */
class OperateMojosTest {
    @TempDir
    Path project;

    int closedPort;

    @BeforeEach
    void inventory() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Files.writeString(project.resolve("known_hosts"), "");
        Files.writeString(
                project.resolve("inventory.yaml"),
                "all:\n  hosts:\n"
                        + "    one: {ansible_host: 127.0.0.1, ansible_port: " + closedPort + ", ansible_user: bot}\n"
                        + "    two: {ansible_host: 127.0.0.1, ansible_port: " + closedPort + ", ansible_user: bot}\n");
    }

    private <M extends AbstractOperateMojo> M mojo(M m, String job) {
        m.setLog(new SystemStreamLog());
        m.inventory = project.resolve("inventory.yaml").toFile();
        m.templates = project.resolve("templates").toFile();
        m.knownHosts = project.resolve("known_hosts").toFile();
        m.forks = 2;
        m.healthCheckSeconds = 1;
        m.runTimeoutSeconds = 60;
        m.passphraseEnv = "CHATGEIST_TEST_UNSET_PASSPHRASE_VARIABLE";
        m.settings = new Settings();
        m.job = job;
        return m;
    }

    @Test
    void aMissingOrUnknownJobNamesTheJobsThatExist() {
        assertThatThrownBy(mojo(new RunMojo(), null)::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("no job given: pass -Dchatgeist.job=update|sync-token|bot");
        assertThatThrownBy(mojo(new StopMojo(), "updat")::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("unknown job 'updat': pass -Dchatgeist.job=update|sync-token|bot");
        assertThat(mojo(new StartMojo(), "sync_token").job).isEqualTo("sync_token");
    }

    @Test
    void followingIsOneHostAtATime() {
        LogsMojo logs = mojo(new LogsMojo(), "bot");
        logs.follow = true;
        logs.lines = 50;
        assertThatThrownBy(logs::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("follows one host at a time: choose it with -Dchatgeist.limit=<host>");
    }

    @Test
    void everyUnreachableHostIsReportedAndTheGoalFailsOnceAtTheEnd() {
        assertThatThrownBy(mojo(new RunMojo(), "update")::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("chatgeist:run failed on 2 of 2 hosts:\n  one: no way to log in to host 'one'")
                .hasMessageContaining("\n  two: no way to log in");
        StatusMojo status = new StatusMojo();
        status.setLog(new SystemStreamLog());
        status.inventory = project.resolve("inventory.yaml").toFile();
        status.templates = project.resolve("templates").toFile();
        status.knownHosts = project.resolve("known_hosts").toFile();
        status.forks = 2;
        status.tail = 5;
        status.passphraseEnv = "CHATGEIST_TEST_UNSET_PASSPHRASE_VARIABLE";
        status.settings = new Settings();
        assertThatThrownBy(status::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("chatgeist:status failed on 2 of 2 hosts:")
                .hasMessageContaining("one: connect bot@127.0.0.1:" + closedPort)
                .hasMessageContaining("two: connect bot@127.0.0.1:" + closedPort);
    }
}
