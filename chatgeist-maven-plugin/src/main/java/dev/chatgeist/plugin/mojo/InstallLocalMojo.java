package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Inventory;
import dev.chatgeist.plugin.local.LocalPlans;
import dev.chatgeist.plugin.local.ProjectFiles;
import dev.chatgeist.plugin.render.RenderException;
import dev.chatgeist.plugin.render.RenderedFile;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.Task;
import dev.chatgeist.plugin.task.TaskResult;
import dev.chatgeist.plugin.task.TaskRunner;
import dev.chatgeist.plugin.task.TaskStatus;
import dev.chatgeist.plugin.transport.LocalTransport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Installs ChatGeist on the machine Maven runs on (the inventory's host with ansible_connection: local).
 * macOS: app dir, runtime jar, targets.json, prompts, sandbox files; the launchd agents in ~/Library/LaunchAgents,
 * (re)loaded with launchctl only when their plist changed; a check that the Mac does not sleep on AC power.
 * Linux: the same files; the managed crontab block; the bot (and systemd timers) as user units when a systemd user
 * session exists. Idempotent: a second run reports every task ok and touches nothing.
 */
@Mojo(name = "install-local", aggregator = true, threadSafe = true)
public final class InstallLocalMojo extends AbstractChatgeistMojo {
    /** The runtime jar to copy into the app dir as chatgeist-runtime.jar (build it with ./mvnw install). */
    @Parameter(
            property = "chatgeist.runtimeJar",
            defaultValue = "${project.basedir}/chatgeist-runtime/target/chatgeist-runtime.jar")
    File runtimeJar;

    /** The chats to archive; copied into the app dir when it differs (the old one is kept as targets.json.prev). */
    @Parameter(property = "chatgeist.targets", defaultValue = "${project.basedir}/targets.json")
    File targetsFile;

    /** Prompt files for the bot; copied into the app dir's prompts/ when they differ. Optional. */
    @Parameter(property = "chatgeist.prompts", defaultValue = "${project.basedir}/prompts")
    File promptsDir;

    /** Secrets; copied to the app dir (mode 0600) only when the app dir has no .env yet. Optional. */
    @Parameter(property = "chatgeist.envFile", defaultValue = "${project.basedir}/.env")
    File envFile;

    /** Start again the jobs paused with chatgeist:stop; without it a paused job stays paused. */
    @Parameter(property = "chatgeist.resume", defaultValue = "false")
    boolean resume;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("chatgeist:install-local skipped (chatgeist.skip)");
            return;
        }
        Inventory inv = loadInventory();
        Host host = localHost(inv);
        if (!runtimeJar.isFile()) {
            throw new MojoFailureException("The runtime jar " + runtimeJar + " does not exist: build it first with "
                    + "`./mvnw install` (or point -Dchatgeist.runtimeJar at it).");
        }
        List<RenderedFile> files;
        try {
            files = renderer().render(host);
        } catch (RenderException e) {
            throw new MojoFailureException("host " + host.name() + ": " + e.getMessage(), e);
        }
        ProjectFiles project =
                new ProjectFiles(runtimeJar.toPath(), targetsFile.toPath(), promptsDir.toPath(), envFile.toPath());
        List<Task> tasks = LocalPlans.install(
                host, files, project, System.getProperty("user.name"), resume, System.getenv("PATH"));
        run("install-local", host, tasks, masker(envFile.toPath(), Path.of(host.appDir(), ".env")));
    }

    void run(String goal, Host host, List<Task> tasks, dev.chatgeist.plugin.task.SecretMasker masker)
            throws MojoFailureException {
        LogOutput out = new LogOutput(getLog());
        if (check) {
            out.info("check mode: nothing will be changed");
        }
        Recap recap;
        try (LocalTransport transport = LocalTransport.ofCurrentProcess()) {
            recap = new TaskRunner(out, check, diff, masker).run(host.name(), transport, tasks);
        }
        TaskRunner.printRecap(out, List.of(recap));
        fail(goal, recap);
    }

    static void fail(String goal, Recap recap) throws MojoFailureException {
        if (!recap.hasFailed()) {
            return;
        }
        TaskResult failed = recap.results().stream()
                .filter(r -> r.status() == TaskStatus.FAILED)
                .findFirst()
                .orElseThrow();
        throw new MojoFailureException(goal + " failed on host " + recap.host() + " at \"" + failed.task() + "\": "
                + failed.note() + ". Fix it and run " + goal + " again; finished tasks will report ok.");
    }

    static boolean exists(Path p) {
        return p != null && Files.exists(p);
    }
}
