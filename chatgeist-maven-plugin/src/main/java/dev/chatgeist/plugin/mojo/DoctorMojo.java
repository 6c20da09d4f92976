package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.operate.Doctor;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs {@code <app_dir>/bin/chatgeist doctor} on every selected host (over SSH; directly for the local host) and
 * prints each host's report: ok / warn / fail per check, with the fix. Fails at the end when a host failed.
 */
@Mojo(name = "doctor", aggregator = true, threadSafe = true)
public final class DoctorMojo extends AbstractOperateMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        operate("chatgeist:doctor", (app, out) -> new Doctor(out).check(app));
    }
}
