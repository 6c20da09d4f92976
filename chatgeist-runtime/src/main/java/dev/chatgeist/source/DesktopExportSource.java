package dev.chatgeist.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.core.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Telegram Desktop export of one chat ("Export chat history", format "Machine-readable JSON"): {@code result.json}
 * with the chat's {@code name}, {@code type}, {@code id} and a {@code messages} array. Streamed message by message,
 * so the file's size does not matter. Ids are stored in Telethon's marked form like the Python dumper's
 * ({@code user123} → 123, {@code channel123} → -100123, {@code chat123} → -123); permalinks are made when the chat's
 * target is a public username. Desktop exports carry no usernames, views or forwards: those stay empty.
 */
public final class DesktopExportSource implements HistorySource {
    static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final ZoneId exportZone;

    /** {@code exportZone}: the zone of the computer that made the export (older exports have local times only). */
    public DesktopExportSource(Path file, ZoneId exportZone) {
        this.file = file;
        this.exportZone = exportZone;
    }

    @Override
    public String describe() {
        return "telegram-desktop " + file;
    }

    @Override
    public SourceReport fetch(FetchRequest request, RowSink sink) throws IOException, InterruptedException {
        SourceReport report = new SourceReport();
        String username = request.target().flatMap(t -> t.publicUsername()).orElse(null);
        long size = Files.size(file);
        long delivered = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notAnExport("it does not hold a JSON object");
            }
            boolean sawMessages = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("messages") && t == JsonToken.START_ARRAY) {
                    sawMessages = true;
                    int index = 0;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        index++;
                        JsonNode m = MAPPER.readTree(p);
                        if ((index & 0xFF) == 0) {
                            request.progress().update(p.currentLocation().getByteOffset(), size);
                            if (Thread.interrupted()) {
                                throw new InterruptedException();
                            }
                        }
                        MessageRow row;
                        try {
                            row = toRow(m, username);
                        } catch (IllegalArgumentException e) {
                            report.problem("message #" + index + " (line " + p.currentLocation().getLineNr() + "): "
                                    + e.getMessage());
                            continue;
                        }
                        if (row == null) {
                            report.skipped();
                            continue;
                        }
                        if (row.id() <= request.afterId()) {
                            continue;
                        }
                        sink.accept(row);
                        report.delivered();
                        if (request.limit() > 0 && ++delivered >= request.limit()) {
                            return report;
                        }
                    }
                } else if (name.equals("chats") && t == JsonToken.START_OBJECT) {
                    throw new UserException(file + " is a full account export (it has \"chats\"). Export one chat "
                            + "instead: open the chat in Telegram Desktop, ⋮ → Export chat history, format JSON.");
                } else {
                    p.skipChildren();
                }
            }
            if (!sawMessages) {
                throw notAnExport("it has no \"messages\" array");
            }
            request.progress().update(size, size);
        } catch (JsonProcessingException e) {
            throw new UserException(file + " is not valid JSON near line " + e.getLocation().getLineNr() + " ("
                    + e.getOriginalMessage() + "); messages before that point were imported. Export the chat again.", e);
        }
        return report;
    }

    private UserException notAnExport(String why) {
        return new UserException(file + " is not a Telegram Desktop chat export (" + why + "); expected result.json "
                + "from Telegram Desktop → Export chat history → Machine-readable JSON");
    }

    /** One exported message as an archive row; null for entries without an id. */
    MessageRow toRow(JsonNode m, String username) {
        JsonNode idNode = m.get("id");
        if (idNode == null || idNode.isNull()) {
            return null;
        }
        if (!idNode.canConvertToExactIntegral() || idNode.asLong() <= 0) {
            throw new IllegalArgumentException("id " + idNode + " is not a positive whole number");
        }
        long id = idNode.asLong();
        boolean service = "service".equals(m.path("type").asText("message"));
        Long timestamp = timestamp(m);
        String dateIso = timestamp == null ? textOrNull(m.get("date")) : ISO_UTC.format(Instant.ofEpochSecond(timestamp));

        Long senderId = peerId(m.get(service ? "actor_id" : "from_id"));
        String display = textOrNull(m.get(service ? "actor" : "from"));
        String author = textOrNull(m.get("author"));
        if (display == null || display.isEmpty()) {
            display = author != null && !author.isEmpty() ? author : senderId != null && senderId != 0
                    ? senderId.toString() : null;
        }

        long reactionsCount = 0;
        List<String> parts = new ArrayList<>();
        for (JsonNode r : m.path("reactions")) {
            long count = r.path("count").asLong(0);
            String key = switch (r.path("type").asText("")) {
                case "emoji" -> r.path("emoji").asText("?");
                case "custom_emoji" -> "custom:" + r.path("document_id").asText("?");
                case "paid" -> "⭐";
                default -> r.path("type").asText("?");
            };
            reactionsCount += count;
            parts.add(key + " (" + count + ")");
        }

        String media = textOrNull(m.get("photo"));
        if (media == null) {
            media = textOrNull(m.get("file"));
        }
        JsonNode reply = m.get("reply_to_message_id");
        return new MessageRow(
                id,
                timestamp,
                dateIso,
                flattenText(m.get("text")),
                senderId,
                null,
                display,
                reply != null && reply.canConvertToExactIntegral() ? reply.asLong() : null,
                reactionsCount,
                String.join(", ", parts),
                m.hasNonNull("views") ? m.get("views").asLong() : null,
                m.hasNonNull("forwards") ? m.get("forwards").asLong() : null,
                username == null ? null : "https://t.me/" + username + "/" + id,
                media,
                service);
    }

    private Long timestamp(JsonNode m) {
        JsonNode unix = m.get("date_unixtime");
        if (unix != null && !unix.isNull()) {
            try {
                return Long.parseLong(unix.asText().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("date_unixtime " + unix + " is not a number");
            }
        }
        String date = textOrNull(m.get("date"));
        if (date == null) {
            return null;
        }
        try {
            // Exports before date_unixtime existed wrote the exporting computer's local time.
            return LocalDateTime.parse(date).atZone(exportZone).toEpochSecond();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("date \"" + date + "\" is not an ISO date-time");
        }
    }

    /** Desktop's peer ids: "user123", "channel123", "chat123" → Telethon's marked ids. */
    static Long peerId(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        String s = node.asText();
        try {
            if (s.startsWith("user")) {
                return Long.parseLong(s.substring(4));
            }
            if (s.startsWith("channel")) {
                return -1_000_000_000_000L - Long.parseLong(s.substring(7));
            }
            if (s.startsWith("chat")) {
                return -Long.parseLong(s.substring(4));
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sender id \"" + s + "\" is not of the form user123/channel123/chat123");
        }
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

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The file's chat name and type, for messages; empty if the header cannot be read. */
    public Optional<String> chatName() {
        try (InputStream in = Files.newInputStream(file); JsonParser p = MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("name")) {
                    return Optional.ofNullable(p.getValueAsString());
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The chat's id in Telethon's marked form (what {@code chats add} takes: {@code -100<id>} for supergroups and
     * channels, {@code -<id>} for basic groups, the user id for private chats) from the header's "type" and "id";
     * empty when the export has no id or is "Saved Messages".
     */
    public Optional<String> markedChatId() {
        String type = null;
        String id = null;
        try (InputStream in = Files.newInputStream(file); JsonParser p = MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME && (type == null || id == null)) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("messages")) {
                    break;
                } else if (name.equals("type")) {
                    type = p.getValueAsString();
                } else if (name.equals("id") && p.currentToken().isNumeric()) {
                    id = p.getText();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (type == null || id == null) {
            return Optional.empty();
        }
        return switch (type) {
            case "private_supergroup", "public_supergroup", "private_channel", "public_channel" ->
                    Optional.of("-100" + id);
            case "private_group" -> Optional.of("-" + id);
            case "personal_chat", "bot_chat" -> Optional.of(id);
            default -> Optional.empty();
        };
    }
}
