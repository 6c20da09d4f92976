package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.deploy.HealthCheck;
import dev.chatgeist.plugin.deploy.SshConnector;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Inventory;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.SecretMasker;
import dev.chatgeist.plugin.task.TaskResult;
import dev.chatgeist.plugin.task.TaskStatus;
import dev.chatgeist.plugin.transport.Passphrase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** What the goals that reach SSH hosts share: host keys, key passphrases, parallel hosts, the health check. */
abstract class AbstractRemoteMojo extends AbstractChatgeistMojo {
    /** Fallback settings.xml server id whose passphrase serves every host that has no server entry of its own. */
    static final String SHARED_SERVER_ID = "chatgeist";

    /** known_hosts file every SSH host key is checked against. */
    @Parameter(property = "chatgeist.knownHosts", defaultValue = "${user.home}/.ssh/known_hosts")
    File knownHosts;

    /**
     * Record the key of a host that is not in known_hosts yet (after comparing its fingerprint). A changed key is
     * always refused.
     */
    @Parameter(property = "chatgeist.acceptNewHostKey", defaultValue = "false")
    boolean acceptNewHostKey;

    /** How many hosts are handled at the same time. */
    @Parameter(property = "chatgeist.forks", defaultValue = "5")
    int forks;

    /**
     * Environment variable holding the passphrase of an encrypted key, used when settings.xml has no server entry
     * (id = the inventory host name, else "chatgeist") with a passphrase.
     */
    @Parameter(property = "chatgeist.passphraseEnv", defaultValue = "CHATGEIST_SSH_PASSPHRASE")
    String passphraseEnv;

    /**
     * Seconds a restarted bot service must stay active, without restarts, to count as healthy (deploy, rollback).
     */
    @Parameter(property = "chatgeist.healthCheckSeconds", defaultValue = "3")
    int healthCheckSeconds;

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    // @Component is deprecated for JSR-330 constructor injection, which would give every goal's Mojo a constructor
    // for this one field; field injection still works in the Maven 3.8/3.9 this plugin supports
    @SuppressWarnings("deprecation")
    @Component
    SettingsDecrypter settingsDecrypter;

    /** The selected hosts that are reached over SSH; local ones are named and left out. */
    List<Host> sshHosts(Inventory inv, String goal) throws MojoFailureException {
        List<Host> selected = selectHosts(inv);
        for (Host h : selected) {
            if (h.isLocal()) {
                getLog().info("host " + h.name() + " is local (ansible_connection: local): " + goal + " skips it;"
                        + " use chatgeist:install-local there");
            }
        }
        List<Host> ssh = selected.stream().filter(h -> !h.isLocal()).toList();
        if (ssh.isEmpty()) {
            throw new MojoFailureException("No SSH host among " + names(selected) + " in " + inv.file() + ": "
                    + goal + " needs hosts with ansible_host (and ansible_user); choose them with "
                    + "-Dchatgeist.limit=<host or group>.");
        }
        return ssh;
    }

    SshConnector connector() throws MojoFailureException {
        if (forks < 1) {
            throw new MojoFailureException("chatgeist.forks must be at least 1, not " + forks);
        }
        String agent = System.getenv("SSH_AUTH_SOCK");
        Path agentSocket = agent == null || agent.isBlank() || !Files.exists(Path.of(agent)) ? null : Path.of(agent);
        return new SshConnector(
                knownHosts.toPath(),
                acceptNewHostKey,
                agentSocket,
                System.getProperty("user.name"),
                Path.of(System.getProperty("user.home")),
                this::passphrase);
    }

    HealthCheck healthCheck() throws MojoFailureException {
        if (healthCheckSeconds < 0) {
            throw new MojoFailureException("chatgeist.healthCheckSeconds must not be negative");
        }
        return new HealthCheck(Duration.ofSeconds(healthCheckSeconds), 20);
    }

    /**
     * Maven's way to keep a secret: the {@code <passphrase>} of the settings.xml server whose id is the host's
     * name (else "chatgeist"), decrypted by Maven (values from mvn --encrypt-password work); else the environment.
     */
    Passphrase passphrase(Host host) {
        for (String id : List.of(host.name(), SHARED_SERVER_ID)) {
            Server server = settings == null ? null : settings.getServer(id);
            if (server == null || server.getPassphrase() == null) {
                continue;
            }
            SettingsDecryptionResult result = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem p : result.getProblems()) {
                getLog().warn("settings.xml server '" + id + "': " + p.getMessage());
            }
            String value =
                    result.getServer() == null ? null : result.getServer().getPassphrase();
            if (value != null && !value.isEmpty()) {
                return Passphrase.of("settings.xml server '" + id + "'", value.toCharArray());
            }
        }
        return Passphrase.fromEnvironment(passphraseEnv, System.getenv());
    }

    /** Fails the build when a host failed, naming each failed host and its first failure. */
    static void failIfAny(String goal, List<Recap> recaps, SecretMasker masker) throws MojoFailureException {
        List<Recap> failed = recaps.stream().filter(Recap::hasFailed).toList();
        if (failed.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(goal + " failed on " + failed.size() + " of " + recaps.size()
                + (recaps.size() == 1 ? " host" : " hosts") + ":");
        for (Recap r : failed) {
            TaskResult first = r.results().stream()
                    .filter(t -> t.status() == TaskStatus.FAILED)
                    .findFirst()
                    .orElseThrow();
            String note =
                    first.note() == null ? "" : first.note().lines().findFirst().orElse("");
            sb.append("\n  ")
                    .append(r.host())
                    .append(": ")
                    .append(first.task())
                    .append(": ")
                    .append(note);
        }
        sb.append(recaps.size() > failed.size() ? "\nThe other hosts are done. " : "\n")
                .append("Fix the cause and run ")
                .append(goal)
                .append(" again: what is already right reports ok.");
        throw new MojoFailureException(masker.mask(sb.toString()));
    }
}
