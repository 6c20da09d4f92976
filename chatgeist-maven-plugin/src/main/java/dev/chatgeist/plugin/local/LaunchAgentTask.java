package dev.chatgeist.plugin.local;

import dev.chatgeist.plugin.task.Plan;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.State;
import dev.chatgeist.plugin.task.Task;
import dev.chatgeist.plugin.task.TaskException;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.List;

/**
 * A launchd agent loaded in the user's GUI domain (or not loaded). Loaded-ness comes from
 * {@code launchctl list LABEL} (exit 0 when loaded, on every macOS version). Loading uses
 * {@code launchctl bootstrap gui/<uid> PLIST}; unloading {@code launchctl bootout gui/<uid>/LABEL}; when those
 * fail (old macOS, or launchd refusing) it falls back to {@code launchctl load}/{@code unload}. An agent whose plist
 * changed is reloaded (bootout, then bootstrap): launchd only reads a plist when it loads it.
 */
final class LaunchAgentTask implements Task {
    static final String UID_PROBE = "id -u";
    private final String label;
    private final String plist;
    private final boolean present;
    private final String plistTask;

    /**
     * @param plistTask name of the task that writes the plist (its change means reload); null when absent
     */
    LaunchAgentTask(String label, String plist, boolean present, String plistTask) {
        this.label = label;
        this.plist = plist;
        this.present = present;
        this.plistTask = plistTask;
    }

    static String listProbe(String label) {
        return "launchctl list " + Shell.quote(label);
    }

    @Override
    public String name() {
        return (present ? "launch agent " : "launch agent unloaded ") + label;
    }

    @Override
    public List<String> probes() {
        return List.of(UID_PROBE, listProbe(label));
    }

    @Override
    public Plan plan(State state) throws TaskException {
        ProbeResult uidProbe = state.probe(UID_PROBE);
        if (!uidProbe.ok()) {
            throw new TaskException(
                    "cannot find the user id (id -u): " + uidProbe.stderr().strip());
        }
        String uid = uidProbe.text().strip();
        ProbeResult list = state.probe(listProbe(label));
        if (list.exitCode() == 127) {
            throw new TaskException("launchctl not found: install-local for a macOS host must run on that Mac");
        }
        boolean loaded = list.ok();
        if (!present) {
            return loaded ? Plan.change("unloaded", null, t -> bootout(t, uid)) : Plan.ok("not loaded");
        }
        boolean changed = plistTask != null && state.changed(plistTask);
        if (loaded && changed) {
            return Plan.change("reloaded: plist changed", null, t -> {
                bootout(t, uid);
                bootstrap(t, uid);
            });
        }
        if (!loaded) {
            return Plan.change("loaded", null, t -> bootstrap(t, uid));
        }
        return Plan.ok("loaded");
    }

    private void bootstrap(Transport t, String uid) throws IOException, TaskException {
        Transport.ExecResult r = t.exec("launchctl bootstrap gui/" + uid + " " + Shell.quote(plist));
        if (r.ok()) {
            return;
        }
        Transport.ExecResult legacy = t.exec("launchctl load " + Shell.quote(plist));
        if (!legacy.ok() || legacy.stderr().contains("Load failed")) {
            throw new TaskException("launchctl could not load " + plist + ": bootstrap said \""
                    + r.stderr().strip() + "\" (exit " + r.exitCode() + "), load said \""
                    + legacy.stderr().strip()
                    + "\"; check the plist with `plutil -lint " + plist + "` and that you are logged in at the GUI");
        }
    }

    private void bootout(Transport t, String uid) throws IOException, TaskException {
        Transport.ExecResult r = t.exec("launchctl bootout gui/" + uid + "/" + label);
        if (r.ok()) {
            return;
        }
        Transport.ExecResult legacy = t.exec("launchctl unload " + Shell.quote(plist));
        if (!legacy.ok()) {
            throw new TaskException("launchctl could not unload " + label + ": bootout said \""
                    + r.stderr().strip() + "\", unload said \""
                    + legacy.stderr().strip() + "\"");
        }
    }
}
