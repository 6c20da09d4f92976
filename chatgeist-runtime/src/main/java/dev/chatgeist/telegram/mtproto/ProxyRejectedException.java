package dev.chatgeist.telegram.mtproto;

import java.io.IOException;

/** The proxy refused this client (e.g. an MTProxy secret it does not know): trying again will not help. */
public final class ProxyRejectedException extends IOException {
    public ProxyRejectedException(String message) {
        super(message);
    }
}
