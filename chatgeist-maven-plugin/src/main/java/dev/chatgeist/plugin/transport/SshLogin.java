package dev.chatgeist.plugin.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The login story both transports tell in the same words: which identities were tried (agent keys first, then the
 * key file, as ssh(1) does), what was skipped and why, and how to fix a refusal. Never holds a secret.
 */
final class SshLogin {
    private final SshTarget target;
    private final List<String> tried = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    SshLogin(SshTarget target) {
        this.target = target;
    }

    /** The agent's keys, or none (with a note) when there is no agent or it does not answer. */
    List<SshAgentClient.Identity> agentIdentities() {
        if (target.agentSocket() == null) {
            return List.of();
        }
        if (!Files.exists(target.agentSocket())) {
            notes.add("ssh-agent socket " + target.agentSocket() + " does not exist");
            return List.of();
        }
        try {
            List<SshAgentClient.Identity> identities = new SshAgentClient(target.agentSocket()).identities();
            if (identities.isEmpty()) {
                notes.add("ssh-agent holds no keys (ssh-add adds one)");
            }
            identities.forEach(i -> tried.add("agent key " + i.publicKey()));
            return identities;
        } catch (IOException e) {
            notes.add("ssh-agent at " + target.agentSocket() + " did not answer (" + e.getMessage() + ")");
            return List.of();
        }
    }

    /** Fails early for a key file that is named but missing. */
    void checkKeyFileExists() throws SshAuthenticationException {
        if (target.privateKey() != null && !Files.isReadable(target.privateKey())) {
            throw new SshAuthenticationException("private key " + target.privateKey() + " for " + target.describe()
                    + " does not exist or is not readable (ansible_ssh_private_key_file)");
        }
    }

    void keyFileUsable(SshPublicKey publicKey) {
        tried.add("key " + target.privateKey() + (publicKey == null ? "" : " (" + publicKey + ")"));
    }

    /** An encrypted key without a passphrase: not fatal while the agent may still get us in. */
    void keyFileEncryptedWithoutPassphrase() {
        notes.add("private key " + target.privateKey() + " is encrypted, but no passphrase was found ("
                + target.passphrase().source() + "); supply it there, or add the key to ssh-agent");
    }

    SshAuthenticationException wrongPassphrase() {
        return new SshAuthenticationException("the passphrase from "
                + target.passphrase().source() + " does not decrypt private key " + target.privateKey());
    }

    SshAuthenticationException unreadableKey(String reason) {
        return new SshAuthenticationException("cannot use private key " + target.privateKey() + ": " + reason);
    }

    boolean nothingToTry() {
        return tried.isEmpty();
    }

    SshAuthenticationException noIdentity() {
        return new SshAuthenticationException(
                "no usable key to log in to " + target.describe() + ": " + String.join("; ", notes));
    }

    SshAuthenticationException refused() {
        return new SshAuthenticationException("server refused login as " + target.describe() + "; tried: "
                + String.join(", ", tried) + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")")
                + ". Check that one of these public keys is in ~" + target.user()
                + "/.ssh/authorized_keys on the server.");
    }

    /** "cannot connect" in the same words for both libraries, from the root cause of whatever they threw. */
    static IOException connectFailed(SshTarget target, Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why;
        if (root instanceof ConnectException) {
            why = "connection refused (is sshd running and listening on port " + target.port() + "?)";
        } else if (root instanceof UnknownHostException) {
            why = "unknown host name " + target.host();
        } else if (root instanceof SocketTimeoutException) {
            why = "timed out";
        } else if (root instanceof NoRouteToHostException) {
            why = "no route to host";
        } else {
            why = String.valueOf(root.getMessage());
        }
        return new IOException("cannot connect to " + target.describe() + ": " + why, failure);
    }
}
