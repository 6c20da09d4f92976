package dev.chatgeist.update;

/** A chat's source cannot be used now (not logged in, no API credentials, ...); the message says what to do. */
public class SourceUnavailableException extends Exception {
    private final int exitCode;

    public SourceUnavailableException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
