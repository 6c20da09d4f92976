package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.deploy.DeployArtifacts;
import dev.chatgeist.plugin.deploy.Deployer;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Inventory;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.task.SecretMasker;
import dev.chatgeist.plugin.transport.SshLibrary;
import java.io.File;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deploys ChatGeist to every SSH host of the inventory (or those chosen with chatgeist.limit), as an Ansible play
 * would: app directories, runtime jar (previous one kept for rollback), targets.json, prompts, docker-compose.yml,
 * .env from the local secrets (0600), the update crontab block, the chatgeist-bot systemd service (restarted only
 * when its unit, the jar, .env or the prompts changed, then health-checked; a new jar that fails is rolled back)
 * and the Docker sandbox. One SSH connection per host, the state read in one batch: a deploy with nothing to change
 * is quick and changes nothing. Check and diff modes work for every task. Hosts run in parallel (chatgeist.forks);
 * the build fails if any host failed.
 */
@Mojo(name = "deploy", aggregator = true, threadSafe = true)
public final class DeployMojo extends AbstractRemoteMojo {
    /** The runtime jar to deploy (build it with ./mvnw install). */
    @Parameter(
            property = "chatgeist.runtimeJar",
            defaultValue = "${project.basedir}/chatgeist-runtime/target/chatgeist-runtime.jar")
    File runtimeJar;

    /** The chats to archive; deployed when present (the host's previous copy is kept as targets.json.prev). */
    /** Start again the jobs paused with chatgeist:stop; without it a paused job stays paused. */
    @Parameter(property = "chatgeist.resume", defaultValue = "false")
    boolean resume;

    @Parameter(property = "chatgeist.targets", defaultValue = "${project.basedir}/targets.json")
    File targetsFile;

    /** Prompt overrides for the bot, deployed into the app dir's prompts/ when this folder exists. */
    @Parameter(property = "chatgeist.prompts", defaultValue = "${project.basedir}/prompts")
    File promptsDir;

    /**
     * The local secrets the host's .env is rendered from (mode 0600 there; diffs show keys, never values). Keys the
     * server writes itself (CLAUDE_CODE_OAUTH_TOKEN) are kept when this file does not set them. Without this file
     * the host's .env is left as it is.
     */
    @Parameter(property = "chatgeist.envFile", defaultValue = "${project.basedir}/.env")
    File envFile;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("chatgeist:deploy skipped (chatgeist.skip)");
            return;
        }
        // one-time start-up costs (sshj's classes, FreeMarker's configuration) overlap reading the inventory
        CompletableFuture.runAsync(SshLibrary.SSHJ::warmUp);
        CompletableFuture<HostRenderer> renderer = CompletableFuture.supplyAsync(() -> {
            try {
                return renderer();
            } catch (MojoFailureException e) {
                throw new CompletionException(e);
            }
        });
        DeployArtifacts artifacts = new DeployArtifacts(
                runtimeJar.toPath(),
                targetsFile.toPath(),
                promptsDir.toPath(),
                envFile.toPath()); // starts hashing the jar in the background
        Inventory inv = loadInventory();
        List<Host> hosts = sshHosts(inv, "chatgeist:deploy");
        if (!runtimeJar.isFile()) {
            throw new MojoFailureException("The runtime jar " + runtimeJar + " does not exist: build it first with "
                    + "`./mvnw install` (or point -Dchatgeist.runtimeJar at it).");
        }
        SecretMasker masker = masker(envFile.toPath());
        Deployer deployer = new Deployer(
                connector(),
                await(renderer),
                new LogOutput(getLog()),
                masker,
                new Deployer.Settings(check, diff, forks, healthCheck(), resume),
                System.getProperty("user.name"));
        Deployer.Report report = deployer.deploy(hosts, artifacts);
        failIfAny("chatgeist:deploy", report.recaps(), masker);
    }

    private static HostRenderer await(CompletableFuture<HostRenderer> renderer) throws MojoFailureException {
        try {
            return renderer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof MojoFailureException m) {
                throw m;
            }
            throw e;
        }
    }
}
