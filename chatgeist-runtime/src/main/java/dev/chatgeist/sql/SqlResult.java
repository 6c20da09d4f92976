package dev.chatgeist.sql;

import java.util.List;

/**
 * The rows a query returned, as far as the caps allowed. {@code truncated} says that more rows existed (or the byte
 * cap cut the output); {@link #render()} gives the text handed to the model, with a truncation notice.
 */
public record SqlResult(
        String database,
        List<String> columns,
        List<List<String>> rows,
        boolean truncated,
        String truncationNotice,
        long elapsedMillis) {

    /** A compact pipe-separated table, the header first, then the notice if the result was cut. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(" | ", columns)).append('\n');
        for (List<String> r : rows) {
            sb.append(String.join(" | ", r)).append('\n');
        }
        if (rows.isEmpty()) {
            sb.append("(no rows)\n");
        }
        if (truncated) {
            sb.append(truncationNotice).append('\n');
        }
        return sb.toString();
    }
}
