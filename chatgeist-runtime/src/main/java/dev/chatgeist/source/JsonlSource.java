package dev.chatgeist.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.chatgeist.archive.MessageRow;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Python version's dump ({@code export_data/<alias>/messages.jsonl}: one JSON object per line, written by its
 * Telethon dumper). Each line becomes exactly the row the Python converter ({@code jsonl_to_sqlite.py}) would store;
 * lines it skipped (no id) are skipped, lines it rejected are reported with their line number and the rest goes on.
 * Where Python would store a value of the wrong kind (text in a number column), the line is reported instead.
 */
public final class JsonlSource implements HistorySource {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python's json accepts NaN and Infinity
            .build();

    private final Path file;
    private final ZoneId localZone;

    public JsonlSource(Path file, ZoneId localZone) {
        this.file = file;
        this.localZone = localZone;
    }

    @Override
    public String describe() {
        return "jsonl " + file;
    }

    @Override
    public SourceReport fetch(FetchRequest request, RowSink sink) throws IOException, InterruptedException {
        SourceReport report = new SourceReport();
        long size = Files.size(file);
        long delivered = 0;
        try (InputStream in = Files.newInputStream(file)) {
            LineReader lines = new LineReader(in);
            long lineNo = 0;
            while (lines.next()) {
                lineNo++;
                if ((lineNo & 0x3FF) == 0) {
                    request.progress().update(lines.consumed(), size);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
                MessageRow row;
                try {
                    row = parseLine(lines.buffer(), lines.offset(), lines.length());
                } catch (LineException e) {
                    report.problem("line " + lineNo + ": " + e.getMessage());
                    continue;
                }
                if (row == null) {
                    if (!isBlank(lines.buffer(), lines.offset(), lines.length())) {
                        report.skipped();
                    }
                    continue;
                }
                if (row.id() <= request.afterId()) {
                    continue;
                }
                sink.accept(row);
                report.delivered();
                if (request.limit() > 0 && ++delivered >= request.limit()) {
                    break;
                }
            }
            request.progress().update(lines.consumed(), size);
        }
        return report;
    }

    /** A line Python's converter counts as an error; the message says why. */
    static final class LineException extends Exception {
        LineException(String message) {
            super(message, null, false, false);
        }
    }

    /** Marks values that are JSON arrays or objects (Python would fail to store them). */
    private record Complex(boolean empty) {
    }

    private static final Object ABSENT = new Object();

    /** Field slots, by the keys the dumper writes. */
    private static final class Fields {
        Object id = ABSENT;
        Object date = ABSENT;
        Object message = ABSENT;
        Object senderId = ABSENT;
        Object senderUsername = ABSENT;
        Object senderDisplayName = ABSENT;
        Object postAuthor = ABSENT;
        Object replyTo = ABSENT;
        Object reactions = ABSENT;
        Object views = ABSENT;
        Object forwards = ABSENT;
        Object permalink = ABSENT;
        Object mediaPath = ABSENT;
        Object isService = ABSENT;
    }

    /** Returns the row, null for a blank line or a line without an id, or throws for a rejected line. */
    MessageRow parseLine(byte[] buf, int off, int len) throws LineException {
        if (isBlank(buf, off, len)) {
            return null;
        }
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                if (t != null) {
                    p.skipChildren();
                    if (p.nextToken() != null) {
                        throw new LineException("malformed JSON: extra data after the value");
                    }
                }
                throw new LineException("not a JSON object (found " + describe(t) + ")");
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "id" -> f.id = scalar(p);
                    case "date" -> f.date = scalar(p);
                    case "message" -> f.message = scalar(p);
                    case "sender_id" -> f.senderId = scalar(p);
                    case "sender_username" -> f.senderUsername = scalar(p);
                    case "sender_display_name" -> f.senderDisplayName = scalar(p);
                    case "post_author" -> f.postAuthor = scalar(p);
                    case "reply_to_msg_id" -> f.replyTo = scalar(p);
                    case "reactions_counts" -> f.reactions = reactions(p);
                    case "views" -> f.views = scalar(p);
                    case "forwards" -> f.forwards = scalar(p);
                    case "permalink" -> f.permalink = scalar(p);
                    case "media_path" -> f.mediaPath = scalar(p);
                    case "is_service" -> f.isService = scalar(p);
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new LineException("malformed JSON");
            }
            if (p.nextToken() != null) {
                throw new LineException("malformed JSON: extra data after the object");
            }
        } catch (JsonProcessingException e) {
            throw new LineException("malformed JSON (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new LineException("malformed JSON (" + e.getMessage() + ")");
        }
        return toRow(f);
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_NULL -> "null";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> t.asString();
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Object scalar(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case START_OBJECT, START_ARRAY -> {
                // walk to the matching end; remember whether the container was empty (for truthiness)
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw new IOException("unexpected end of input");
                }
                boolean empty = first.isStructEnd();
                int depth = empty ? 0 : first.isStructStart() ? 2 : 1;
                while (depth > 0) {
                    JsonToken t = p.nextToken();
                    if (t == null) {
                        throw new IOException("unexpected end of input");
                    }
                    if (t.isStructStart()) {
                        depth++;
                    } else if (t.isStructEnd()) {
                        depth--;
                    }
                }
                yield new Complex(empty);
            }
            default -> throw new IOException("unexpected token " + p.currentToken());
        };
    }

    /** reactions_counts: an object of emoji → count, kept in file order (Python dicts keep it too). */
    private static Object reactions(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return scalar(p);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            map.put(key, scalar(p));
        }
        return map;
    }

    private MessageRow toRow(Fields f) throws LineException {
        Object rawId = f.id == ABSENT ? null : f.id;
        if (!truthy(rawId)) {
            return null; // Python: `if not msg_id: skipped`
        }
        long id = integer("id", rawId);
        Object date = f.date == ABSENT ? "" : f.date;
        String dateIso = text("date", date);
        Long timestamp = date instanceof String s ? PythonCompat.timestamp(s, localZone) : null;

        Object senderId = orNull(f.senderId);
        Object display = orNull(f.senderDisplayName);
        Object postAuthor = f.postAuthor == ABSENT ? "" : f.postAuthor;
        if (!truthy(display)) {
            display = truthy(postAuthor) ? postAuthor : truthy(senderId) ? pyStr(senderId) : null;
        }

        long reactionsCount = 0;
        String reactionsDetail = "";
        Object reactions = f.reactions == ABSENT ? Map.of() : f.reactions;
        if (truthy(reactions)) {
            if (!(reactions instanceof Map<?, ?> map)) {
                throw new LineException("reactions_counts must be an object of emoji to count");
            }
            StringBuilder detail = new StringBuilder();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object count = e.getValue();
                if (!(count instanceof Long) && !(count instanceof Boolean)) {
                    throw new LineException("reaction count of " + e.getKey() + " is not a whole number");
                }
                reactionsCount += count instanceof Long l ? l : ((Boolean) count ? 1 : 0);
                if (detail.length() > 0) {
                    detail.append(", ");
                }
                detail.append(e.getKey()).append(" (").append(pyStr(count)).append(')');
            }
            reactionsDetail = detail.toString();
        }

        return new MessageRow(
                id,
                timestamp,
                dateIso,
                text("message", f.message == ABSENT ? "" : f.message),
                nullableInteger("sender_id", senderId),
                text("sender_username", orNull(f.senderUsername)),
                text("sender_display_name", display),
                nullableInteger("reply_to_msg_id", orNull(f.replyTo)),
                reactionsCount,
                reactionsDetail,
                nullableInteger("views", orNull(f.views)),
                nullableInteger("forwards", orNull(f.forwards)),
                text("permalink", orNull(f.permalink)),
                text("media_path", orNull(f.mediaPath)),
                truthy(orNull(f.isService)));
    }

    private static Object orNull(Object v) {
        return v == ABSENT ? null : v;
    }

    /** Python truthiness of a JSON value. */
    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l) {
            return l != 0;
        }
        if (v instanceof BigInteger b) {
            return b.signum() != 0;
        }
        if (v instanceof Double d) {
            return d != 0.0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof Complex c) {
            return !c.empty();
        }
        return true;
    }

    /** Python's {@code str()} of a JSON scalar. */
    private static String pyStr(Object v) {
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return PythonCompat.floatRepr(d);
        }
        return String.valueOf(v);
    }

    /** A value bound to a TEXT column: SQLite stores numbers bound there as their text. */
    private static String text(String field, Object v) throws LineException {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Long || v instanceof BigInteger) {
            if (v instanceof BigInteger b && b.bitLength() > 63) {
                throw new LineException(field + " is a number too large to store");
            }
            return v.toString();
        }
        if (v instanceof Double d) {
            return PythonCompat.floatRepr(d);
        }
        throw new LineException(field + " must be a string, found an " + (v instanceof Complex c && c.empty()
                ? "empty " : "") + "array or object");
    }

    private static Long nullableInteger(String field, Object v) throws LineException {
        return v == null ? null : integer(field, v);
    }

    /** A value bound to an INTEGER column, converted the way SQLite's column affinity converts it. */
    private static long integer(String field, Object v) throws LineException {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.2e18) {
            return d.longValue();
        }
        if (v instanceof String s) {
            String t = s.strip();
            try {
                return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            } catch (NumberFormatException e) {
                try {
                    double d = Double.parseDouble(t);
                    if (d == Math.rint(d) && Math.abs(d) < 9.2e18 && !t.isEmpty()) {
                        return (long) d;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            throw new LineException(field + " must be a whole number, found the text \"" + abbreviate(s) + "\"");
        }
        if (v instanceof BigInteger) {
            throw new LineException(field + " is a number too large to store");
        }
        if (v instanceof Double d) {
            throw new LineException(field + " must be a whole number, found " + PythonCompat.floatRepr(d));
        }
        throw new LineException(field + " must be a whole number, found an array or object");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
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
