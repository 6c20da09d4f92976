package dev.chatgeist.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshWindowTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void theSettingDefaultsToSevenDaysAndZeroTurnsTheRefreshOff() {
        RefreshWindow byDefault = RefreshWindow.from(Settings.of(Map.of()));
        assertThat(byDefault).isEqualTo(new RefreshWindow(7, false, false, 0));
        assertThat(byDefault.startAt(NOW)).isEqualTo(NOW.getEpochSecond() - 7 * 86_400L);
        assertThat(RefreshWindow.from(Settings.of(Map.of("CHATGEIST_REFRESH_DAYS", "0")))
                        .on())
                .isFalse();
        assertThat(RefreshWindow.from(Settings.of(Map.of("CHATGEIST_REFRESH_DAYS", "30")))
                        .days())
                .isEqualTo(30);
    }

    @Test
    void badValuesAreExplainedWithTheFix() {
        assertThatThrownBy(() -> RefreshWindow.from(Settings.of(Map.of("CHATGEIST_REFRESH_DAYS", "-2"))))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("CHATGEIST_REFRESH_DAYS=-2 is negative")
                .hasMessageContaining("0 turns the refresh off");
        assertThatThrownBy(() -> RefreshWindow.from(Settings.of(Map.of("CHATGEIST_REFRESH_DAYS", "a week"))))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("is not a whole number; fix it in .env");
        assertThatThrownBy(() -> RefreshWindow.forced(0))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("--refresh needs 1 or more days (use --full");
    }

    @Test
    void forcedWindowsReadEveryPageAndFullReachesTheFirstMessage() {
        assertThat(RefreshWindow.forced(3)).isEqualTo(new RefreshWindow(3, true, false, 0));
        RefreshWindow all = RefreshWindow.everything();
        assertThat(all.on()).isTrue();
        assertThat(all.forced()).isTrue();
        assertThat(all.startAt(NOW)).isZero();
    }

    @Test
    void aScheduledPassOverTheWholeWindowIsForcedWhenDueAndOnlyThen() {
        RefreshWindow daily = RefreshWindow.from(Settings.of(Map.of("CHATGEIST_REFRESH_WHOLE_EVERY_DAYS", "1")));
        assertThat(daily).isEqualTo(new RefreshWindow(7, false, false, 1));
        long now = NOW.getEpochSecond();
        assertThat(daily.due(0, NOW).forced())
                .as("the schedule has not started")
                .isFalse();
        assertThat(daily.due(now - 86_399, NOW).forced()).isFalse();
        RefreshWindow due = daily.due(now - 86_400, NOW);
        assertThat(due.forced()).isTrue();
        assertThat(due.startAt(NOW)).isEqualTo(daily.startAt(NOW));
        RefreshWindow byDefault = RefreshWindow.from(Settings.of(Map.of()));
        assertThat(byDefault.due(1, NOW).forced()).as("off by default").isFalse();
        assertThatThrownBy(() -> RefreshWindow.from(Settings.of(Map.of("CHATGEIST_REFRESH_WHOLE_EVERY_DAYS", "-1"))))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("CHATGEIST_REFRESH_WHOLE_EVERY_DAYS=-1 is negative");
    }
}
