package dev.chatgeist.plugin.task;

import java.util.ArrayList;
import java.util.List;

/**
 * A task that only makes sense when a condition holds on the host (e.g. a systemd user session exists): the
 * condition is one more probe in the batch; when it fails the task is reported as skipped with the reason.
 */
public final class Guarded implements Task {
    private final Task task;
    private final String condition;
    private final String reasonWhenFalse;

    public Guarded(Task task, String condition, String reasonWhenFalse) {
        this.task = task;
        this.condition = condition;
        this.reasonWhenFalse = reasonWhenFalse;
    }

    @Override
    public String name() {
        return task.name();
    }

    @Override
    public List<String> probes() {
        List<String> p = new ArrayList<>(task.probes());
        p.add(condition);
        return p;
    }

    @Override
    public List<String> notifiedBy() {
        return task.notifiedBy();
    }

    @Override
    public Plan plan(State state) throws TaskException {
        if (!state.probe(condition).ok()) {
            return Plan.skip(reasonWhenFalse);
        }
        return task.plan(state);
    }
}
