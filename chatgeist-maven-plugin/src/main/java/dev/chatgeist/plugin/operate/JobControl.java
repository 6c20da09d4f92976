package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.inventory.Scheduler;
import java.io.IOException;

/**
 * How one job is scheduled on a host, and the scheduler's own way to run it now, pause it, resume it and restart
 * it: a launchd agent (macOS), a systemd unit (the bot on Linux; the batch jobs with chatgeist_scheduler: systemd),
 * or a line of the managed crontab block (the batch jobs on Linux by default).
 */
interface JobControl {
    /** "launchd agent com.chatgeist.update", "crontab line", "systemd unit chatgeist-bot.service". */
    String describe();

    /** Whether the scheduler has the job (a paused crontab line counts: it is still there). */
    boolean installed() throws IOException;

    /** What the scheduler says about the job now: loaded/running, active since, restarts, last exit status. */
    String state() throws IOException;

    /** Starts the job now the way its scheduler would and returns when the run has ended (the bot: has started). */
    void runNow() throws IOException, OperationException;

    /** Stops the job and keeps the scheduler from starting it again; other jobs are untouched. */
    void pause() throws IOException, OperationException;

    /** Undoes {@link #pause()}. */
    void resume() throws IOException, OperationException;

    /** Restarts a long-running job and checks it stays up; {@code null} when healthy, else why not. */
    String restart() throws IOException, OperationException;

    /** @param waits how long to wait for runs and restarts; null when only the state is read (status) */
    static JobControl of(AppUser app, Job job, Waits waits) {
        Host host = app.host();
        if (host.platform() == Platform.MACOS) {
            return new LaunchdControl(app, job, waits);
        }
        if (job == Job.BOT || host.scheduler() == Scheduler.SYSTEMD) {
            return new SystemdControl(app, job, waits);
        }
        return new CronControl(app, job);
    }
}
