package dev.chatgeist.plugin.task;

import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a task found: nothing to do, something to change (with a diff for diff mode and the action that changes
 * it), or nothing it can do here (skipped, with the reason). Warnings are printed whatever the outcome.
 */
public record Plan(Kind kind, String note, String diff, Action action, List<String> warnings) {
    public enum Kind {
        OK,
        CHANGE,
        SKIP
    }

    /** Applies a planned change. */
    @FunctionalInterface
    public interface Action {
        void apply(Transport transport) throws IOException, TaskException;
    }

    public static Plan ok() {
        return new Plan(Kind.OK, "", null, null, List.of());
    }

    public static Plan ok(String note) {
        return new Plan(Kind.OK, note, null, null, List.of());
    }

    public static Plan skip(String reason) {
        return new Plan(Kind.SKIP, reason, null, null, List.of());
    }

    public static Plan change(String note, String diff, Action action) {
        return new Plan(Kind.CHANGE, note, diff, action, List.of());
    }

    public Plan withWarning(String warning) {
        List<String> w = new ArrayList<>(warnings);
        w.add(warning);
        return new Plan(kind, note, diff, action, List.copyOf(w));
    }
}
