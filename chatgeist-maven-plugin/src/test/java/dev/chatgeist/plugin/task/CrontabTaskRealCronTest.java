package dev.chatgeist.plugin.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.plugin.testing.ThrowawayUser;
import dev.chatgeist.plugin.testing.Tools;
import dev.chatgeist.plugin.transport.LocalTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The managed block installed with Debian's real crontab command, for a throwaway user, and read back. */
class CrontabTaskRealCronTest {
    @TempDir
    Path tmp;

    private final List<String> lines = new ArrayList<>();
    private final Output output = new Output() {
        @Override
        public void info(String line) {
            lines.add(line);
        }

        @Override
        public void warn(String line) {
            lines.add("WARN " + line);
        }
    };

    private Recap run(String user, String inner, boolean check) {
        LocalTransport t =
                new LocalTransport(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), tmp, Duration.ofSeconds(30));
        return new TaskRunner(output, check, true, SecretMasker.none())
                .run("h", t, List.of(new CrontabTask(user, inner)));
    }

    private static byte[] crontab(String user) throws Exception {
        return Tools.runBytes(List.of("crontab", "-u", user, "-l"));
    }

    @Test
    void installUpdateRemoveKeepForeignLinesByteForByte() throws Exception {
        Tools.require("crontab", "cron");
        try (ThrowawayUser u = ThrowawayUser.create()) {
            // foreign lines with an environment line, a comment, trailing spaces and bytes that are not UTF-8
            byte[] foreign = concat(
                    "MAILTO=\"\"\n# mine, keep me   \n".getBytes(StandardCharsets.UTF_8),
                    new byte[] {'#', ' ', (byte) 0xE9, (byte) 0xFF, '\n'},
                    "17 3 * * 1 /usr/local/bin/backup --quiet  \n".getBytes(StandardCharsets.UTF_8));
            Tools.Result put = Tools.run(null, List.of("crontab", "-u", u.name(), "-"), foreign);
            assertThat(put.exitCode()).as(put.stderr()).isZero();

            Recap first = run(u.name(), "0 */4 * * * /bin/true update\n", false);
            assertThat(first.changed()).isEqualTo(1);
            byte[] after = crontab(u.name());
            assertThat(after)
                    .isEqualTo(concat(
                            foreign,
                            "# BEGIN chatgeist\n0 */4 * * * /bin/true update\n# END chatgeist\n"
                                    .getBytes(StandardCharsets.UTF_8)));

            Recap second = run(u.name(), "0 */4 * * * /bin/true update\n", false);
            assertThat(second.ok()).isEqualTo(1);
            assertThat(second.changed()).isZero();
            assertThat(crontab(u.name())).isEqualTo(after);

            // a foreign line added after our block stays where it is when the block changes
            byte[] withTail = concat(after, "@reboot /bin/echo tail\n".getBytes(StandardCharsets.UTF_8));
            Tools.run(null, List.of("crontab", "-u", u.name(), "-"), withTail);
            Recap check = run(u.name(), "30 * * * * /bin/true changed\n", true);
            assertThat(check.changed()).isEqualTo(1);
            assertThat(crontab(u.name())).as("check mode changes nothing").isEqualTo(withTail);
            assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("+30 * * * * /bin/true changed"));

            run(u.name(), "30 * * * * /bin/true changed\n", false);
            assertThat(crontab(u.name()))
                    .isEqualTo(concat(
                            foreign,
                            ("# BEGIN chatgeist\n30 * * * * /bin/true changed\n# END chatgeist\n@reboot /bin/echo tail\n")
                                    .getBytes(StandardCharsets.UTF_8)));

            Recap removed = run(u.name(), null, false);
            assertThat(removed.changed()).isEqualTo(1);
            assertThat(crontab(u.name()))
                    .isEqualTo(concat(foreign, "@reboot /bin/echo tail\n".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aCrontabThatHeldOnlyOurBlockIsRemovedWhole() throws Exception {
        Tools.require("crontab", "cron");
        try (ThrowawayUser u = ThrowawayUser.create()) {
            assertThat(run(u.name(), "0 * * * * /bin/true\n", false).changed()).isEqualTo(1);
            assertThat(run(u.name(), null, false).changed()).isEqualTo(1);
            Tools.Result l = Tools.run(null, List.of("crontab", "-u", u.name(), "-l"));
            assertThat(l.exitCode()).isNotZero();
            assertThat(l.stderr()).contains("no crontab for " + u.name());
            assertThat(run(u.name(), null, false).ok()).isEqualTo(1);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
