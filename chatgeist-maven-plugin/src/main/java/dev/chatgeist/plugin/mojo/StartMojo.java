package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.operate.Job;
import dev.chatgeist.plugin.operate.Operations;
import dev.chatgeist.plugin.operate.Waits;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Resumes a job paused with chatgeist:stop: loads its launchd agent, enables and starts its systemd unit, or
 * restores its crontab line. Every host of the inventory, or those of -Dchatgeist.limit.
 */
@Mojo(name = "start", aggregator = true, threadSafe = true)
public final class StartMojo extends AbstractOperateMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Job which = job();
        Waits waits = waits();
        operate("chatgeist:start", (app, out) -> new Operations(out, waits).start(app, which));
    }
}
