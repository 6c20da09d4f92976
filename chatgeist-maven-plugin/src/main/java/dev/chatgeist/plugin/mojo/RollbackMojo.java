package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.deploy.Rollbacks;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.SecretMasker;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Switches each SSH host back to the jar the last deploy replaced (chatgeist-runtime.jar.prev), restarts the bot
 * service and checks it stays up. The two jars change places, so running it again switches forward. Choose hosts
 * with chatgeist.limit; check mode reports what would switch.
 */
@Mojo(name = "rollback", aggregator = true, threadSafe = true)
public final class RollbackMojo extends AbstractRemoteMojo {
    @Override
    public void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("chatgeist:rollback skipped (chatgeist.skip)");
            return;
        }
        List<Host> hosts = sshHosts(loadInventory(), "chatgeist:rollback");
        List<Recap> recaps = new Rollbacks(
                        connector(),
                        new LogOutput(getLog()),
                        check,
                        forks,
                        healthCheck(),
                        System.getProperty("user.name"))
                .run(hosts);
        failIfAny("chatgeist:rollback", recaps, SecretMasker.none());
    }
}
