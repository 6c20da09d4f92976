package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.task.Plan;
import dev.chatgeist.plugin.task.State;
import dev.chatgeist.plugin.task.SystemdUnitTask;
import dev.chatgeist.plugin.task.Task;
import dev.chatgeist.plugin.task.TaskException;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.List;

/**
 * The bot's system service: enabled, running, restarted when its unit, the jar, .env or the prompts changed (the
 * {@link SystemdUnitTask} does that as root), then health-checked. When the new jar makes it fail, the previous jar
 * is put back and the service restarted and checked again; the task still fails, with the journal's last lines,
 * so the build says the deploy did not go through.
 */
final class ServiceTask implements Task {
    private final SystemdUnitTask unit;
    private final String unitName;
    private final String jarTask;
    private final JarVersions jar;
    private final HealthCheck health;

    /**
     * @param restartOn names of the tasks whose change means "restart"
     * @param jarTask   the jar's task: when it changed in this run, a failed check rolls back to the previous jar
     */
    ServiceTask(String unitName, List<String> restartOn, String jarTask, JarVersions jar, HealthCheck health) {
        this.unit = new SystemdUnitTask("systemctl", unitName, true, true, restartOn);
        this.unitName = unitName;
        this.jarTask = jarTask;
        this.jar = jar;
        this.health = health;
    }

    @Override
    public String name() {
        return unit.name();
    }

    @Override
    public List<String> probes() {
        return unit.probes();
    }

    @Override
    public Plan plan(State state) throws TaskException {
        Plan plan = unit.plan(state);
        if (plan.kind() != Plan.Kind.CHANGE) {
            return plan;
        }
        boolean newJar = state.changed(jarTask);
        String note = plan.note() + "; health check: stays active for " + seconds() + " s without restarts";
        return new Plan(
                Plan.Kind.CHANGE,
                note,
                plan.diff(),
                t -> {
                    plan.action().apply(t.become());
                    HealthCheck.Result result = health.await(t, unitName);
                    if (!result.healthy()) {
                        throw new TaskException(unhealthy(t, result, newJar));
                    }
                },
                plan.warnings());
    }

    private String unhealthy(Transport t, HealthCheck.Result result, boolean newJar) throws IOException {
        String failed = unitName + " failed its health check: " + result.describe() + "; its last journal lines:\n"
                + health.journal(t.become(), unitName) + "\n";
        if (!newJar) {
            return failed + "The jar did not change in this deploy, so there is nothing to roll back to: fix the unit"
                    + " or .env and deploy again.";
        }
        try {
            jar.restorePrevious(t);
        } catch (TaskException e) {
            return failed + "Cannot roll back: " + e.getMessage() + ". Fix the jar and deploy again.";
        }
        Transport.ExecResult restart = t.become().exec("systemctl restart " + unitName);
        HealthCheck.Result again = restart.ok() ? health.await(t, unitName) : null;
        if (again != null && again.healthy()) {
            return failed + "Rolled back: the previous jar is running again and healthy (the failed one is kept as "
                    + jar.failed() + "). Fix the jar and deploy again.";
        }
        return failed + "Rolled back to the previous jar, but " + unitName + " is not healthy with it either ("
                + (again == null ? "restart failed: " + restart.stderr().strip() : again.describe())
                + "): look at journalctl -u " + unitName + " on the host.";
    }

    private String seconds() {
        long ms = health.window().toMillis();
        return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0);
    }
}
