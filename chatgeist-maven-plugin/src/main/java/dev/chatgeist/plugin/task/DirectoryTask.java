package dev.chatgeist.plugin.task;

import java.util.List;

/** A directory that must exist with a mode; created with its parents. Never removes anything. */
public final class DirectoryTask implements Task {
    private final String path;
    private final String mode;

    public DirectoryTask(String path, String mode) {
        this.path = path;
        this.mode = mode;
    }

    @Override
    public String name() {
        return "directory " + path;
    }

    private String probe() {
        String q = Shell.quote(path);
        return "if [ -d " + q + " ]; then ls -ld " + q + "; elif [ -e " + q + " ]; then exit 4; else exit 3; fi";
    }

    @Override
    public List<String> probes() {
        return List.of(probe());
    }

    @Override
    public Plan plan(State state) throws TaskException {
        ProbeResult r = state.probe(probe());
        String q = Shell.quote(path);
        switch (r.exitCode()) {
            case 0 -> {
                String current = FileMode.fromLs(r.text().strip());
                if (mode.equals(current)) {
                    return Plan.ok();
                }
                return Plan.change("mode " + current + " -> " + mode, null, t -> run(t, "chmod " + mode + " " + q));
            }
            case 3 -> {
                return Plan.change("created", null, t -> run(t, "mkdir -p " + q + " && chmod " + mode + " " + q));
            }
            case 4 -> throw new TaskException(path + " exists but is not a directory; move it away");
            default ->
                throw new TaskException(
                        "cannot read " + path + ": " + r.stderr().strip());
        }
    }

    private void run(dev.chatgeist.plugin.transport.Transport t, String command)
            throws java.io.IOException, TaskException {
        var res = t.exec(command);
        if (!res.ok()) {
            throw new TaskException(
                    "cannot create " + path + ": " + res.stderr().strip());
        }
    }
}
