package dev.chatgeist.plugin.mojo;

import dev.chatgeist.core.credentials.CredentialsSource;
import dev.chatgeist.core.credentials.CredentialsSourceKind;
import dev.chatgeist.core.process.ProgramRunner;
import dev.chatgeist.plugin.deploy.HostRuns;
import dev.chatgeist.plugin.deploy.RemoteStatus;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Inventory;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.local.LocalStatus;
import dev.chatgeist.plugin.local.TokenExpiry;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.SecretMasker;
import dev.chatgeist.plugin.transport.LocalTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows each selected host's state; reads only. The local host (this machine): each agent or job (loaded?, last
 * exit status, next run), the tail of logs/update.log and logs/sync_token.log, the Claude token's expiry. SSH hosts
 * (one connection each, one batch of reads): the bot service (state, uptime, restarts), the managed crontab block,
 * the tail of logs/update.log, each archive's size, message count and last message date, the sandbox token's
 * expiry.
 */
@Mojo(name = "status", aggregator = true, threadSafe = true)
public final class StatusMojo extends AbstractRemoteMojo {
    /** How many lines of each log to show. */
    @Parameter(property = "chatgeist.tail", defaultValue = "5")
    int tail;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("chatgeist:status skipped (chatgeist.skip)");
            return;
        }
        Inventory inv = loadInventory();
        List<Host> selected = selectHosts(inv);
        Platform here = Platform.ofOsName(System.getProperty("os.name"));
        List<Host> local = selected.stream().filter(Host::isLocal).toList();
        if (local.size() > 1) {
            throw new MojoFailureException("Several local hosts in " + inv.file() + ": " + names(local)
                    + "; choose one with -Dchatgeist.limit=<host>.");
        }
        String localFailed = null;
        for (Host host : local) {
            if (host.platform() != here) {
                getLog().info("host " + host.name() + " is " + host.platform().id() + " but this machine runs "
                        + System.getProperty("os.name") + ": its status is shown on that machine");
                continue;
            }
            try (LocalTransport transport = LocalTransport.ofCurrentProcess()) {
                for (String line : new LocalStatus(
                                ZoneId.systemDefault(),
                                Instant.now(),
                                tail,
                                localCredentials(host, transport),
                                System.getProperty("user.name"))
                        .report(host, transport)) {
                    getLog().info(line);
                }
            } catch (IOException | RuntimeException e) {
                // status reports and goes on: the SSH hosts are still shown, and the goal fails at the end
                getLog().warn("host " + host.name() + ": cannot read the state of this machine: " + e.getMessage());
                localFailed = host.name() + ": " + e.getMessage();
            }
        }
        List<Host> ssh = selected.stream().filter(h -> !h.isLocal()).toList();
        if (ssh.isEmpty()) {
            if (localFailed != null) {
                throw new MojoFailureException("chatgeist:status failed on " + localFailed);
            }
            return;
        }
        RemoteStatus status = new RemoteStatus(
                new TokenExpiry(ZoneId.systemDefault(), Instant.now()), tail, System.getProperty("user.name"));
        LogOutput out = new LogOutput(getLog());
        List<Recap> recaps = new HostRuns(connector(), forks, out)
                .reportingUnreachable()
                .run(ssh, (host, transport, hostOut) -> {
                    status.report(host, transport).forEach(hostOut::info);
                    return new Recap(host.name(), 1, 0, 0, 0, List.of(), java.time.Duration.ZERO);
                });
        if (localFailed != null) {
            getLog().warn("chatgeist:status failed on " + localFailed);
        }
        failIfAny("chatgeist:status", recaps, SecretMasker.none());
    }

    private static CredentialsSource localCredentials(Host host, LocalTransport transport) {
        Path home = Path.of(host.home());
        CredentialsSourceKind kind =
                host.platform() == Platform.MACOS ? CredentialsSourceKind.KEYCHAIN : CredentialsSourceKind.FILE;
        return kind.open(new ProgramRunner(transport.environment()), transport.environment(), home, home);
    }
}
