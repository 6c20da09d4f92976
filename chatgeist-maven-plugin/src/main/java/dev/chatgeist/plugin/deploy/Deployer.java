package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.render.RenderException;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.SecretMasker;
import dev.chatgeist.plugin.task.Task;
import dev.chatgeist.plugin.task.TaskRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code chatgeist:deploy} without Maven: opens one connection per host (up to {@code forks} at a time) while the
 * host's files are rendered and its task list built, reads the host's state in one batch, changes what differs and
 * prints the recap with the deploy phase's duration (first connection to recap).
 */
public final class Deployer {
    /**
     * @param check  check mode: report, change nothing
     * @param diff   diff mode: unified diffs of changed files (secrets masked; .env shows keys only)
     * @param forks  hosts deployed at the same time
     * @param health how a restarted bot service is checked
     * @param resume start jobs paused with chatgeist:stop again (-Dchatgeist.resume); else they stay paused
     */
    public record Settings(boolean check, boolean diff, int forks, HealthCheck health, boolean resume) {
        public Settings(boolean check, boolean diff, int forks, HealthCheck health) {
            this(check, diff, forks, health, false);
        }
    }

    /** Every host's recap, and how long the deploy phase took. */
    public record Report(List<Recap> recaps, Duration phase) {
        public List<Recap> failed() {
            return recaps.stream().filter(Recap::hasFailed).toList();
        }
    }

    private final HostConnector connector;
    private final HostRenderer renderer;
    private final Output out;
    private final SecretMasker masker;
    private final Settings settings;
    private final String localUser;

    public Deployer(
            HostConnector connector,
            HostRenderer renderer,
            Output out,
            SecretMasker masker,
            Settings settings,
            String localUser) {
        this.connector = connector;
        this.renderer = renderer;
        this.out = out;
        this.masker = masker;
        this.settings = settings;
        this.localUser = localUser;
    }

    /**
     * Renders each host's files and builds its task list while its connection is being opened (both take a few
     * hundred milliseconds in a fresh JVM), then deploys. A template that does not render fails the host before
     * anything on it is read or changed.
     */
    public Report deploy(List<Host> hosts, DeployArtifacts artifacts) {
        if (settings.check()) {
            out.info("check mode: nothing will be changed");
        }
        long start = System.nanoTime();
        Map<String, CompletableFuture<List<Task>>> plans = new LinkedHashMap<>();
        for (Host host : hosts) {
            plans.put(host.name(), CompletableFuture.supplyAsync(() -> tasks(host, artifacts)));
        }
        List<Recap> recaps = new HostRuns(connector, settings.forks(), out)
                .run(
                        hosts,
                        (host, transport, hostOut) -> new TaskRunner(hostOut, settings.check(), settings.diff(), masker)
                                .run(host.name(), transport, await(plans.get(host.name()))));
        TaskRunner.printRecap(out, recaps);
        Duration phase = Duration.ofNanos(System.nanoTime() - start);
        out.info("deploy phase: " + phase.toMillis() + " ms (connect -> recap; " + hosts.size()
                + (hosts.size() == 1 ? " host" : " hosts") + ", forks " + settings.forks() + ")");
        return new Report(recaps, phase);
    }

    private List<Task> tasks(Host host, DeployArtifacts artifacts) {
        try {
            return DeployTasks.forHost(
                    host,
                    renderer.render(host),
                    artifacts,
                    HostConnector.loginUser(host, localUser),
                    settings.diff(),
                    settings.health(),
                    settings.resume());
        } catch (RenderException e) {
            throw new CompletionException(
                    new IOException("cannot render the files of host " + host.name() + ": " + e.getMessage(), e));
        } catch (IOException e) {
            throw new CompletionException(new IOException("cannot read the files to deploy: " + e.getMessage(), e));
        }
    }

    private static List<Task> await(CompletableFuture<List<Task>> plan) throws IOException {
        try {
            return plan.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }
}
