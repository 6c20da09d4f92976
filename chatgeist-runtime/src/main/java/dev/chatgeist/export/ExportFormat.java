package dev.chatgeist.export;

import dev.chatgeist.core.UserException;
import java.util.Locale;

/** What {@code chatgeist export} writes. */
public enum ExportFormat {
    /** The Python version's dump format: one JSON object per line, read back by {@code import} unchanged. */
    JSONL,
    /** RFC 4180 CSV, UTF-8, a header row of the archive's column names, values as stored. */
    CSV;

    public static ExportFormat parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("unknown export format '" + name + "'; use --format jsonl or --format csv");
        }
    }
}
