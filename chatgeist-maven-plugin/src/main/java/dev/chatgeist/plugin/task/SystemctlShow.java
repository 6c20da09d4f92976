package dev.chatgeist.plugin.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code KEY=value} lines of {@code systemctl show UNIT}, as both status goals read them. */
public record SystemctlShow(Map<String, String> properties) {
    public static SystemctlShow parse(String text) {
        Map<String, String> p = new LinkedHashMap<>();
        text.lines().forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                p.put(l.substring(0, eq), l.substring(eq + 1));
            }
        });
        return new SystemctlShow(Map.copyOf(p));
    }

    /** systemd knows no such unit (it answers every show, with LoadState=not-found). */
    public boolean notFound() {
        return "not-found".equals(properties.get("LoadState"));
    }

    /** "active (running)", "failed (failed)"...; "?" for what systemd did not say. */
    public String state() {
        return properties.getOrDefault("ActiveState", "?") + " (" + properties.getOrDefault("SubState", "?") + ")";
    }

    /** A property systemd gave a non-empty value. */
    public Optional<String> get(String key) {
        String v = properties.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
