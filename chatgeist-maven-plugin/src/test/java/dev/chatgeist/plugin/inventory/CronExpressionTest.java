package dev.chatgeist.plugin.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.plugin.testing.Tools;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CronExpressionTest {

    @Test
    void everyFourHoursBecomesSixLaunchdEntriesAndASystemdStep() {
        CronExpression c = CronExpression.parse("0 */4 * * *");
        assertThat(c.toLaunchdCalendar())
                .containsExactly(
                        Map.of("Minute", 0, "Hour", 0),
                        Map.of("Minute", 0, "Hour", 4),
                        Map.of("Minute", 0, "Hour", 8),
                        Map.of("Minute", 0, "Hour", 12),
                        Map.of("Minute", 0, "Hour", 16),
                        Map.of("Minute", 0, "Hour", 20));
        assertThat(c.toSystemdOnCalendar()).isEqualTo("*-*-* 00/4:00:00");
    }

    @Test
    void namesRangesListsAndSundaySeven() {
        CronExpression c = CronExpression.parse("30 9 * jan-mar mon-fri,7");
        assertThat(c.toSystemdOnCalendar()).isEqualTo("Sun,Mon,Tue,Wed,Thu,Fri *-01..03-* 09:30:00");
        assertThat(c.toLaunchdCalendar())
                .hasSize(3 * 6)
                .first()
                .isEqualTo(Map.of("Minute", 30, "Hour", 9, "Month", 1, "Weekday", 0));
    }

    @Test
    void bothDayFieldsMeanOrForCronAndLaunchdAndAreRefusedForSystemd() {
        CronExpression c = CronExpression.parse("0 12 1 * 1");
        assertThat(c.toLaunchdCalendar())
                .containsExactly(
                        Map.of("Minute", 0, "Hour", 12, "Day", 1), Map.of("Minute", 0, "Hour", 12, "Weekday", 1));
        // 2026-06-01 is a Monday and the 1st; 2026-06-08 is a Monday; 2026-07-01 is the 1st
        ZonedDateTime from = ZonedDateTime.of(2026, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(c.nextAfter(from)).get().isEqualTo(ZonedDateTime.of(2026, 6, 8, 12, 0, 0, 0, ZoneOffset.UTC));
        assertThatThrownBy(c::toSystemdOnCalendar).hasMessageContaining("cannot express");
    }

    @Test
    void nextRunOfEveryFourHours() {
        CronExpression c = CronExpression.parse("0 */4 * * *");
        ZonedDateTime from = ZonedDateTime.of(2026, 11, 26, 13, 5, 0, 0, ZoneOffset.UTC);
        assertThat(c.nextAfter(from)).get().isEqualTo(ZonedDateTime.of(2026, 11, 26, 16, 0, 0, 0, ZoneOffset.UTC));
        assertThat(CronExpression.parse("0 0 29 2 *").nextAfter(from))
                .get()
                .isEqualTo(ZonedDateTime.of(2028, 2, 29, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void badFieldsAreNamed() {
        assertThatThrownBy(() -> CronExpression.parse("60 * * * *")).hasMessageContaining("minute \"60\"");
        assertThatThrownBy(() -> CronExpression.parse("* 5-1 * * *")).hasMessageContaining("runs backwards");
        assertThatThrownBy(() -> CronExpression.parse("* * * * * *")).hasMessageContaining("five fields");
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).hasMessageContaining("\"0\"");
    }

    @Test
    void intervalsThatDivideAnHourOrADayBecomeCron() {
        assertThat(Schedule.parse("30m").asCron())
                .get()
                .extracting(CronExpression::source)
                .isEqualTo("*/30 * * * *");
        assertThat(Schedule.parse("1h").asCron())
                .get()
                .extracting(CronExpression::source)
                .isEqualTo("0 * * * *");
        assertThat(Schedule.parse("4h").asCron())
                .get()
                .extracting(CronExpression::source)
                .isEqualTo("0 */4 * * *");
        assertThat(Schedule.parse("1d").asCron())
                .get()
                .extracting(CronExpression::source)
                .isEqualTo("0 0 * * *");
        assertThat(Schedule.parse("7m").asCron()).isEmpty();
        assertThat(Schedule.parse("5h").asCron()).isEmpty();
    }

    /** systemd itself (systemd-analyze calendar) agrees that our OnCalendar strings are valid and mean the same. */
    @Test
    void systemdAcceptsTheOnCalendarStrings() throws Exception {
        Tools.require("systemd-analyze", "systemd");
        for (String expr :
                List.of("0 */4 * * *", "30 9 * jan-mar mon-fri", "*/15 * * * *", "5 4 1,15 * *", "0 0 * * 0")) {
            String onCalendar = CronExpression.parse(expr).toSystemdOnCalendar();
            Tools.Result r = Tools.run(null, List.of("systemd-analyze", "calendar", "--iterations=3", onCalendar));
            assertThat(r.exitCode())
                    .as(expr + " -> " + onCalendar + ": " + r.stderr())
                    .isZero();
            assertThat(r.stdout()).contains("Normalized form:");
        }
    }
}
