package dev.chatgeist.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.chatgeist.source.PythonCompat;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Python dumper's line format, written so that the Python converter ({@code jsonl_to_sqlite.py}) and
 * {@code import} rebuild each row exactly: {@code date} carries {@code date_iso} (the timestamp is derived from it),
 * {@code reactions_counts} is rebuilt from {@code reactions_detail}, every other column is written with its stored
 * type. Rows that no dump line can reproduce are still written and counted in {@link RoundTrip}.
 */
final class JsonlRows implements RowWriter {
    private static final JsonFactory JSON = new JsonFactory();
    // Indexes into ArchiveSchema.COLUMNS
    private static final int ID = 0;
    private static final int TIMESTAMP = 1;
    private static final int DATE_ISO = 2;
    private static final int MESSAGE = 3;
    private static final int SENDER_ID = 4;
    private static final int USERNAME = 5;
    private static final int DISPLAY_NAME = 6;
    private static final int REPLY_TO = 7;
    private static final int REACTIONS_COUNT = 8;
    private static final int REACTIONS_DETAIL = 9;
    private static final int VIEWS = 10;
    private static final int FORWARDS = 11;
    private static final int PERMALINK = 12;
    private static final int MEDIA_PATH = 13;
    private static final int IS_SERVICE = 14;

    private final Writer out;
    private final JsonGenerator json;
    private final ZoneId importZone;
    private final RoundTrip roundTrip;

    /** {@code importZone}: the zone naive dates will be read in on import (to check that timestamps survive). */
    JsonlRows(Writer out, ZoneId importZone, RoundTrip roundTrip) throws IOException {
        this.out = out;
        this.json = JSON.createGenerator(out);
        this.json.setRootValueSeparator(null);
        this.importZone = importZone;
        this.roundTrip = roundTrip;
    }

    @Override
    public void header() {
        // JSONL has none
    }

    @Override
    public void row(Object[] v) throws IOException {
        long id = ((Number) v[ID]).longValue();
        Optional<Map<String, Object>> reactions = ReactionCounts.parse(text(v[REACTIONS_DETAIL]), v[REACTIONS_COUNT]);
        check(id, v, reactions.isPresent());
        json.writeStartObject();
        json.writeFieldName("id");
        json.writeNumber(id);
        value("date", v[DATE_ISO]);
        value("message", v[MESSAGE]);
        value("sender_id", v[SENDER_ID]);
        value("sender_username", v[USERNAME]);
        value("sender_display_name", v[DISPLAY_NAME]);
        value("reply_to_msg_id", v[REPLY_TO]);
        json.writeObjectFieldStart("reactions_counts");
        for (Map.Entry<String, Object> e : reactions.orElse(Map.of()).entrySet()) {
            value(e.getKey(), e.getValue());
        }
        json.writeEndObject();
        value("views", v[VIEWS]);
        value("forwards", v[FORWARDS]);
        json.writeBooleanField("is_service", v[IS_SERVICE] instanceof Number n && n.doubleValue() != 0);
        value("media_path", v[MEDIA_PATH]);
        value("permalink", v[PERMALINK]);
        json.writeEndObject();
        json.writeRaw('\n'); // through the generator's buffer: no flush per line
    }

    /** Counts what an import of this line would store differently. */
    private void check(long id, Object[] v, boolean reactionsFit) {
        if (!reactionsFit) {
            roundTrip.differs(
                    id, "reactions_detail is not of the form \"👍 (10), ❤️ (5)\" adding up to reactions_count");
        }
        Object date = v[DATE_ISO];
        Long derived = date instanceof String s ? PythonCompat.timestamp(s, importZone) : null;
        if (!Objects.equals(derived, v[TIMESTAMP] instanceof Number n ? (Object) n.longValue() : v[TIMESTAMP])) {
            roundTrip.differs(id, "timestamp does not follow from date_iso (an import recomputes it)");
        }
        Object display = v[DISPLAY_NAME];
        boolean displayEmpty = display == null || "".equals(display);
        if (displayEmpty && (display != null || truthy(v[SENDER_ID]))) {
            roundTrip.differs(id, "an empty sender_display_name (an import fills it in from sender_id)");
        }
        if (!(v[IS_SERVICE] instanceof Number n)
                || (n.doubleValue() != 0 && n.doubleValue() != 1)
                || v[IS_SERVICE] instanceof Double) {
            roundTrip.differs(id, "is_service is not 0 or 1");
        }
        for (Object o : v) {
            if (o instanceof byte[]) {
                roundTrip.differs(id, "a blob value (written as hex text)");
            }
        }
    }

    private static boolean truthy(Object o) {
        return o instanceof Number n ? n.doubleValue() != 0 : o instanceof String s ? !s.isEmpty() : o != null;
    }

    private static String text(Object o) {
        return o == null ? null : o instanceof byte[] ? "" : o.toString();
    }

    private void value(String name, Object v) throws IOException {
        json.writeFieldName(name);
        if (v == null) {
            json.writeNull();
        } else if (v instanceof Long || v instanceof Integer) {
            json.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            json.writeNumber(d);
        } else if (v instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (v instanceof byte[] b) {
            json.writeString(java.util.HexFormat.of().formatHex(b));
        } else {
            json.writeString(v.toString());
        }
    }

    @Override
    public void finish() throws IOException {
        json.flush();
        out.flush();
    }
}
