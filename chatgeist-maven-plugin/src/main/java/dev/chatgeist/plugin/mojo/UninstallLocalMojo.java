package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Inventory;
import dev.chatgeist.plugin.local.LocalPlans;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.SecretMasker;
import dev.chatgeist.plugin.task.TaskRunner;
import dev.chatgeist.plugin.transport.LocalTransport;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Removes what install-local installed on this machine: the launchd agents (unloaded, plists deleted), the managed
 * crontab block (every other crontab line kept), the systemd user units. The app dir with its databases, logs,
 * .env and jar is left in place.
 */
@Mojo(name = "uninstall-local", aggregator = true, threadSafe = true)
public final class UninstallLocalMojo extends AbstractChatgeistMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("chatgeist:uninstall-local skipped (chatgeist.skip)");
            return;
        }
        Inventory inv = loadInventory();
        Host host = localHost(inv);
        LogOutput out = new LogOutput(getLog());
        if (check) {
            out.info("check mode: nothing will be changed");
        }
        Recap recap;
        try (LocalTransport transport = LocalTransport.ofCurrentProcess()) {
            recap = new TaskRunner(out, check, diff, SecretMasker.none())
                    .run(host.name(), transport, LocalPlans.uninstall(host, System.getProperty("user.name")));
        }
        TaskRunner.printRecap(out, List.of(recap));
        InstallLocalMojo.fail("uninstall-local", recap);
        out.info("left in place: " + host.appDir() + " (databases, logs, .env, runtime jar)");
    }
}
