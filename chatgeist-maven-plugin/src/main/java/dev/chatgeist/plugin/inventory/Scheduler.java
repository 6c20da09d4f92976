package dev.chatgeist.plugin.inventory;

/** What starts the batch jobs on a host ({@code chatgeist_scheduler}). */
public enum Scheduler {
    /** macOS launch agents in ~/Library/LaunchAgents. */
    LAUNCHD("launchd"),
    /** A managed block in the user's crontab (Linux default). */
    CRON("cron"),
    /** systemd timers, the alternative to cron on Linux. */
    SYSTEMD("systemd");

    private final String id;

    Scheduler(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    static Scheduler parse(String s) {
        for (Scheduler v : values()) {
            if (v.id.equals(s)) {
                return v;
            }
        }
        return null;
    }
}
