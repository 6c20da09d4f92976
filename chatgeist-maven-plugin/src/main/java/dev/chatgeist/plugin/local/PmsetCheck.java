package dev.chatgeist.plugin.local;

import dev.chatgeist.plugin.task.Plan;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.State;
import dev.chatgeist.plugin.task.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks (never changes) that the Mac does not sleep on AC power, which would stop the agents. Reads
 * {@code pmset -g custom}, whose "AC Power:" section holds the charger settings whatever the current power source
 * is (plain {@code pmset -g} shows the active source only). Changing it needs sudo, so we print the command.
 */
final class PmsetCheck implements Task {
    static final String PROBE = "pmset -g custom";
    static final String FIX = "sudo pmset -c sleep 0 disksleep 0 displaysleep 0";

    @Override
    public String name() {
        return "no sleep on AC power (pmset)";
    }

    @Override
    public List<String> probes() {
        return List.of(PROBE);
    }

    @Override
    public Plan plan(State state) {
        ProbeResult r = state.probe(PROBE);
        if (!r.ok()) {
            return Plan.ok("not checked")
                    .withWarning("cannot read the power settings (" + PROBE + ": "
                            + r.stderr().strip() + "); for 24/7 operation run: " + FIX);
        }
        Map<String, String> ac = acSettings(r.text());
        String sleep = ac.get("sleep");
        if ("0".equals(sleep)) {
            return Plan.ok("sleep 0 on AC");
        }
        return Plan.ok("sleep " + (sleep == null ? "unknown" : sleep) + " on AC")
                .withWarning("this Mac sleeps after " + (sleep == null ? "some" : sleep) + " minutes on AC power, "
                        + "which stops the agents; to keep it awake run: " + FIX);
    }

    /** The settings of the "AC Power:" section (or of the whole output when it has no sections). */
    static Map<String, String> acSettings(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean hasSections = output.contains("AC Power:");
        boolean inAc = !hasSections;
        for (String line : output.split("\\R")) {
            if (!line.startsWith(" ") && line.endsWith(":")) {
                inAc = line.startsWith("AC Power");
                continue;
            }
            if (!inAc) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2) {
                out.putIfAbsent(f[0], f[1]);
            }
        }
        return out;
    }
}
