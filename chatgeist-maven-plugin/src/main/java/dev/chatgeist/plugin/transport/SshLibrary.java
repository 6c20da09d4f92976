package dev.chatgeist.plugin.transport;

import java.io.IOException;
import java.util.Locale;
import java.util.function.Consumer;

/** Which SSH library carries a host's connection: the host variable {@code chatgeist_transport: sshj|jsch}. */
public enum SshLibrary {
    SSHJ {
        @Override
        public Transport connect(SshTarget target, Consumer<String> events) throws IOException {
            return SshjTransport.connect(target, events);
        }

        @Override
        public void warmUp() {
            SshjTransport.warmUp();
        }
    },
    JSCH {
        @Override
        public Transport connect(SshTarget target, Consumer<String> events) throws IOException {
            return JschTransport.connect(target, events);
        }

        @Override
        public void warmUp() {
            JschTransport.warmUp();
        }
    };

    /** The inventory variable that chooses the library. */
    public static final String HOST_VARIABLE = "chatgeist_transport";

    /**
     * Opens one connection to the host: host key checked against known_hosts (unknown → {@link
     * HostKeyRejectedException} unless accepted, changed → always), then login by agent and/or key file.
     *
     * @param events one line per notable event (e.g. a host key recorded), for the caller's log
     */
    public abstract Transport connect(SshTarget target, Consumer<String> events) throws IOException;

    /**
     * Pays the library's one-time JVM start-up cost (class loading, crypto providers: about 1-2 s for sshj on a
     * cold JVM). Idempotent; a deploy starts it on a background thread before it reads the inventory.
     */
    public abstract void warmUp();

    /** The value of {@code chatgeist_transport}; {@code null} or blank means sshj. */
    public static SshLibrary fromHostVariable(String value) {
        if (value == null || value.isBlank()) {
            return SSHJ;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "sshj" -> SSHJ;
            case "jsch" -> JSCH;
            default ->
                throw new IllegalArgumentException(
                        HOST_VARIABLE + ": '" + value + "' is not a transport; use sshj (the default) or jsch");
        };
    }
}
