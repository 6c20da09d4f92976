package dev.chatgeist.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** RFC 4180 records: fields separated by commas, CRLF line ends, quotes only where a field needs them. */
public final class Csv {
    private Csv() {}

    /** Writes one record; a null field is written empty. */
    public static void record(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            field(out, fields.get(i));
        }
        out.write("\r\n");
    }

    private static void field(Writer out, String value) throws IOException {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }
}
