package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.operate.Job;
import dev.chatgeist.plugin.operate.Operations;
import dev.chatgeist.plugin.operate.Waits;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Restarts the bot (-Dchatgeist.job=bot) and checks that it stays up, as deploy does after a change. Every host of
 * the inventory, or those of -Dchatgeist.limit.
 */
@Mojo(name = "restart", aggregator = true, threadSafe = true)
public final class RestartMojo extends AbstractOperateMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Job which = job();
        Waits waits = waits();
        operate("chatgeist:restart", (app, out) -> new Operations(out, waits).restart(app, which));
    }
}
