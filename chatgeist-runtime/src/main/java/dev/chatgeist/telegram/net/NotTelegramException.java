package dev.chatgeist.telegram.net;

/** Something that is not Telegram (an HTTP or TLS server) answered on a DC's address. */
public final class NotTelegramException extends WrongNetworkException {
    public NotTelegramException(String message) {
        super(message);
    }
}
