package dev.chatgeist.plugin.task;

import java.time.Duration;
import java.util.List;

/** Counts per host, as in Ansible's PLAY RECAP. */
public record Recap(
        String host, int ok, int changed, int failed, int skipped, List<TaskResult> results, Duration duration) {
    public boolean hasFailed() {
        return failed > 0;
    }

    public String line() {
        return String.format(
                "%-24s : ok=%-4d changed=%-4d failed=%-4d skipped=%-4d (%d ms)",
                host, ok, changed, failed, skipped, duration.toMillis());
    }
}
