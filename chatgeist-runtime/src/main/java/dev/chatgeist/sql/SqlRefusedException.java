package dev.chatgeist.sql;

/**
 * A query the sandbox did not run or stopped: the message says why and what to do instead, in words meant for
 * the model that wrote the query (it is sent back to it as the tool's error result).
 */
public final class SqlRefusedException extends Exception {
    public SqlRefusedException(String message) {
        super(message);
    }

    public SqlRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
