package dev.chatgeist.update;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import java.time.Instant;

/**
 * How far back an {@code update} re-reads a chat's past (issue 12). {@code days} 0 = off (plain incremental);
 * {@code forced}: every page of the window is read this run ({@code update --refresh DAYS}, {@code --full}), not
 * only what the daily budget pays for; {@code all}: the window is the whole history ({@code --full});
 * {@code wholeEveryDays}: the scheduled runs read the whole window every so many days (0 = never; beyond the
 * budget, so off by default).
 */
public record RefreshWindow(int days, boolean forced, boolean all, int wholeEveryDays) {
    public static final String DAYS = "CHATGEIST_REFRESH_DAYS";
    public static final String WHOLE_EVERY_DAYS = "CHATGEIST_REFRESH_WHOLE_EVERY_DAYS";
    public static final int DEFAULT_DAYS = 7;

    public static final RefreshWindow OFF = new RefreshWindow(0, false, false, 0);

    public RefreshWindow {
        if (days < 0 || wholeEveryDays < 0) {
            throw new IllegalArgumentException("days must not be negative");
        }
    }

    /** The tiered window of the settings ({@code CHATGEIST_REFRESH_DAYS}, default 7). */
    public static RefreshWindow from(Settings settings) {
        int days = settings.getInt(DAYS, DEFAULT_DAYS);
        if (days < 0) {
            throw new UserException(DAYS + "=" + days + " is negative; give a number of days (0 turns the refresh "
                    + "off) in .env or the environment");
        }
        int every = settings.getInt(WHOLE_EVERY_DAYS, 0);
        if (every < 0) {
            throw new UserException(WHOLE_EVERY_DAYS + "=" + every + " is negative; give a number of days (0, the "
                    + "default, never reads the whole window by schedule) in .env or the environment");
        }
        return new RefreshWindow(days, false, false, every);
    }

    /**
     * This window, forced when its scheduled pass over the whole window is due: {@code wholeAt} (unix seconds) is
     * when the last one was made or the schedule started, 0 when it has not started yet.
     */
    public RefreshWindow due(long wholeAt, Instant now) {
        boolean due = !forced
                && days > 0
                && wholeEveryDays > 0
                && wholeAt > 0
                && now.getEpochSecond() - wholeAt >= wholeEveryDays * 86_400L;
        return due ? new RefreshWindow(days, true, false, wholeEveryDays) : this;
    }

    /** {@code update --refresh DAYS}: the whole window of {@code days} this run. */
    public static RefreshWindow forced(int days) {
        if (days < 1) {
            throw new UserException("--refresh needs 1 or more days (use --full to re-read the whole history)");
        }
        return new RefreshWindow(days, true, false, 0);
    }

    /** {@code update --full}: every message again. */
    public static RefreshWindow everything() {
        return new RefreshWindow(0, true, true, 0);
    }

    public boolean on() {
        return days > 0 || all;
    }

    /** Unix seconds of the oldest message date inside the window at {@code now}; 0 for the whole history. */
    public long startAt(Instant now) {
        return all ? 0 : now.getEpochSecond() - days * 86_400L;
    }
}
