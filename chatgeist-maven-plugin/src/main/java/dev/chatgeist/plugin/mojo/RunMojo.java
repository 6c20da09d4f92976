package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.operate.Job;
import dev.chatgeist.plugin.operate.Operations;
import dev.chatgeist.plugin.operate.Waits;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs a job now (-Dchatgeist.job) the way its scheduler runs it (launchctl kickstart, systemctl start, or the
 * crontab line's command as the app user), waits for it and prints the outcome line it wrote to its log. Every host
 * of the inventory, or those of -Dchatgeist.limit.
 */
@Mojo(name = "run", aggregator = true, threadSafe = true)
public final class RunMojo extends AbstractOperateMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Job which = job();
        Waits waits = waits();
        operate("chatgeist:run", (app, out) -> new Operations(out, waits).run(app, which));
    }
}
