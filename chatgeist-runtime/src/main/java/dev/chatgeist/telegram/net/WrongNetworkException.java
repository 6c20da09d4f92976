package dev.chatgeist.telegram.net;

import java.io.IOException;

/**
 * Something between chatgeist and Telegram is set up wrong (a proxy refuses our credentials, an HTTP server answers
 * on a DC's port): trying again will not help, the user has to change the setup. The message says what and how.
 */
public class WrongNetworkException extends IOException {
    public WrongNetworkException(String message) {
        super(message);
    }
}
