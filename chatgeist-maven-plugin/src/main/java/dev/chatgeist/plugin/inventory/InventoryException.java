package dev.chatgeist.plugin.inventory;

import java.nio.file.Path;

/**
 * A user-fixable inventory problem. The message names the file, the line and column, the key, what is wrong and
 * what is expected, e.g. {@code inventory.yaml:12:7: key 'chatgeist_jobs.update': bad interval "5x"; expected ...}.
 */
public final class InventoryException extends Exception {
    private final Path file;
    private final int line;
    private final int column;
    private final String key;
    private final String problem;
    private final String fix;

    public InventoryException(Path file, int line, int column, String key, String problem, String fix) {
        super(format(file, line, column, key, problem, fix));
        this.file = file;
        this.line = line;
        this.column = column;
        this.key = key;
        this.problem = problem;
        this.fix = fix;
    }

    private static String format(Path file, int line, int column, String key, String problem, String fix) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "inventory" : file.toString());
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (key != null) {
            sb.append("key '").append(key).append("' ");
        }
        sb.append(problem);
        if (fix != null && !fix.isBlank()) {
            sb.append(" — ").append(fix);
        }
        return sb.toString();
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }
}
