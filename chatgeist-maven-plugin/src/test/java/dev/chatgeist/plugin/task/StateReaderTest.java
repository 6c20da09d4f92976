package dev.chatgeist.plugin.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.plugin.testing.CountingTransport;
import dev.chatgeist.plugin.transport.LocalTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateReaderTest {
    @TempDir
    Path tmp;

    LocalTransport local() {
        return new LocalTransport(Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString()), tmp, Duration.ofSeconds(30));
    }

    @Test
    void manyProbesOneExecWithExitCodesBinaryOutputAndStderr() throws Exception {
        byte[] binary = new byte[256];
        for (int i = 0; i < 256; i++) {
            binary[i] = (byte) i;
        }
        Files.write(tmp.resolve("bin"), binary);
        CountingTransport t = new CountingTransport(local());
        List<String> probes = List.of(
                "echo hello",
                "exit 3",
                "cat bin",
                "echo oops >&2; exit 1",
                "printf 'no newline'",
                "cat nothing-here",
                "echo hello");
        Map<String, ProbeResult> r = new StateReader().read(t, probes);
        assertThat(t.commands()).hasSize(1);
        assertThat(r).hasSize(6);
        assertThat(r.get("echo hello").text()).isEqualTo("hello\n");
        assertThat(r.get("exit 3").exitCode()).isEqualTo(3);
        assertThat(r.get("cat bin").stdout()).isEqualTo(binary);
        assertThat(r.get("echo oops >&2; exit 1").stderr()).isEqualTo("oops\n");
        assertThat(r.get("printf 'no newline'").text()).isEqualTo("no newline");
        assertThat(r.get("cat nothing-here").exitCode()).isNotZero();
    }

    @Test
    void aProbeCannotEatTheRestOfTheBatchsInput() throws Exception {
        Map<String, ProbeResult> r = new StateReader().read(local(), List.of("cat", "echo after"));
        assertThat(r.get("cat").text()).isEmpty();
        assertThat(r.get("echo after").text()).isEqualTo("after\n");
    }
}
