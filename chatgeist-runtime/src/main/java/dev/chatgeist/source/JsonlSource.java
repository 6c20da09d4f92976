package dev.chatgeist.source;

import dev.chatgeist.archive.MessageRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * The Python version's dump ({@code export_data/<alias>/messages.jsonl}: one JSON object per line, written by its
 * Telethon dumper). Each line becomes exactly the row the Python converter ({@code jsonl_to_sqlite.py}) would store;
 * lines it skipped (no id) are skipped, lines it rejected are reported with their line number and the rest goes on.
 * Where Python would store a value other than the line's, or the line breaks an {@link ImportLimits} bound, the line
 * is reported instead. Reading lines is {@link LineReader}'s job, parsing one {@link JsonlLineParser}'s, and the
 * Python conversions {@link JsonlRowMapper}'s.
 */
public final class JsonlSource implements HistorySource {
    private final Path file;
    private final ImportLimits limits;
    private final JsonlLineParser parser;
    private final JsonlRowMapper mapper;

    public JsonlSource(Path file, ZoneId localZone) {
        this(file, localZone, ImportLimits.DEFAULT);
    }

    JsonlSource(Path file, ZoneId localZone, ImportLimits limits) {
        this.file = file;
        this.limits = limits;
        this.parser = new JsonlLineParser(limits);
        this.mapper = new JsonlRowMapper(localZone);
    }

    @Override
    public String describe() {
        return "jsonl " + file;
    }

    @Override
    public SourceReport fetch(FetchRequest request, RowSink sink) throws IOException, InterruptedException {
        SourceReport report = new SourceReport();
        long size = Files.size(file);
        Delivery delivery = new Delivery(request, sink, report);
        try (InputStream in = Files.newInputStream(file)) {
            LineReader lines = new LineReader(in, limits.maxMessageBytes());
            long lineNo = 0;
            while (lines.next()) {
                lineNo++;
                if ((lineNo & 0x3FF) == 0) {
                    request.progress().update(lines.consumed(), size);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
                if (!lines.tooLong() && isBlank(lines.buffer(), lines.offset(), lines.length())) {
                    continue;
                }
                MessageRow row;
                try {
                    row = parseLine(lines);
                } catch (LineException e) {
                    report.problem("line " + lineNo + ": " + e.getMessage());
                    continue;
                }
                if (!delivery.offer(row)) {
                    break;
                }
            }
            request.progress().update(lines.consumed(), size);
        }
        return report;
    }

    /** The (non-blank) line's row, null for a line without an id; throws for a refused line. */
    private MessageRow parseLine(LineReader lines) throws LineException {
        if (lines.tooLong()) {
            throw new LineException(limits.tooLong("the line"));
        }
        return mapper.toRow(parser.parse(lines.buffer(), lines.offset(), lines.length()));
    }

    /** Python's {@code not line.strip()}: only whitespace (Unicode whitespace included). */
    static boolean isBlank(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            int b = buf[i] & 0xFF;
            if (b >= 0x80) {
                String s = new String(buf, off, len, StandardCharsets.UTF_8);
                return s.codePoints().allMatch(PythonCompat::isSpace);
            }
            if (!PythonCompat.isSpace(b)) {
                return false;
            }
        }
        return true;
    }
}
