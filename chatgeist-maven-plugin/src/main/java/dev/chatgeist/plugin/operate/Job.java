package dev.chatgeist.plugin.operate;

import dev.chatgeist.core.log.JobLog;
import dev.chatgeist.plugin.inventory.Host;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The three things ChatGeist schedules on a host; their logs are the runtime's own ({@link JobLog}: the file each
 * writes its outcome lines to, and the scheduler's out-log).
 */
public enum Job {
    UPDATE(JobLog.UPDATE),
    SYNC_TOKEN(JobLog.SYNC_TOKEN),
    BOT(JobLog.BOT);

    private final String id;
    private final String logName;
    private final String outLogName;

    Job(JobLog log) {
        this.id = log.command();
        this.logName = log.fileName();
        this.outLogName = log.outLogName();
    }

    /** The name used on the command line, in file names and in outcome lines: update, sync-token, bot. */
    public String id() {
        return id;
    }

    /** The runtime's own log of the job, under the app dir's logs/. */
    public String log(Host host) {
        return host.logsDir() + "/" + logName;
    }

    /** update.log, sync_token.log, bot.log. */
    public String logName() {
        return logName;
    }

    /** Where the scheduler sends the job's stdout and stderr (the templates' {@code outLog}). */
    public String outLog(Host host) {
        return host.logsDir() + "/" + outLogName;
    }

    public boolean isBatch() {
        return this != BOT;
    }

    /** Whether the inventory schedules the job on the host. */
    public boolean wanted(Host host) {
        return switch (this) {
            case UPDATE -> host.jobs().update().isPresent();
            case SYNC_TOKEN -> host.jobs().syncToken().isPresent();
            case BOT -> host.jobs().botService();
        };
    }

    /** The job named {@code id}; an unknown name is refused with the names that exist. */
    public static Job of(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (Job j : values()) {
            if (j.id.equals(wanted) || j.id.replace('-', '_').equals(wanted)) {
                return j;
            }
        }
        throw new IllegalArgumentException(
                (id == null || id.isBlank() ? "no job given" : "unknown job '" + id + "'") + ": pass -Dchatgeist.job="
                        + Arrays.stream(values()).map(Job::id).collect(Collectors.joining("|")));
    }
}
