package dev.chatgeist.source;

import static dev.chatgeist.source.JsonlLineParser.ABSENT;

import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.source.JsonlLineParser.Complex;
import dev.chatgeist.source.JsonlLineParser.Fields;
import dev.chatgeist.source.JsonlLineParser.LoneSurrogate;
import java.math.BigInteger;
import java.time.ZoneId;
import java.util.Map;

/**
 * Turns a dump line's fields into exactly the row the Python converter ({@code jsonl_to_sqlite.py}) would store,
 * with SQLite's column-affinity conversions. Where Python would store something other than the line says (text in
 * a number column, a number too large, a lone surrogate) or something no Telegram message has (an id outside
 * 1 … 2^31−1), the line is refused with a message instead.
 */
final class JsonlRowMapper {
    private final ZoneId localZone;

    JsonlRowMapper(ZoneId localZone) {
        this.localZone = localZone;
    }

    /** The row, or null for a line without an id (Python: {@code if not msg_id: skipped}). */
    MessageRow toRow(Fields f) throws LineException {
        Object rawId = f.id == ABSENT ? null : f.id;
        if (!truthy(rawId)) {
            return null;
        }
        long id = messageId(rawId);
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
                    throw new LineException("reaction count of " + e.getKey() + " is not a whole number"
                            + (count instanceof BigInteger ? " that fits in 64 bits" : ""));
                }
                try {
                    reactionsCount =
                            Math.addExact(reactionsCount, count instanceof Long l ? l : (Boolean) count ? 1 : 0);
                } catch (ArithmeticException overflow) {
                    // Python's sum() is exact, and SQLite refuses the result: the line is an error there too
                    throw new LineException("reaction counts add up to more than a 64-bit number");
                }
                if (detail.length() > 0) {
                    detail.append(", ");
                }
                detail.append(e.getKey()).append(" (").append(pyStr(count)).append(')');
            }
            reactionsDetail = checked("reactions_counts", detail.toString());
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

    /**
     * The id, which must be a Telegram message id: a negative or huge one would be stored as given and then pass
     * for the archive's newest message, so {@code update} would never fetch the real ones.
     */
    private static long messageId(Object raw) throws LineException {
        long id;
        try {
            id = integer("id", raw);
        } catch (LineException e) {
            if (!(raw instanceof BigInteger) && !(raw instanceof Double)) {
                throw e;
            }
            id = 0;
        }
        if (id < 1 || id > ImportLimits.MAX_MESSAGE_ID) {
            throw new LineException("id " + (raw instanceof String s ? "\"" + abbreviate(s) + "\"" : pyStr(raw))
                    + " is not a Telegram message id (a whole number from 1 to " + ImportLimits.MAX_MESSAGE_ID
                    + "); correct the id or remove the line");
        }
        return id;
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
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof LoneSurrogate ls) {
            throw loneSurrogate(field, ls.at(), ls.c());
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
        throw new LineException(field + " must be a string, found an "
                + (v instanceof Complex c && c.empty() ? "empty " : "") + "array or object");
    }

    /** Text that UTF-8 can hold: Python's sqlite3 refuses a lone surrogate (from a {@code \ud800} escape) too. */
    private static String checked(String field, String s) throws LineException {
        int at = Surrogates.firstLone(s);
        if (at >= 0) {
            throw loneSurrogate(field, at, s.charAt(at));
        }
        return s;
    }

    private static LineException loneSurrogate(String field, int at, char c) {
        return new LineException(field + " holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(c)
                + " at character " + at + "), which is not text; fix the escape or remove the line");
    }

    private static Long nullableInteger(String field, Object v) throws LineException {
        return v == null ? null : integer(field, v);
    }

    /** A value bound to an INTEGER column, converted the way SQLite's column affinity converts it. */
    private static long integer(String field, Object v) throws LineException {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof LoneSurrogate ls) {
            throw loneSurrogate(field, ls.at(), ls.c());
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
}
