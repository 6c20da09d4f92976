package dev.chatgeist.plugin.operate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.plugin.task.ProbeResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The archives part of status, from what the runtime's own {@code stats} prints (its format, copied here). */
class ArchivesTest {
    private static ProbeResult ok(String text) {
        return new ProbeResult(0, text.getBytes(StandardCharsets.UTF_8), "");
    }

    @Test
    void aChatLeftDaysBehindTheOthersIsFlaggedAndSizesAreShown() {
        String stats = """
                fresh: 1,204 messages, last id 1204, 2026-01-02 10:00 .. 2026-12-03 09:30 UTC
                  Top senders:
                    1  Alice  800  66.4%
                behind: 12 messages, last id 12, 2026-11-01 10:00 .. 2026-11-29 23:59 UTC
                recent: 3 messages, last id 3, 2026-12-01 10:00 .. 2026-12-02 08:00 UTC
                """;
        String sizes = "45056 fresh.db\n2097152 behind.db\n4096 recent.db\n1000 orphan.db\n";
        String text = Archives.describe(ok(sizes), ok(stats), "run chatgeist:deploy");
        assertThat(text.lines().skip(1).toList())
                .containsExactly(
                        "    fresh: 1,204 messages, last id 1204, 2026-01-02 10:00 .. 2026-12-03 09:30 UTC (44 kB)",
                        "    behind: 12 messages, last id 12, 2026-11-01 10:00 .. 2026-11-29 23:59 UTC (2.0 MB)  <- STALE: last"
                                + " message 4 days older than the newest chat's; chatgeist:logs -Dchatgeist.job=update shows why",
                        "    recent: 3 messages, last id 3, 2026-12-01 10:00 .. 2026-12-02 08:00 UTC (4 kB)",
                        "    orphan.db (1 kB)");
    }

    @Test
    void noLauncherYetAndAFailedStatsAreSaidNotHidden() {
        ProbeResult none = new ProbeResult(3, new byte[0], "");
        assertThat(Archives.describe(ok(""), none, "run chatgeist:deploy"))
                .isEqualTo("\n    (no bin/chatgeist yet: run chatgeist:deploy)");
        ProbeResult failed = new ProbeResult(2, new byte[0], "warming up\nerror: no Java found\n");
        assertThat(Archives.describe(ok(""), failed, "x"))
                .isEqualTo("\n    (stats failed, exit 2: error: no Java found)");
        assertThat(Archives.describe(ok(""), ok(""), "x")).isEqualTo(" none yet");
    }
}
