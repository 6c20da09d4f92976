package dev.chatgeist.analyst;

/** The analyst could not answer; the message says why in words an operator can act on (never a secret). */
public class AnalystException extends Exception {
    public AnalystException(String message) {
        super(message);
    }

    public AnalystException(String message, Throwable cause) {
        super(message, cause);
    }
}
