package dev.chatgeist.source;

/** A JSONL line that is refused; the message says why (the caller adds the line number). */
final class LineException extends Exception {
    LineException(String message) {
        super(message, null, false, false);
    }
}
