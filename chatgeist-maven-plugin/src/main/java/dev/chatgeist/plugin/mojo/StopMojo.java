package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.operate.Job;
import dev.chatgeist.plugin.operate.Operations;
import dev.chatgeist.plugin.operate.Waits;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Pauses one job (-Dchatgeist.job): unloads its launchd agent, disables and stops its systemd timer or service, or
 * comments out its crontab line; the other jobs are untouched. chatgeist:status shows it paused; install-local and
 * deploy keep the pause unless -Dchatgeist.resume. Every host of the inventory, or those of -Dchatgeist.limit.
 */
@Mojo(name = "stop", aggregator = true, threadSafe = true)
public final class StopMojo extends AbstractOperateMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Job which = job();
        Waits waits = waits();
        operate("chatgeist:stop", (app, out) -> new Operations(out, waits).stop(app, which));
    }
}
