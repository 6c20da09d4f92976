package dev.chatgeist.telegram.client;

/** A chat cannot be read: unknown username, not a member, banned. The message says what to do. */
public final class ChatUnavailableException extends Exception {
    public ChatUnavailableException(String message) {
        super(message);
    }
}
