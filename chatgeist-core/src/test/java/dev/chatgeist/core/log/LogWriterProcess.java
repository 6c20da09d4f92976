package dev.chatgeist.core.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * A process that appends numbered lines to a log through {@link EventLog}, rotation taken from the environment
 * ({@code CHATGEIST_LOG_MAX_MB}), as update, import and the bot do: {@code FILE WRITER COUNT}.
 */
public final class LogWriterProcess {
    private LogWriterProcess() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        String writer = args[1];
        int count = Integer.parseInt(args[2]);
        PrintWriter quiet = new PrintWriter(new StringWriter());
        try (EventLog log = new EventLog(file, quiet, new PrintWriter(System.err, true))) {
            for (int n = 1; n <= count; n++) {
                log.fileOnly("INFO", "test writer=" + writer + " n=" + n + " padding=" + "x".repeat(40));
            }
        }
    }
}
