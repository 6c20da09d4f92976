package dev.chatgeist.plugin.inventory;

import java.util.Optional;

/**
 * {@code chatgeist_jobs}: when the batch jobs run and whether the bot is kept running as a service.
 * An empty schedule means the job is not installed (and removed if it was).
 */
public record Jobs(Optional<Schedule> update, Optional<Schedule> syncToken, boolean botService) {
    public static Jobs none() {
        return new Jobs(Optional.empty(), Optional.empty(), false);
    }

    /** The seed's setup for each platform, used when a host has no {@code chatgeist_jobs}. */
    static Jobs defaults(Platform platform) {
        if (platform == Platform.MACOS) {
            return new Jobs(Optional.of(Schedule.parse("1h")), Optional.of(Schedule.parse("4h")), false);
        }
        return new Jobs(Optional.of(Schedule.parse("0 */4 * * *")), Optional.empty(), true);
    }
}
