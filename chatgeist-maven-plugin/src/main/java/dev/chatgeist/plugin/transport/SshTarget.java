package dev.chatgeist.plugin.transport;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything needed to open an SSH connection to one host, in plain Java (the Mojo fills it from the inventory,
 * settings.xml and system properties; tests build it directly).
 *
 * @param host             host name or address to connect to ({@code ansible_host})
 * @param port             SSH port ({@code ansible_port}, 22 by default)
 * @param user             login user ({@code ansible_user})
 * @param privateKey       key file ({@code ansible_ssh_private_key_file}); {@code null} means the agent only
 * @param passphrase       where an encrypted key's passphrase comes from
 * @param knownHosts       the known_hosts file every host key is checked against (~/.ssh/known_hosts by default)
 * @param acceptNewHostKey record the key of a host that is not in {@code knownHosts} yet (never a changed key)
 * @param become           whether tasks may run as root through {@code sudo -n} ({@code ansible_become})
 * @param agentSocket      the ssh-agent socket ({@code SSH_AUTH_SOCK}), or {@code null} for none
 */
public record SshTarget(
        String host,
        int port,
        String user,
        Path privateKey,
        Passphrase passphrase,
        Path knownHosts,
        boolean acceptNewHostKey,
        boolean become,
        Path agentSocket) {

    public SshTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(knownHosts, "knownHosts");
        if (host.isBlank() || user.isBlank()) {
            throw new IllegalArgumentException("SSH host and user must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SSH port " + port + " of " + host + " is not in 1..65535");
        }
        if (privateKey == null && agentSocket == null) {
            throw new IllegalArgumentException("no way to log in to " + user + "@" + host
                    + ": set ansible_ssh_private_key_file for the host or start an ssh-agent (SSH_AUTH_SOCK)");
        }
    }

    /** A target with a key file, ~/.ssh/known_hosts under {@code userHome}, no agent, no become. */
    public static SshTarget of(String host, int port, String user, Path privateKey, Path userHome) {
        return new SshTarget(
                host,
                port,
                user,
                privateKey,
                Passphrase.none(),
                userHome.resolve(".ssh").resolve("known_hosts"),
                false,
                false,
                null);
    }

    /** "user@host:port", for messages. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }

    public SshTarget withPassphrase(Passphrase newPassphrase) {
        return new SshTarget(
                host, port, user, privateKey, newPassphrase, knownHosts, acceptNewHostKey, become, agentSocket);
    }

    public SshTarget withKnownHosts(Path file) {
        return new SshTarget(host, port, user, privateKey, passphrase, file, acceptNewHostKey, become, agentSocket);
    }

    public SshTarget withAcceptNewHostKey(boolean accept) {
        return new SshTarget(host, port, user, privateKey, passphrase, knownHosts, accept, become, agentSocket);
    }

    public SshTarget withBecome(boolean allowed) {
        return new SshTarget(
                host, port, user, privateKey, passphrase, knownHosts, acceptNewHostKey, allowed, agentSocket);
    }

    public SshTarget withPrivateKey(Path key) {
        return new SshTarget(host, port, user, key, passphrase, knownHosts, acceptNewHostKey, become, agentSocket);
    }

    public SshTarget withAgentSocket(Path socket) {
        return new SshTarget(host, port, user, privateKey, passphrase, knownHosts, acceptNewHostKey, become, socket);
    }
}
