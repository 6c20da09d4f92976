package dev.chatgeist.plugin.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines and the atomic-write script, run by this machine's real /bin/sh. */
class RemoteCommandsTest {
    @TempDir
    Path dir;

    private int runScript(String script, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", script)
                .redirectErrorStream(true)
                .start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void aShortTransferIsRefusedAndTheOldFileKept() throws Exception {
        Path target = dir.resolve("chatgeist-runtime.jar");
        Files.writeString(target, "old");
        int exit = runScript(
                RemoteCommands.atomicWrite(target.toString(), "0644", 10), "only 7".getBytes(StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(RemoteCommands.WRITE_SHORT);
        assertThat(Files.readString(target)).isEqualTo("old");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aCompleteTransferReplacesTheFileWithItsMode() throws Exception {
        Path target = dir.resolve("it's here.env");
        Files.writeString(target, "old");
        assertThat(runScript(
                        RemoteCommands.atomicWrite(target.toString(), "0600", 4),
                        "new\n".getBytes(StandardCharsets.UTF_8)))
                .isZero();
        assertThat(Files.readString(target)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-------");
    }

    @Test
    void leftoversOfAKilledUploadAreCleanedByTheNextOne() throws Exception {
        Path target = dir.resolve("app.jar");
        Path leftover = dir.resolve(".app.jar.chatgeist-tmp.12345");
        Files.writeString(leftover, "half");
        assertThat(runScript(RemoteCommands.atomicWrite(target.toString(), "0644", 1), new byte[] {'x'}))
                .isZero();
        assertThat(leftover).doesNotExist();
    }

    @Test
    void quotingSurvivesEveryCharacter() {
        assertThat(RemoteCommands.quote("it's $HOME `x` \"y\"")).isEqualTo("'it'\\''s $HOME `x` \"y\"'");
        assertThat(RemoteCommands.commandLine("echo 'a'", true)).isEqualTo("sudo -n -- /bin/sh -c 'echo '\\''a'\\'''");
    }

    @Test
    void sudoRefusalsAreToldApartFromCommandFailures() {
        assertThat(RemoteCommands.sudoRefused(1, "sudo: a password is required\n"))
                .isTrue();
        assertThat(RemoteCommands.sudoRefused(1, "sudo: unable to resolve host x\nsudo: a password is required\n"))
                .isTrue();
        assertThat(RemoteCommands.sudoRefused(1, "grep: no such file\n")).isFalse();
        assertThat(RemoteCommands.sudoRefused(0, "sudo: a password is required\n"))
                .isFalse();
        assertThat(RemoteCommands.sudoRefusedMessage("bot@h:22", "bot", "sudo: a password is required\n"))
                .contains("(sudo: a password is required)")
                .contains("bot ALL=(ALL) NOPASSWD:ALL");
    }
}
