package dev.chatgeist.plugin.task;

import java.util.List;

/**
 * One idempotent step: read state (the probes, batched with every other task's), compare it with what should be,
 * and change only the difference. A task that lists {@link #notifiedBy()} is a handler: it runs only when one of
 * those tasks changed something, and is not reported otherwise.
 */
public interface Task {
    /** Shown in the output, unique within a host's task list (handlers refer to tasks by it). */
    String name();

    /** Shell commands whose output tells this task the current state; all tasks' probes run in one batch. */
    default List<String> probes() {
        return List.of();
    }

    /** Names of tasks whose change triggers this one; empty for an ordinary task. */
    default List<String> notifiedBy() {
        return List.of();
    }

    /** Compares the state with what should be. Must not change anything. */
    Plan plan(State state) throws TaskException;
}
