package dev.chatgeist.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.archive.MessageRow;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of a Telegram Desktop export as an archive row. Every number is taken only if the export holds it
 * exactly and it is in Telegram's range (ids 1 … 2^31−1, peer ids below 2^52, dates in years 1 … 9999); anything
 * else refuses the message with an {@link IllegalArgumentException} naming the field, never a wrapped or rounded
 * value.
 */
final class DesktopRowMapper {
    static final DateTimeFormatter ISO_UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private final ZoneId exportZone;

    /** {@code exportZone}: the zone of the computer that made the export (older exports have local times only). */
    DesktopRowMapper(ZoneId exportZone) {
        this.exportZone = exportZone;
    }

    /** The row; null for entries without an id. */
    MessageRow toRow(JsonNode m, String username) {
        JsonNode idNode = m.get("id");
        if (idNode == null || idNode.isNull()) {
            return null;
        }
        long id = whole("id", idNode, 1, ImportLimits.MAX_MESSAGE_ID);
        boolean service = "service".equals(m.path("type").asText("message"));
        Long timestamp = timestamp(m);
        String dateIso = timestamp == null
                ? textOrNull("date", m.get("date"))
                : ISO_UTC.format(Instant.ofEpochSecond(timestamp));

        Long senderId = peerId(m.get(service ? "actor_id" : "from_id"));
        String display = textOrNull(service ? "actor" : "from", m.get(service ? "actor" : "from"));
        String author = textOrNull("author", m.get("author"));
        if (display == null || display.isEmpty()) {
            display = author != null && !author.isEmpty()
                    ? author
                    : senderId != null && senderId != 0 ? senderId.toString() : null;
        }

        long reactionsCount = 0;
        List<String> parts = new ArrayList<>();
        for (JsonNode r : m.path("reactions")) {
            long count = r.hasNonNull("count") ? whole("reaction count", r.get("count"), 0, Integer.MAX_VALUE) : 0;
            String key = switch (r.path("type").asText("")) {
                case "emoji" -> r.path("emoji").asText("?");
                case "custom_emoji" -> "custom:" + r.path("document_id").asText("?");
                case "paid" -> "⭐";
                default -> r.path("type").asText("?");
            };
            reactionsCount += count; // at most 2^31 each, and a message holds far fewer than 2^32 of them
            parts.add(key + " (" + count + ")");
        }

        String media = textOrNull("photo", m.get("photo"));
        if (media == null) {
            media = textOrNull("file", m.get("file"));
        }
        return new MessageRow(
                id,
                timestamp,
                dateIso,
                checked("text", flattenText(m.get("text"))),
                senderId,
                null,
                display,
                optionalWhole("reply_to_message_id", m.get("reply_to_message_id"), 1, ImportLimits.MAX_MESSAGE_ID),
                reactionsCount,
                checked("reactions", String.join(", ", parts)),
                optionalWhole("views", m.get("views"), 0, Integer.MAX_VALUE),
                optionalWhole("forwards", m.get("forwards"), 0, Integer.MAX_VALUE),
                username == null ? null : "https://t.me/" + username + "/" + id,
                media,
                service);
    }

    private static Long optionalWhole(String field, JsonNode node, long min, long max) {
        return node == null || node.isNull() ? null : whole(field, node, min, max);
    }

    /**
     * A JSON whole number in {@code min … max}; text, fractions, and numbers out of range are refused (Jackson's
     * {@code asLong} would wrap 2^64+5 to 5 and turn 1e30 into Long.MAX_VALUE).
     */
    static long whole(String field, JsonNode node, long min, long max) {
        if (node.isIntegralNumber() || node.isFloatingPointNumber() && node.canConvertToExactIntegral()) {
            BigInteger v = node.bigIntegerValue();
            if (v.compareTo(BigInteger.valueOf(min)) >= 0 && v.compareTo(BigInteger.valueOf(max)) <= 0) {
                return v.longValueExact();
            }
        }
        throw new IllegalArgumentException(field + " " + abbreviate(node.toString()) + " is not a whole number from "
                + min + " to " + max + (field.equals("id") ? " (a Telegram message id)" : "")
                + "; correct it in the export or export the chat again");
    }

    private Long timestamp(JsonNode m) {
        JsonNode unix = m.get("date_unixtime");
        if (unix != null && !unix.isNull()) {
            long seconds;
            try {
                seconds = Long.parseLong(unix.asText().strip());
            } catch (NumberFormatException e) {
                seconds = Long.MIN_VALUE;
            }
            if (seconds < ImportLimits.MIN_UNIX_TIME || seconds > ImportLimits.MAX_UNIX_TIME) {
                throw new IllegalArgumentException("date_unixtime " + abbreviate(unix.toString()) + " is not a unix "
                        + "time in the years 1 to 9999; correct it in the export or export the chat again");
            }
            return seconds;
        }
        String date = textOrNull("date", m.get("date"));
        if (date == null) {
            return null;
        }
        try {
            // Exports before date_unixtime existed wrote the exporting computer's local time.
            long seconds = LocalDateTime.parse(date).atZone(exportZone).toEpochSecond();
            if (seconds >= ImportLimits.MIN_UNIX_TIME && seconds <= ImportLimits.MAX_UNIX_TIME) {
                return seconds;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException("date \"" + abbreviate(date) + "\" is not an ISO date-time in the years 1 "
                + "to 9999; correct it in the export or export the chat again");
    }

    /** Desktop's peer ids: "user123", "channel123", "chat123" → Telethon's marked ids. */
    static Long peerId(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return whole("sender id", node, -ImportLimits.MAX_PEER_ID - 1_000_000_000_000L, ImportLimits.MAX_PEER_ID);
        }
        String s = node.asText();
        String digits = s.startsWith("user")
                ? s.substring(4)
                : s.startsWith("channel") ? s.substring(7) : s.startsWith("chat") ? s.substring(4) : null;
        long raw = -1;
        if (digits != null
                && !digits.isEmpty()
                && digits.length() <= 16
                && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            raw = Long.parseLong(digits);
        }
        if (raw < 1 || raw > ImportLimits.MAX_PEER_ID) {
            throw new IllegalArgumentException("sender id \"" + abbreviate(s) + "\" is not of the form user123, "
                    + "channel123 or chat123 with an id from 1 to " + ImportLimits.MAX_PEER_ID
                    + "; correct it in the export or export the chat again");
        }
        return s.startsWith("user") ? raw : s.startsWith("channel") ? -1_000_000_000_000L - raw : -raw;
    }

    /** "text" is a string, or an array of strings and entity objects with their own "text". */
    static String flattenText(JsonNode text) {
        if (text == null || text.isNull()) {
            return "";
        }
        if (text.isTextual()) {
            return text.asText();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : text) {
            sb.append(part.isTextual() ? part.asText() : part.path("text").asText(""));
        }
        return sb.toString();
    }

    private static String textOrNull(String field, JsonNode n) {
        return n == null || n.isNull() ? null : checked(field, n.asText());
    }

    /** Text UTF-8 can store: a lone surrogate (from a {@code \ud800} escape) would be stored as "?". */
    private static String checked(String field, String s) {
        int at = Surrogates.firstLone(s);
        if (at >= 0) {
            throw new IllegalArgumentException(field + " holds a lone UTF-16 surrogate (\\u"
                    + Integer.toHexString(s.charAt(at)) + " at character " + at + "), which is not text; "
                    + "export the chat again");
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
