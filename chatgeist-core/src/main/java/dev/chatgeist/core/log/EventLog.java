package dev.chatgeist.core.log;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One line per event, greppable: {@code 2026-01-10T12:00:00+02:00 INFO update chat=durov new=12 ...}. Lines go to
 * a log file under {@code logs/} (appended; created on first use) and, in readable form, to the console.
 */
public final class EventLog implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Path file;
    private final PrintWriter console;
    private final PrintWriter errors;
    private PrintWriter out;

    public EventLog(Path file, PrintWriter console, PrintWriter errors) {
        this.file = file;
        this.console = console;
        this.errors = errors;
    }

    /** A log that writes to the console only. */
    public static EventLog consoleOnly(PrintWriter console, PrintWriter errors) {
        return new EventLog(null, console, errors);
    }

    /** Informational event: console text and the log line's key=value fields. */
    public void info(String consoleText, String fields) {
        console.println(consoleText);
        console.flush();
        append("INFO", fields);
    }

    public void warn(String consoleText, String fields) {
        errors.println("warning: " + consoleText);
        errors.flush();
        append("WARN", fields);
    }

    public void error(String consoleText, String fields) {
        errors.println("error: " + consoleText);
        errors.flush();
        append("ERROR", fields);
    }

    /** A run's outcome: the console text on the console, the outcome line (INFO, or ERROR when failed) in the file. */
    public void outcome(String consoleText, RunOutcome outcome) {
        console.println(consoleText);
        console.flush();
        append(outcome.level(), outcome.fields());
    }

    /** A line for the log file only (details too noisy for the console). */
    public void fileOnly(String level, String fields) {
        append(level, fields);
    }

    private synchronized void append(String level, String fields) {
        if (file == null) {
            return;
        }
        try {
            if (out == null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
            }
            String now = OffsetDateTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS).format(TIME);
            out.println(now + " " + level + " " + fields.replace('\n', ' ').replace('\r', ' '));
            out.flush();
        } catch (IOException e) {
            errors.println("warning: cannot write " + file + ": " + e.getMessage());
        }
    }

    /** Quotes a value for key=value fields when it has spaces or quotes. */
    public static String q(Object value) {
        String s = String.valueOf(value);
        if (!s.isEmpty() && s.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c < 0x20)) {
            return s;
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
