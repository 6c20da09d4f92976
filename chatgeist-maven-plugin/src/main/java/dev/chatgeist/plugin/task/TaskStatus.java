package dev.chatgeist.plugin.task;

/** Ansible's words for what happened to a task. */
public enum TaskStatus {
    OK("ok"),
    CHANGED("changed"),
    FAILED("failed"),
    SKIPPED("skipping");

    private final String word;

    TaskStatus(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
