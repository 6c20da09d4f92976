package dev.chatgeist.plugin.testing;

import dev.chatgeist.plugin.task.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Task output kept in memory, warnings prefixed with "WARN "; safe to write from several threads. */
public final class RecordingOutput implements Output {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String line) {
        lines.add(line);
    }

    @Override
    public void warn(String line) {
        lines.add("WARN " + line);
    }

    /** The lines so far (a live view). */
    public List<String> lines() {
        return lines;
    }

    public List<String> copy() {
        return new ArrayList<>(lines);
    }

    public String text() {
        return String.join("\n", lines);
    }

    public void clear() {
        lines.clear();
    }
}
