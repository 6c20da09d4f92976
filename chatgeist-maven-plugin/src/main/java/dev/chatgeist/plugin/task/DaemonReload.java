package dev.chatgeist.plugin.task;

import java.util.List;

/** Handler: {@code systemctl daemon-reload} when a unit file changed, before units are (re)started. */
public final class DaemonReload implements Task {
    private final String systemctl;
    private final List<String> unitFileTasks;

    public DaemonReload(String systemctl, List<String> unitFileTasks) {
        this.systemctl = systemctl;
        this.unitFileTasks = List.copyOf(unitFileTasks);
    }

    @Override
    public String name() {
        return systemctl + " daemon-reload";
    }

    @Override
    public List<String> notifiedBy() {
        return unitFileTasks;
    }

    @Override
    public Plan plan(State state) {
        return Plan.change("unit files changed", null, t -> {
            var r = t.exec(systemctl + " daemon-reload");
            if (!r.ok()) {
                throw new TaskException(
                        systemctl + " daemon-reload failed: " + r.stderr().strip());
            }
        });
    }
}
