package dev.chatgeist.plugin.task;

/** What a task sees when it plans: the answers to the probes it declared and what earlier tasks changed. */
public interface State {
    /** The answer to one of the task's own {@link Task#probes()}. */
    ProbeResult probe(String command);

    /** Whether the earlier task with this name changed something (or would have, in check mode). */
    boolean changed(String taskName);
}
