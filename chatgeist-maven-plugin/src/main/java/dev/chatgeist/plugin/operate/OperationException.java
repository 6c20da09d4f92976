package dev.chatgeist.plugin.operate;

/** An operation that cannot be done as asked; the message says why and what to do. */
public final class OperationException extends Exception {
    public OperationException(String message) {
        super(message);
    }
}
