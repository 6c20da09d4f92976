package dev.chatgeist.plugin.task;

/** A task could not read or change what it manages; the message says what happened and how to fix it. */
public final class TaskException extends Exception {
    public TaskException(String message) {
        super(message);
    }

    public TaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
