package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.task.Guarded;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.Task;

/**
 * Where a pause is remembered: an empty file {@code <app_dir>/paused/<job>}, owned by the app user. chatgeist:stop
 * writes it, chatgeist:start removes it, status shows it, and install-local/deploy leave a paused job stopped
 * unless {@code -Dchatgeist.resume}. A file, because "not loaded"/"inactive" alone cannot tell a pause from a job
 * that was never installed.
 */
public final class Pauses {
    private Pauses() {}

    public static String dir(Host host) {
        return host.appDir() + "/paused";
    }

    public static String marker(Host host, Job job) {
        return dir(host) + "/" + job.id();
    }

    /** A probe that succeeds when {@code job} is not paused (the guard of deploy's start tasks). */
    public static String notPaused(Host host, Job job) {
        return "[ ! -e " + Shell.quote(marker(host, job)) + " ]";
    }

    /**
     * {@code start} (of {@code job}'s agent or unit), skipped while the job is paused, unless {@code resume};
     * {@code goal} is the install goal whose {@code -Dchatgeist.resume} would resume every job.
     */
    public static Task unlessPaused(Task start, Host host, Job job, boolean resume, String goal) {
        return resume
                ? start
                : new Guarded(
                        start,
                        notPaused(host, job),
                        "paused (chatgeist:start -Dchatgeist.job=" + job.id() + " resumes it; " + goal
                                + " -Dchatgeist.resume resumes every job)");
    }

    /** Prints the paused jobs' names, one a line (nothing when none). */
    public static String list(Host host) {
        return "ls -1 " + Shell.quote(dir(host)) + " 2>/dev/null; true";
    }

    static String pause(Host host, Job job) {
        return "mkdir -p " + Shell.quote(dir(host)) + " && : > " + Shell.quote(marker(host, job));
    }

    static String resume(Host host, Job job) {
        return "rm -f " + Shell.quote(marker(host, job));
    }

    /** Removes every pause (install-local/deploy with -Dchatgeist.resume). */
    public static String resumeAll(Host host) {
        return "rm -rf " + Shell.quote(dir(host));
    }
}
