package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.task.Output;
import java.util.ArrayList;
import java.util.List;

/** One host's lines, held back while hosts run in parallel and printed together when the host is done. */
final class BufferedOutput implements Output {
    private record Line(boolean warn, String text) {}

    private final List<Line> lines = new ArrayList<>();

    @Override
    public synchronized void info(String line) {
        lines.add(new Line(false, line));
    }

    @Override
    public synchronized void warn(String line) {
        lines.add(new Line(true, line));
    }

    synchronized void flushTo(Output out) {
        for (Line l : lines) {
            if (l.warn()) {
                out.warn(l.text());
            } else {
                out.info(l.text());
            }
        }
        lines.clear();
    }
}
