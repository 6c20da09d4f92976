package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.Optional;

/**
 * chatgeist:run, stop, start and restart on one host, over the same transport deploy uses (local or SSH): each
 * goes through the job's scheduler ({@link JobControl}), and a pause is remembered in {@link Pauses}. Prints what
 * it did to {@code out}; returns false when the job did not do what was asked (a failed run, an unhealthy bot).
 */
public final class Operations {
    private final Output out;
    private final Waits waits;

    public Operations(Output out, Waits waits) {
        this.out = out;
        this.waits = waits;
    }

    private String prefix(Host host) {
        return "[" + host.name() + "] ";
    }

    /** Runs the job now, waits for it, and prints the outcome line it wrote. */
    public boolean run(AppUser app, Job job) throws IOException, OperationException {
        Host host = app.host();
        JobControl control = JobControl.of(app, job, waits);
        Optional<Outcome> before = lastOutcome(app, job);
        out.info(prefix(host) + "running " + job.id() + " through its " + control.describe());
        control.runNow();
        if (!job.isBatch()) {
            out.info(prefix(host) + "started; chatgeist:status shows its state");
            return true;
        }
        Optional<Outcome> after = lastOutcome(app, job);
        if (after.isEmpty() || after.equals(before)) {
            out.warn(prefix(host) + job.id() + " ended without an outcome line in logs/" + job.logName()
                    + "; the end of " + job.outLog(host) + ":");
            tail(app, job.outLog(host), 10).lines().forEach(l -> out.warn("    " + l));
            return false;
        }
        Outcome o = after.get();
        if (o.ok()) {
            out.info(prefix(host) + o.line());
        } else {
            out.warn(prefix(host) + o.line());
        }
        return o.ok();
    }

    /** Pauses the job: its scheduler stops it and will not start it again until {@link #start}. */
    public boolean stop(AppUser app, Job job) throws IOException, OperationException {
        JobControl control = JobControl.of(app, job, waits);
        control.pause();
        marker(app, Pauses.pause(app.host(), job));
        out.info(prefix(app.host()) + job.id() + " paused (" + control.describe() + "); chatgeist:start"
                + " -Dchatgeist.job=" + job.id() + " resumes it, install-local/deploy keep the pause");
        return true;
    }

    /** Resumes a paused job. */
    public boolean start(AppUser app, Job job) throws IOException, OperationException {
        JobControl control = JobControl.of(app, job, waits);
        control.resume();
        marker(app, Pauses.resume(app.host(), job));
        out.info(prefix(app.host()) + job.id() + " resumed (" + control.describe() + ")");
        return true;
    }

    /** Restarts the bot and checks that it stays up, as deploy does after a change. */
    public boolean restart(AppUser app, Job job) throws IOException, OperationException {
        if (job.isBatch()) {
            throw new OperationException(job.id() + " is a batch job that runs and ends, so there is nothing to"
                    + " restart: chatgeist:run -Dchatgeist.job=" + job.id() + " runs it now");
        }
        JobControl control = JobControl.of(app, job, waits);
        if (!app.exec(Pauses.notPaused(app.host(), job)).ok()) {
            throw new OperationException(
                    job.id() + " is paused: chatgeist:start -Dchatgeist.job=" + job.id() + " starts it again");
        }
        String unhealthy = control.restart();
        if (unhealthy != null) {
            out.warn(prefix(app.host()) + job.id() + " restarted but is not healthy: " + unhealthy);
            return false;
        }
        out.info(prefix(app.host()) + job.id() + " restarted (" + control.describe() + "; health check: stays up for "
                + waits.health().window().toSeconds() + " s)");
        return true;
    }

    private static void marker(AppUser app, String command) throws IOException, OperationException {
        Transport.ExecResult r = app.exec(command);
        if (!r.ok()) {
            throw new OperationException("cannot record the pause in " + Pauses.dir(app.host()) + " (exit "
                    + r.exitCode() + "): " + r.stderr().strip());
        }
    }

    static Optional<Outcome> lastOutcome(AppUser app, Job job) throws IOException {
        return Outcome.last(tail(app, job.log(app.host()), 200), job);
    }

    private static String tail(AppUser app, String file, int lines) throws IOException {
        Transport.ExecResult r = app.exec("tail -n " + lines + " " + Shell.quote(file) + " 2>/dev/null; true");
        return r.stdout();
    }
}
