package dev.chatgeist.export;

import dev.chatgeist.archive.ArchiveSchema;
import dev.chatgeist.source.Progress;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;

/**
 * Streams every row of an archive's {@code messages} table, in id order, to a writer: memory stays flat whatever
 * the archive's size. JSONL lines are the Python version's dump format, so {@code import} (and the Python converter)
 * read an export back into the same rows; {@link Summary#notes()} names rows for which that cannot hold.
 */
public final class ArchiveExport {
    /** Rows written, and what would not survive a JSONL round trip (empty for CSV). */
    public record Summary(long rows, List<String> notes) {}

    private final ExportFormat format;
    private final ZoneId importZone;

    /** {@code importZone}: the zone in which an import will read naive dates (the user's). */
    public ArchiveExport(ExportFormat format, ZoneId importZone) {
        this.format = format;
        this.importZone = importZone;
    }

    public Summary write(Connection archive, Writer out, Progress progress) throws IOException, SQLException {
        RoundTrip roundTrip = new RoundTrip();
        RowWriter rows = format == ExportFormat.JSONL ? new JsonlRows(out, importZone, roundTrip) : new CsvRows(out);
        long total;
        try (Statement st = archive.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM messages")) {
            total = rs.next() ? rs.getLong(1) : 0;
        }
        rows.header();
        long done = 0;
        String sql = "SELECT " + String.join(", ", ArchiveSchema.COLUMNS) + " FROM messages ORDER BY id";
        try (Statement st = archive.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int n = ArchiveSchema.COLUMNS.size();
            while (rs.next()) {
                Object[] values = new Object[n];
                for (int i = 0; i < n; i++) {
                    Object v = rs.getObject(i + 1);
                    values[i] = v instanceof Integer small ? Long.valueOf(small) : v;
                }
                rows.row(values);
                if ((++done & 0x3FF) == 0) {
                    progress.update(done, total);
                }
            }
        }
        rows.finish();
        progress.update(done, total);
        return new Summary(done, roundTrip.notes());
    }
}
