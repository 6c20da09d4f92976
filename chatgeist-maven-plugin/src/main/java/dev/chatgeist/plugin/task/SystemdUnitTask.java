package dev.chatgeist.plugin.task;

import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit enabled and running (or stopped and disabled), restarted when a task it depends on changed (its
 * unit file, the jar, .env). {@code systemctl} is the command prefix: {@code "systemctl --user"} for a user
 * unit, {@code "sudo -n systemctl"} for a system unit. Run it after the unit file task and {@link DaemonReload}.
 */
public final class SystemdUnitTask implements Task {
    private final String systemctl;
    private final String unit;
    private final boolean present;
    private final boolean startNow;
    private final List<String> restartWhenChanged;

    /**
     * @param startNow           also start it (a service) rather than only enable it (timers start themselves
     *                           when enabled with --now too, so this is true for both)
     * @param restartWhenChanged names of tasks whose change means "restart"
     */
    public SystemdUnitTask(
            String systemctl, String unit, boolean present, boolean startNow, List<String> restartWhenChanged) {
        this.systemctl = systemctl;
        this.unit = unit;
        this.present = present;
        this.startNow = startNow;
        this.restartWhenChanged = List.copyOf(restartWhenChanged);
    }

    @Override
    public String name() {
        return (present ? "unit " : "unit stopped ") + unit;
    }

    /** One systemctl call per unit: its enabled state and whether it runs. */
    private String probe() {
        return systemctl + " show -p UnitFileState -p ActiveState " + Shell.quote(unit);
    }

    @Override
    public List<String> probes() {
        return List.of(probe());
    }

    @Override
    public Plan plan(State state) throws TaskException {
        Map<String, String> show = properties(state.probe(probe()));
        String enabled = show.getOrDefault("UnitFileState", "");
        String active = show.getOrDefault("ActiveState", "");
        boolean isEnabled = enabled.equals("enabled");
        boolean isActive = active.equals("active") || active.equals("activating") || active.equals("reloading");
        String q = Shell.quote(unit);
        if (!present) {
            if (!isEnabled && !isActive) {
                return Plan.ok("not running");
            }
            return Plan.change("stopped and disabled", null, t -> run(t, systemctl + " disable --now " + q));
        }
        List<String> commands = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!isEnabled) {
            commands.add(systemctl + " enable " + q);
            notes.add("enabled");
        }
        boolean restart = restartWhenChanged.stream().anyMatch(state::changed);
        if (startNow && !isActive) {
            commands.add(systemctl + " start " + q);
            notes.add("started");
        } else if (startNow && restart) {
            commands.add(systemctl + " restart " + q);
            notes.add("restarted");
        }
        if (commands.isEmpty()) {
            return Plan.ok(enabled + ", " + active);
        }
        return Plan.change(String.join(", ", notes), null, t -> {
            for (String c : commands) {
                run(t, c);
            }
        });
    }

    private static Map<String, String> properties(ProbeResult r) {
        Map<String, String> out = new HashMap<>();
        for (String line : r.text().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private void run(Transport t, String command) throws IOException, TaskException {
        Transport.ExecResult r = t.exec(command);
        if (!r.ok()) {
            throw new TaskException(command + " failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
    }
}
