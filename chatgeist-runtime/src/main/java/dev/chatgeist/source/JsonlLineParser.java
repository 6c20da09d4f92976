package dev.chatgeist.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one line of the Python version's dump into the values of the keys its dumper writes, as Python's
 * {@code json.loads} would see them (last duplicate key wins, NaN and Infinity accepted), streaming: no tree.
 * The {@link ImportLimits} are enforced by the parser itself (nesting, string and number lengths).
 */
final class JsonlLineParser {
    /** Marks a key that is not on the line (Python's {@code msg.get} default applies). */
    static final Object ABSENT = new Object();

    /** Marks values that are JSON arrays or objects (Python would fail to store them). */
    record Complex(boolean empty) {}

    /** Marks a string holding a lone surrogate at {@code at} (from a {@code \ud800} escape): not storable text. */
    record LoneSurrogate(int at, char c) {}

    /** Field slots, by the keys the dumper writes; {@link #ABSENT} where the line lacks the key. */
    static final class Fields {
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

    private final JsonFactory json;

    JsonlLineParser(ImportLimits limits) {
        this.json = limits.jsonFactory(true); // Python's json accepts NaN and Infinity
    }

    /** The line's fields; throws for a line Python's converter counts as an error (or that breaks a limit). */
    Fields parse(byte[] buf, int off, int len) throws LineException {
        Fields f = new Fields();
        try (JsonParser p = json.createParser(buf, off, len)) {
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
        } catch (StreamConstraintsException e) {
            throw new LineException("breaks an import limit (" + firstLine(e.getOriginalMessage())
                    + "); no Telegram message needs that: fix or remove the line");
        } catch (JsonProcessingException e) {
            throw new LineException("malformed JSON (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new LineException("malformed JSON (" + e.getMessage() + ")");
        }
        return f;
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
            case VALUE_STRING -> {
                // checked in the parser's buffer: a pass over a String would cost a sixth of the parsing time
                int at = Surrogates.firstLone(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                yield at < 0 ? p.getText() : new LoneSurrogate(at, p.getText().charAt(at));
            }
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue()
                        : (Object) p.getLongValue();
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
}
