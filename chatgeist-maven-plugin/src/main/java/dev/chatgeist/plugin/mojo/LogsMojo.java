package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.operate.Job;
import dev.chatgeist.plugin.operate.Logs;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints the last lines of a job's log (-Dchatgeist.job): logs/update.log, logs/sync_token.log, and for the bot its
 * journal on Linux (journalctl -u) or logs/bot.log on macOS. -Dchatgeist.follow keeps printing new lines over the
 * same connection until Ctrl+C.
 */
@Mojo(name = "logs", aggregator = true, threadSafe = true)
public final class LogsMojo extends AbstractOperateMojo {
    /** How many of the last lines to print. */
    @Parameter(property = "chatgeist.lines", defaultValue = "50")
    int lines;

    /** Keep printing new lines as they are written (tail -F, journalctl -f), until Ctrl+C. */
    @Parameter(property = "chatgeist.follow", defaultValue = "false")
    boolean follow;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Job which = job();
        if (follow && !skip && selectHosts(loadInventory()).size() > 1) {
            throw new MojoFailureException("chatgeist:logs -Dchatgeist.follow follows one host at a time: choose it"
                    + " with -Dchatgeist.limit=<host>");
        }
        operate("chatgeist:logs", (app, out) -> {
            new Logs(out).show(app, which, lines, follow, 0);
            return true;
        });
    }
}
