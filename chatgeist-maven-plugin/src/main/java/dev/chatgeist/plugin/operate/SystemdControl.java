package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.deploy.HealthCheck;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.SystemctlShow;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;

/**
 * A systemd unit: the bot's service, or a batch job's service and timer (chatgeist_scheduler: systemd). On an SSH
 * host the units are system units changed as root (become, as deploy does); on the local host they are the user's
 * units ({@code systemctl --user}). Run: {@code systemctl start} (a oneshot service returns when the run has
 * ended); pause: {@code disable --now} of the timer or the bot's service, so a reboot does not bring it back;
 * resume: {@code enable --now}; restart: {@code systemctl restart} and deploy's health check.
 */
final class SystemdControl implements JobControl {
    private final AppUser app;
    private final Job job;
    private final Waits waits;
    private final String service;

    SystemdControl(AppUser app, Job job, Waits waits) {
        this.app = app;
        this.job = job;
        this.waits = waits;
        this.service = HostRenderer.unit(job.id()) + ".service";
    }

    private boolean user() {
        return app.host().isLocal();
    }

    private String systemctl() {
        return user() ? "systemctl --user" : "systemctl";
    }

    /** What a pause disables: the timer of a batch job, the bot's service. */
    private String scheduled() {
        return job.isBatch() ? HostRenderer.unit(job.id()) + ".timer" : service;
    }

    private Transport admin() {
        return user() ? app.transport() : app.transport().become();
    }

    @Override
    public String describe() {
        return "systemd unit " + scheduled();
    }

    @Override
    public boolean installed() throws IOException {
        Transport.ExecResult r = app.transport().exec(systemctl() + " show -p LoadState " + Shell.quote(scheduled()));
        return r.ok() && !SystemctlShow.parse(r.stdout()).notFound();
    }

    @Override
    public String state() throws IOException {
        Transport.ExecResult r = app.transport()
                .exec(systemctl() + " show -p LoadState -p ActiveState -p SubState"
                        + " -p ActiveEnterTimestamp -p NRestarts -p ExecMainStatus -p UnitFileState "
                        + Shell.quote(service));
        if (!r.ok()) {
            return "cannot ask systemd (" + r.stderr().strip() + ")";
        }
        SystemctlShow unit = SystemctlShow.parse(r.stdout());
        StringBuilder sb = new StringBuilder(unit.state());
        unit.get("ActiveEnterTimestamp")
                .filter(t -> !t.isBlank() && !job.isBatch())
                .ifPresent(t -> sb.append(" since ").append(t));
        unit.get("NRestarts")
                .filter(n -> !job.isBatch())
                .ifPresent(n -> sb.append(", restarts ").append(n));
        unit.get("ExecMainStatus")
                .filter(v -> job.isBatch() && !v.isBlank())
                .ifPresent(v -> sb.append(", last exit status ").append(v));
        if (!job.isBatch()) {
            unit.get("UnitFileState").ifPresent(v -> sb.append(", ").append(v));
        }
        return sb.toString();
    }

    @Override
    public void runNow() throws IOException, OperationException {
        requireInstalled();
        systemctl("start " + Shell.quote(service));
    }

    @Override
    public void pause() throws IOException, OperationException {
        requireInstalled();
        systemctl("disable --now " + Shell.quote(scheduled()));
    }

    @Override
    public void resume() throws IOException, OperationException {
        requireInstalled();
        systemctl("enable --now " + Shell.quote(scheduled()));
    }

    @Override
    public String restart() throws IOException, OperationException {
        requireInstalled();
        systemctl("restart " + Shell.quote(service));
        if (user()) {
            Transport.ExecResult r = app.transport().exec(systemctl() + " is-active " + Shell.quote(service));
            return r.ok() ? null : service + " is " + r.stdout().strip() + " after the restart";
        }
        HealthCheck.Result health = waits.health().await(app.transport(), service);
        return health.healthy()
                ? null
                : service + " did not stay up: " + health.describe() + "\n"
                        + waits.health().journal(admin(), service);
    }

    private void requireInstalled() throws IOException, OperationException {
        if (!installed()) {
            throw new OperationException(
                    scheduled() + " is not installed on " + app.host().name() + ": "
                            + (app.host().isLocal() ? "run chatgeist:install-local" : "run chatgeist:deploy")
                            + " (and check that the inventory schedules " + job.id() + " there)");
        }
    }

    private void systemctl(String args) throws IOException, OperationException {
        Transport.ExecResult r = admin().exec(systemctl() + " " + args);
        if (!r.ok()) {
            throw new OperationException(systemctl() + " " + args + " failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip() + (job.isBatch() ? "; logs/" + job.id() + ".out.log may say more" : ""));
        }
    }
}
