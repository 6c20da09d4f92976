package dev.chatgeist.plugin.transport;

import java.io.IOException;

/** {@code sudo -n} refused to run a command as root (it wants a password, or the user may not use sudo). */
public final class BecomeFailedException extends IOException {
    public BecomeFailedException(String message) {
        super(message);
    }
}
