package dev.chatgeist.export;

import dev.chatgeist.archive.ArchiveSchema;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Every column as stored: NULL as an empty field, blobs as hex, reals as Java writes them. */
final class CsvRows implements RowWriter {
    private final Writer out;

    CsvRows(Writer out) {
        this.out = out;
    }

    @Override
    public void header() throws IOException {
        Csv.record(out, ArchiveSchema.COLUMNS);
    }

    @Override
    public void row(Object[] values) throws IOException {
        List<String> fields = new ArrayList<>(values.length);
        for (Object v : values) {
            fields.add(v == null ? null : v instanceof byte[] b ? HexFormat.of().formatHex(b) : v.toString());
        }
        Csv.record(out, fields);
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }
}
