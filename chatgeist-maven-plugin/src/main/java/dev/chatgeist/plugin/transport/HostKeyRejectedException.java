package dev.chatgeist.plugin.transport;

import java.io.IOException;

/** The server's host key is not trusted: unknown (not in known_hosts, not accepted) or changed (always refused). */
public final class HostKeyRejectedException extends IOException {
    /** Why the key was refused. */
    public enum Reason {
        UNKNOWN,
        CHANGED,
        REVOKED
    }

    private final Reason reason;
    private final SshPublicKey offered;

    public HostKeyRejectedException(Reason reason, SshPublicKey offered, String message) {
        super(message);
        this.reason = reason;
        this.offered = offered;
    }

    public Reason reason() {
        return reason;
    }

    public SshPublicKey offered() {
        return offered;
    }
}
