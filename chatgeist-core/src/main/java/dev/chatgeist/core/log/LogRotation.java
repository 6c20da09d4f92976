package dev.chatgeist.core.log;

import dev.chatgeist.core.env.DotEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * When a log is rotated: past {@code maxBytes} it becomes {@code NAME.1} (the older ones move up to
 * {@code NAME.<files - 1>}, the oldest is deleted), so at most {@code files} files are kept. bin/chatgeist rotates the
 * schedulers' {@code *.out.log} files the same way.
 */
public record LogRotation(long maxBytes, int files) {
    /** The variable (environment or .env) giving the size limit in MB; decimals allowed. */
    public static final String MAX_MB_VARIABLE = "CHATGEIST_LOG_MAX_MB";

    public static final int DEFAULT_MAX_MB = 10;
    public static final int FILES_KEPT = 5;
    public static final LogRotation DEFAULT = new LogRotation(DEFAULT_MAX_MB * 1024L * 1024L, FILES_KEPT);

    public LogRotation {
        if (maxBytes <= 0 || files < 1) {
            throw new IllegalArgumentException("maxBytes must be > 0 and files >= 1");
        }
    }

    /**
     * {@code CHATGEIST_LOG_MAX_MB} from the environment, else from the {@code .env} of the home the log belongs to
     * (logs live in {@code HOME/logs/}), else the default.
     */
    public static LogRotation forLog(Path logFile, Map<String, String> environment) {
        if (environment.containsKey(MAX_MB_VARIABLE)) {
            return of(environment);
        }
        Path logsDir = logFile.toAbsolutePath().getParent();
        Path env = logsDir.getParent() == null ? null : logsDir.getParent().resolve(".env");
        if (env == null || !Files.isRegularFile(env)) {
            return DEFAULT;
        }
        try {
            return of(DotEnv.read(env).values());
        } catch (IOException | RuntimeException e) {
            return DEFAULT; // an unreadable .env is reported by the command that needs it
        }
    }

    /** {@code CHATGEIST_LOG_MAX_MB} from these settings; the default when absent or not a positive number. */
    public static LogRotation of(Map<String, String> settings) {
        String value = settings.get(MAX_MB_VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            double mb = Double.parseDouble(value.strip());
            long bytes = (long) (mb * 1024 * 1024);
            return bytes > 0 ? new LogRotation(bytes, FILES_KEPT) : DEFAULT;
        } catch (NumberFormatException e) {
            return DEFAULT;
        }
    }
}
