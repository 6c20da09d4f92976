package dev.chatgeist.plugin.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Transport contract, as the SSH transports must also honour it, on the local machine. */
class LocalTransportTest {
    @TempDir
    Path tmp;

    private LocalTransport transport() {
        return new LocalTransport(
                Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "ONLY_THIS", "yes"),
                tmp,
                Duration.ofSeconds(5));
    }

    @Test
    void execRunsShWithStdinEnvironmentAndExitCode() throws Exception {
        Transport.ExecResult r = transport()
                .exec("tr a-z A-Z; echo \"$ONLY_THIS $PWD\" >&2; exit 7", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(r.exitCode()).isEqualTo(7);
        assertThat(r.ok()).isFalse();
        assertThat(r.stdout()).isEqualTo("HELLO");
        assertThat(r.stderr()).isEqualTo("yes " + tmp + "\n");
        assertThat(transport().exec("env | grep -c ^USER= || true").stdout().strip())
                .isEqualTo("0");
    }

    @Test
    void aHangingCommandIsStopped() {
        assertThatThrownBy(() -> new LocalTransport(Map.of("PATH", "/usr/bin:/bin"), tmp, Duration.ofMillis(300))
                        .exec("sleep 5"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not finish");
    }

    @Test
    void writeAndUploadReplaceAtomicallyWithTheModeAndLeaveNoTemporaryFiles() throws Exception {
        Path target = tmp.resolve("dir/file.txt");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old");
        transport().write("new".getBytes(StandardCharsets.UTF_8), target.toString(), "0600");
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-------");

        Path src = Files.writeString(tmp.resolve("src.bin"), "payload");
        transport().upload(src, target.toString(), "0755");
        assertThat(Files.readString(target)).isEqualTo("payload");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rwxr-xr-x");
        try (var list = Files.list(target.getParent())) {
            assertThat(list).containsExactly(target);
        }
    }

    @Test
    void writingIntoAMissingDirectoryFailsAndCreatesNothing() {
        assertThatThrownBy(() -> transport()
                        .write(new byte[] {1}, tmp.resolve("no/such/file").toString(), "0644"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("directory does not exist");
        assertThat(tmp.resolve("no")).doesNotExist();
    }
}
