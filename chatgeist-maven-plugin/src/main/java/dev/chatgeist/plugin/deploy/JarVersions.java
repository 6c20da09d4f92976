package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.TaskException;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;

/**
 * The runtime jar and the copy a deploy keeps of the one it replaced ({@code chatgeist-runtime.jar.prev}). Each
 * switch copies into a hidden temporary file and renames it over the jar, so the jar's path always holds a whole
 * jar; the scripts run as the app user (or as root, then hand the files back to it).
 *
 * @param jar   the jar's path on the host
 * @param owner the app user (owner of the jar)
 * @param asRoot whether the login user is another account, so the switch runs through sudo
 */
record JarVersions(String jar, String owner, boolean asRoot) {
    /** Exit status of the scripts when there is no previous jar. */
    static final int NO_PREVIOUS = 3;

    String previous() {
        return jar + ".prev";
    }

    String failed() {
        return jar + ".failed";
    }

    /**
     * After a failed health check: the previous jar back in place (a copy: {@code .prev} stays for a later
     * rollback), the failed one kept as {@code .failed} for inspection.
     */
    void restorePrevious(Transport t) throws IOException, TaskException {
        run(
                t,
                "[ -f \"$j.prev\" ] || exit " + NO_PREVIOUS + "\n"
                        + "cp -p \"$j\" \"$j.failed\" && cp -p \"$j.prev\" \"$tmp\" && mv -f \"$tmp\" \"$j\" || exit 5\n",
                "\"$j\" \"$j.failed\"");
    }

    /** The rollback goal: the jar and its previous version change places (a second rollback undoes the first). */
    void swap(Transport t) throws IOException, TaskException {
        run(
                t,
                "[ -f \"$j.prev\" ] || exit " + NO_PREVIOUS + "\n"
                        + "cp -p \"$j\" \"$tmp.old\" && cp -p \"$j.prev\" \"$tmp\" && mv -f \"$tmp\" \"$j\""
                        + " && mv -f \"$tmp.old\" \"$j.prev\" || exit 5\n",
                "\"$j\" \"$j.prev\"");
    }

    private void run(Transport t, String body, String chownFiles) throws IOException, TaskException {
        String script = "j=" + Shell.quote(jar) + "; d=$(dirname -- \"$j\"); b=$(basename -- \"$j\")\n"
                + "tmp=\"$d/.$b.chatgeist-switch.$$\"; trap 'rm -f -- \"$tmp\" \"$tmp.old\"' EXIT\n"
                + body
                + (asRoot ? "chown " + Shell.quote(owner + ":") + " " + chownFiles + "\n" : "");
        Transport.ExecResult r = (asRoot ? t.become() : t).exec(script);
        if (r.exitCode() == NO_PREVIOUS) {
            throw new TaskException("there is no previous jar (" + previous() + ") to switch to: a deploy keeps the"
                    + " jar it replaces there, so this host has not had a second deploy yet");
        }
        if (!r.ok()) {
            throw new TaskException("cannot switch " + jar + " (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
    }
}
