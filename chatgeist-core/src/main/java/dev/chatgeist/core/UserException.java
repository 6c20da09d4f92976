package dev.chatgeist.core;

/**
 * A problem the user can fix: bad input, missing configuration, a refused file.
 * The message names the problem and the fix; the CLI prints it without a stack trace.
 */
public class UserException extends RuntimeException {
    /** Exit status for configuration and usage errors (picocli uses 2 for usage errors too). */
    public static final int CONFIG_ERROR = 2;

    private final int exitCode;

    public UserException(String message) {
        this(message, CONFIG_ERROR, null);
    }

    public UserException(String message, Throwable cause) {
        this(message, CONFIG_ERROR, cause);
    }

    public UserException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
