package dev.chatgeist.plugin.transport;

import java.util.Map;
import java.util.Optional;

/**
 * Where the passphrase of an encrypted private key comes from. It is asked for only when a key turns out to be
 * encrypted, and its value never appears in {@link #toString()}, messages or logs: only {@link #source()} does.
 */
public interface Passphrase {
    /** The passphrase, or empty when this source has none (the caller then reports how to supply one). */
    Optional<char[]> value();

    /** Where the value comes from, for messages: "settings.xml server 'prod'", "environment CHATGEIST_SSH_PASSPHRASE". */
    String source();

    /** No passphrase: encrypted keys cannot be used (the agent still can). */
    static Passphrase none() {
        return new Fixed("no passphrase given", null);
    }

    /** A value the caller already holds, e.g. decrypted from a Maven settings.xml {@code <server>} entry. */
    static Passphrase of(String source, char[] value) {
        return new Fixed(source, value.clone());
    }

    /** The value of an environment variable, read from {@code env} (pass {@code System.getenv()} at the edge). */
    static Passphrase fromEnvironment(String variable, Map<String, String> env) {
        String value = env.get(variable);
        return new Fixed(
                "environment variable " + variable + (value == null ? " (not set)" : ""),
                value == null || value.isEmpty() ? null : value.toCharArray());
    }

    /** Holds a copy; prints only where it came from. */
    final class Fixed implements Passphrase {
        private final String source;
        private final char[] value;

        private Fixed(String source, char[] value) {
            this.source = source;
            this.value = value;
        }

        @Override
        public Optional<char[]> value() {
            return value == null ? Optional.empty() : Optional.of(value.clone());
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public String toString() {
            return "Passphrase[" + source + "]";
        }
    }
}
