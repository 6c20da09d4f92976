package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.task.Output;
import org.apache.maven.plugin.logging.Log;

/** Task output into Maven's log. */
final class LogOutput implements Output {
    private final Log log;

    LogOutput(Log log) {
        this.log = log;
    }

    @Override
    public void info(String line) {
        log.info(line);
    }

    @Override
    public void warn(String line) {
        log.warn(line);
    }
}
