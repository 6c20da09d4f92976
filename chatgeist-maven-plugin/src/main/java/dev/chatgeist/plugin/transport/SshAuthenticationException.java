package dev.chatgeist.plugin.transport;

import java.io.IOException;

/** Login failed or a key could not be used; the message says which key/agent was tried and how to fix it. */
public final class SshAuthenticationException extends IOException {
    public SshAuthenticationException(String message) {
        super(message);
    }
}
