package dev.chatgeist.plugin.local;

import dev.chatgeist.plugin.task.Plan;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.State;
import dev.chatgeist.plugin.task.Task;
import dev.chatgeist.plugin.task.TaskException;
import dev.chatgeist.plugin.transport.Transport;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ~/.local/bin/chatgeist}, a symbolic link to the installed {@code <app_dir>/bin/chatgeist}, so that
 * {@code chatgeist} works in a terminal. Made only when {@code ~/.local/bin} is on the PATH install-local runs
 * with; otherwise the task says so and how to run the command. A file of another program at that place is left
 * alone, with a warning.
 */
final class LauncherLink implements Task {
    private final String link;
    private final String target;
    private final boolean onPath;

    /**
     * @param home     the user's home directory
     * @param launcher the installed launcher
     * @param path     the PATH of the user's shell (Maven's own)
     */
    LauncherLink(String home, String launcher, String path) {
        String bin = home + "/.local/bin";
        this.link = bin + "/chatgeist";
        this.target = launcher;
        this.onPath = path != null && Arrays.asList(path.split(":")).contains(bin);
    }

    @Override
    public String name() {
        return "link " + link + " -> " + target;
    }

    private String probe() {
        String q = Shell.quote(link);
        return "if [ -L " + q + " ]; then readlink " + q + "; elif [ -e " + q + " ]; then exit 3; else exit 4; fi";
    }

    @Override
    public List<String> probes() {
        return List.of(probe());
    }

    @Override
    public Plan plan(State state) throws TaskException {
        ProbeResult r = state.probe(probe());
        if (r.ok() && r.text().strip().equals(target)) {
            return Plan.ok("chatgeist is on your PATH");
        }
        if (r.exitCode() == 3) {
            return Plan.ok("not linked")
                    .withWarning(
                            link + " exists and is not a link to ChatGeist; left alone — run " + target + " instead");
        }
        if (!onPath) {
            return Plan.ok("not linked")
                    .withWarning("~/.local/bin is not on your PATH, so `chatgeist` is not linked" + " there: run "
                            + target + ", or add ~/.local/bin to PATH and run install-local again");
        }
        return Plan.change(r.ok() ? "relinked" : "linked", null, this::apply);
    }

    private void apply(Transport t) throws java.io.IOException, TaskException {
        Transport.ExecResult r = t.exec("mkdir -p " + Shell.quote(link.substring(0, link.lastIndexOf('/')))
                + " && ln -sfn " + Shell.quote(target) + " " + Shell.quote(link));
        if (!r.ok()) {
            throw new TaskException("cannot link " + link + ": " + r.stderr().strip());
        }
    }
}
