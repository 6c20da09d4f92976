package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Inventory;
import dev.chatgeist.plugin.local.LocalStatus;
import dev.chatgeist.plugin.transport.LocalTransport;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows the local host's state: each agent or job (loaded?, last exit status, next run), the tail of
 * logs/update.log and logs/sync_token.log, and when the Claude token expires. Reads only.
 */
@Mojo(name = "status", aggregator = true, threadSafe = true)
public final class StatusMojo extends AbstractChatgeistMojo {
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
        Host host = localHost(inv);
        try (LocalTransport transport = LocalTransport.ofCurrentProcess()) {
            for (String line : new LocalStatus(ZoneId.systemDefault(), Instant.now(), tail).report(host, transport)) {
                getLog().info(line);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot read the state of this machine: " + e.getMessage(), e);
        }
    }
}
