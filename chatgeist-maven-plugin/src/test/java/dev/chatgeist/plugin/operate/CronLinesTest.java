package dev.chatgeist.plugin.operate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.plugin.task.CronPause;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pausing a crontab line and running one now, on the lines the built-in crontab.ftl renders. */
class CronLinesTest {
    private static final String UPDATE = "0 */4 * * * cd /home/bot/chatgeist && PATH=/usr/bin:/bin"
            + " CHATGEIST_JAVA=/usr/bin/java /home/bot/chatgeist/bin/chatgeist --home '/home/bot/100\\%' update"
            + " >> /home/bot/chatgeist/logs/update.out.log 2>&1";
    private static final String SYNC =
            "@hourly cd /a && /a/bin/chatgeist sync-token >> /a/logs/sync-token.out.log 2>&1";
    private static final String CRONTAB = "MAILTO=\"\"\n# BEGIN chatgeist\n# update: cron \"0 */4 * * *\"\n" + UPDATE
            + "\n" + SYNC + "\n# END chatgeist\n17 3 * * 1 /usr/bin/true backup\n";

    @Test
    void pauseCommentsOutOnlyThatJobsLineAndResumeRestoresItExactly() {
        String paused = CronPause.pause(CRONTAB, List.of("update"));
        assertThat(paused).isEqualTo(CRONTAB.replace(UPDATE, "#paused# " + UPDATE));
        assertThat(CronPause.pause(paused, List.of("update")))
                .as("pausing twice changes nothing")
                .isEqualTo(paused);
        assertThat(CronPause.resume(paused, "sync-token")).isEqualTo(paused);
        assertThat(CronPause.resume(paused, "update")).isEqualTo(CRONTAB);
    }

    @Test
    void theCommandIsTheLineWithoutItsScheduleAsCronHandsItToSh() {
        assertThat(CronControl.command(UPDATE))
                .isEqualTo("cd /home/bot/chatgeist && PATH=/usr/bin:/bin"
                        + " CHATGEIST_JAVA=/usr/bin/java /home/bot/chatgeist/bin/chatgeist --home '/home/bot/100%' update"
                        + " >> /home/bot/chatgeist/logs/update.out.log 2>&1");
        assertThat(CronControl.command(SYNC)).startsWith("cd /a && ");
    }
}
