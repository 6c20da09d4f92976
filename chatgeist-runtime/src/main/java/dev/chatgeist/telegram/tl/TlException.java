package dev.chatgeist.telegram.tl;

/** Bytes that do not match the schema (unknown constructor, truncated data) or a value of the wrong kind. */
public class TlException extends RuntimeException {
    public TlException(String message) {
        super(message);
    }

    public TlException(String message, Throwable cause) {
        super(message, cause);
    }
}
