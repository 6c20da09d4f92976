package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.deploy.HostConnector;
import dev.chatgeist.plugin.deploy.HostRuns;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Inventory;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.operate.AppUser;
import dev.chatgeist.plugin.operate.Job;
import dev.chatgeist.plugin.operate.OperationException;
import dev.chatgeist.plugin.operate.Waits;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.TaskResult;
import dev.chatgeist.plugin.task.TaskStatus;
import dev.chatgeist.plugin.transport.LocalTransport;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What run, stop, start, restart, logs and doctor share: every selected host (default: the whole inventory), the
 * local one over a local transport, SSH hosts over one connection each, as deploy reaches them. A host that cannot
 * be reached or where the operation fails is reported and the others still run; the goal fails at the end.
 */
abstract class AbstractOperateMojo extends AbstractRemoteMojo {
    /** The job to operate: update, sync-token or bot. */
    @Parameter(property = "chatgeist.job")
    String job;

    /** The longest chatgeist:run waits for a job to end (a launchd agent's run, a command on this machine). */
    @Parameter(property = "chatgeist.runTimeoutSeconds", defaultValue = "3600")
    int runTimeoutSeconds;

    /** One host's part of the goal; false when it did not work out (already explained on {@code out}). */
    @FunctionalInterface
    interface HostOperation {
        boolean apply(AppUser app, Output out) throws IOException, OperationException;
    }

    Job job() throws MojoFailureException {
        try {
            return Job.of(job);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        }
    }

    Waits waits() throws MojoFailureException {
        return new Waits(Duration.ofSeconds(Math.max(1, runTimeoutSeconds)), healthCheck(), Duration.ofMillis(500));
    }

    /** Runs {@code operation} on every selected host; fails at the end naming each host that failed. */
    void operate(String goal, HostOperation operation) throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info(goal + " skipped (chatgeist.skip)");
            return;
        }
        Inventory inv = loadInventory();
        List<Host> selected = selectHosts(inv);
        LogOutput out = new LogOutput(getLog());
        List<String> failures = new ArrayList<>();
        Platform here = Platform.ofOsName(System.getProperty("os.name"));
        String localUser = System.getProperty("user.name");
        for (Host host : selected.stream().filter(Host::isLocal).toList()) {
            if (host.platform() != here) {
                out.info("host " + host.name() + " is " + host.platform().id() + " but this machine runs "
                        + System.getProperty("os.name") + ": " + goal + " for it runs on that machine");
                continue;
            }
            Duration limit = Duration.ofSeconds(Math.max(600, runTimeoutSeconds));
            try (LocalTransport transport = LocalTransport.ofCurrentProcess(limit)) {
                if (!apply(operation, new AppUser(host, transport, localUser), out)) {
                    failures.add(host.name() + ": see above");
                }
            } catch (OperationException | IOException e) {
                out.warn("failed: [" + host.name() + "] " + e.getMessage());
                failures.add(host.name() + ": " + e.getMessage());
            }
        }
        List<Host> ssh = selected.stream().filter(h -> !h.isLocal()).toList();
        if (!ssh.isEmpty()) {
            HostConnector connector = connector();
            List<Recap> recaps = new HostRuns(connector, forks, out)
                    .reportingUnreachable()
                    .run(ssh, (host, transport, hostOut) -> {
                        String login = HostConnector.loginUser(host, localUser);
                        try {
                            return recap(host, apply(operation, new AppUser(host, transport, login), hostOut), "");
                        } catch (OperationException e) {
                            hostOut.warn("failed: [" + host.name() + "] " + e.getMessage());
                            return recap(host, false, e.getMessage());
                        }
                    });
            for (Recap r : recaps) {
                if (r.hasFailed()) {
                    String note = r.results().isEmpty()
                            ? "see above"
                            : r.results().get(0).note();
                    failures.add(r.host() + ": " + note);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new MojoFailureException(goal + " failed on " + failures.size() + " of " + selected.size()
                    + (selected.size() == 1 ? " host" : " hosts") + ":\n  " + String.join("\n  ", failures));
        }
    }

    /** Closes the connection when Maven is stopped (Ctrl+C), which ends a followed log on the host too. */
    private static boolean apply(HostOperation operation, AppUser app, Output out)
            throws IOException, OperationException {
        Transport transport = app.transport();
        Thread onCtrlC = new Thread(
                () -> {
                    try {
                        transport.close();
                    } catch (IOException | RuntimeException e) {
                        // the JVM is stopping; nothing left to report to
                    }
                },
                "chatgeist-close-" + app.host().name());
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            return operation.apply(app, out);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs
            }
        }
    }

    private static Recap recap(Host host, boolean ok, String note) {
        if (ok) {
            return new Recap(host.name(), 1, 0, 0, 0, List.of(), Duration.ZERO);
        }
        TaskResult r = new TaskResult(
                host.name(), "operate", TaskStatus.FAILED, note.isEmpty() ? "see above" : note, null, List.of());
        return new Recap(host.name(), 0, 0, 1, 0, List.of(r), Duration.ZERO);
    }
}
