package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.transport.Passphrase;
import dev.chatgeist.plugin.transport.SshLibrary;
import dev.chatgeist.plugin.transport.SshTarget;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Connects to an inventory host the way {@code ssh} would: {@code ansible_host}, {@code ansible_port},
 * {@code ansible_user} (else the local user), the key file {@code ansible_ssh_private_key_file} (else the first of
 * ~/.ssh/id_ed25519, id_ecdsa, id_rsa that exists, when no ssh-agent runs), the host key checked against
 * known_hosts, become allowed by {@code ansible_become}; the library chosen by {@code chatgeist_transport}.
 *
 * @param knownHosts       the known_hosts file
 * @param acceptNewHostKey record unknown host keys (never changed ones)
 * @param agentSocket      the ssh-agent socket, or null
 * @param localUser        the local user name (the login user when the inventory names none)
 * @param localHome        the local home (default key files)
 * @param passphrases      where an encrypted key's passphrase comes from, per host
 */
public record SshConnector(
        Path knownHosts,
        boolean acceptNewHostKey,
        Path agentSocket,
        String localUser,
        Path localHome,
        Function<Host, Passphrase> passphrases)
        implements HostConnector {
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    public SshTarget target(Host host) {
        Path key = host.connection().privateKeyFile() == null
                ? null
                : Path.of(host.connection().privateKeyFile());
        if (key == null && agentSocket == null) {
            key = DEFAULT_KEYS.stream()
                    .map(k -> localHome.resolve(".ssh").resolve(k))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElse(null);
        }
        if (key == null && agentSocket == null) {
            throw new IllegalArgumentException("no way to log in to host '" + host.name() + "': set"
                    + " ansible_ssh_private_key_file for it in the inventory, or start an ssh-agent (SSH_AUTH_SOCK)"
                    + " holding its key");
        }
        return new SshTarget(
                host.connection().address(),
                host.connection().port(),
                HostConnector.loginUser(host, localUser),
                key,
                passphrases.apply(host),
                knownHosts,
                acceptNewHostKey,
                host.connection().become(),
                agentSocket);
    }

    @Override
    public Transport connect(Host host, Consumer<String> events) throws IOException {
        SshLibrary library = SshLibrary.fromHostVariable(host.transport());
        return library.connect(target(host), events);
    }
}
