package dev.chatgeist.core.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One line per event, greppable: {@code 2026-01-10T12:00:00+02:00 INFO update chat=durov new=12 ...}. Lines go to
 * a log file under {@code logs/} (appended; created on first use; rotated by size, see {@link LogRotation}) and, in
 * readable form, to the console.
 */
public final class EventLog implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    /**
     * Writers of one log inside this JVM queue here before taking the file lock: the kernel's lock belongs to the
     * process, so a second channel's lock attempt would fail and its close would drop the first one's lock.
     */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final PrintWriter console;
    private final PrintWriter errors;
    private final LogRotation rotation;

    /** Rotated as {@code CHATGEIST_LOG_MAX_MB} (environment, else the home's .env) says: default 10 MB, 5 files. */
    public EventLog(Path file, PrintWriter console, PrintWriter errors) {
        this(file, console, errors, file == null ? LogRotation.DEFAULT : LogRotation.forLog(file, System.getenv()));
    }

    public EventLog(Path file, PrintWriter console, PrintWriter errors, LogRotation rotation) {
        this.file = file;
        this.console = console;
        this.errors = errors;
        this.rotation = rotation;
    }

    /** A log that writes to the console only. */
    public static EventLog consoleOnly(PrintWriter console, PrintWriter errors) {
        return new EventLog(null, console, errors, LogRotation.DEFAULT);
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

    /** A run's outcome line, in the file only (the console has been told otherwise). */
    public void outcome(RunOutcome outcome) {
        append(outcome.level(), outcome.fields());
    }

    /** A line for the log file only (details too noisy for the console). */
    public void fileOnly(String level, String fields) {
        append(level, fields);
    }

    /**
     * Appends one line. Several processes may write the same log (an update and an import, two overlapping runs):
     * each line is written under an exclusive lock on {@code .NAME.lock} beside the log, and the rotation happens
     * under the same lock, so no line is lost or written twice and each line lands whole in one file.
     */
    private synchronized void append(String level, String fields) {
        if (file == null) {
            return;
        }
        String now = OffsetDateTime.now(ZoneId.systemDefault())
                .truncatedTo(ChronoUnit.SECONDS)
                .format(TIME);
        byte[] line = (now + " " + level + " " + fields.replace('\n', ' ').replace('\r', ' ') + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path lockFile = dir.resolve("." + file.getFileName() + ".lock");
            ReentrantLock inProcess = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
            inProcess.lock();
            try (FileChannel lockChannel =
                            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockChannel.lock()) {
                rotateIfFull(line.length);
                try (OutputStream out = Files.newOutputStream(
                        file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                    out.write(line);
                }
            } finally {
                inProcess.unlock();
            }
        } catch (IOException e) {
            errors.println("warning: cannot write " + file + ": " + e.getMessage());
        }
    }

    /** NAME -> NAME.1 -> ... -> NAME.(files - 1), the oldest deleted, when this line would pass the limit. */
    private void rotateIfFull(int adding) throws IOException {
        long size = Files.exists(file) ? Files.size(file) : 0;
        if (size == 0 || size + adding <= rotation.maxBytes()) {
            return;
        }
        int last = rotation.files() - 1;
        if (last == 0) {
            Files.delete(file);
            return;
        }
        Files.deleteIfExists(numbered(last));
        for (int n = last - 1; n >= 1; n--) {
            if (Files.exists(numbered(n))) {
                Files.move(numbered(n), numbered(n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path numbered(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
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
    public void close() {
        // nothing held open: every line is written by open, append, close under the lock
    }
}
