package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.task.Plan;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.Sha256;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.State;
import dev.chatgeist.plugin.task.Task;
import dev.chatgeist.plugin.task.TaskException;
import dev.chatgeist.plugin.transport.Transport;
import java.util.List;

/**
 * {@code chatgeist:rollback}: the jar and the previous one a deploy kept change places, then the bot service is
 * restarted and health-checked. Running it again switches back.
 */
final class RollbackTask implements Task {
    private static final int NO_JAR = 4;
    private final JarVersions jar;
    private final String unit;
    private final HealthCheck health;

    /** @param unit the service to restart, or null when the host runs no bot service */
    RollbackTask(JarVersions jar, String unit, HealthCheck health) {
        this.jar = jar;
        this.unit = unit;
        this.health = health;
    }

    @Override
    public String name() {
        return "rollback " + jar.jar();
    }

    private String probe() {
        return "j=" + Shell.quote(jar.jar()) + "; [ -f \"$j\" ] || exit " + NO_JAR + "; [ -f \"$j.prev\" ] || exit "
                + JarVersions.NO_PREVIOUS + "; sha256sum \"$j\" \"$j.prev\"";
    }

    @Override
    public List<String> probes() {
        return List.of(probe());
    }

    @Override
    public Plan plan(State state) throws TaskException {
        ProbeResult r = state.probe(probe());
        if (r.exitCode() == NO_JAR) {
            throw new TaskException("there is no " + jar.jar() + " on this host: deploy first");
        }
        if (r.exitCode() == JarVersions.NO_PREVIOUS) {
            throw new TaskException("there is no previous jar (" + jar.previous() + ") to roll back to: a deploy keeps"
                    + " the jar it replaces there, so this host has not had a second deploy yet");
        }
        if (!r.ok()) {
            throw new TaskException("cannot read " + jar.jar() + " (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        String[] lines = r.text().strip().split("\n");
        String current = lines[0].split("\\s+")[0];
        String previous = lines.length > 1 ? lines[1].split("\\s+")[0] : "";
        if (current.equals(previous)) {
            return Plan.ok("the previous jar is the same as the current one (sha256 " + Sha256.abbrev(current) + ")");
        }
        String note = "sha256 " + Sha256.abbrev(current) + " -> " + Sha256.abbrev(previous) + " (the current jar is"
                + " kept as " + jar.previous() + ")" + (unit == null ? "" : "; " + unit + " restarted and checked");
        return Plan.change(note, null, t -> {
            jar.swap(t);
            if (unit != null) {
                restart(t);
            }
        });
    }

    private void restart(Transport t) throws java.io.IOException, TaskException {
        Transport.ExecResult r = t.become().exec("systemctl restart " + Shell.quote(unit));
        if (!r.ok()) {
            throw new TaskException("switched the jar, but systemctl restart " + unit + " failed: "
                    + r.stderr().strip());
        }
        HealthCheck.Result result = health.await(t, unit);
        if (!result.healthy()) {
            throw new TaskException("switched the jar, but " + unit + " failed its health check with it: "
                    + result.describe() + "; its last journal lines:\n" + health.journal(t.become(), unit)
                    + "\nRun chatgeist:rollback again to switch back.");
        }
    }
}
