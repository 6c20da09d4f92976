package dev.chatgeist.plugin.task;

import java.util.List;

/**
 * A task whose changes need root (files in /etc/systemd/system, systemctl): it plans as the login user (the
 * probes read world-readable state) and applies its change through {@code transport.become()}, i.e. {@code sudo -n}
 * over the same connection. Nothing runs as root when nothing changes.
 */
public final class AsRoot implements Task {
    private final Task task;

    public AsRoot(Task task) {
        this.task = task;
    }

    @Override
    public String name() {
        return task.name();
    }

    @Override
    public List<String> probes() {
        return task.probes();
    }

    @Override
    public List<String> notifiedBy() {
        return task.notifiedBy();
    }

    @Override
    public Plan plan(State state) throws TaskException {
        Plan plan = task.plan(state);
        if (plan.kind() != Plan.Kind.CHANGE) {
            return plan;
        }
        return new Plan(
                plan.kind(), plan.note(), plan.diff(), t -> plan.action().apply(t.become()), plan.warnings());
    }
}
