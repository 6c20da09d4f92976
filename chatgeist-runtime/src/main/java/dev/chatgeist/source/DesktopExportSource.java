package dev.chatgeist.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.core.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A Telegram Desktop export of one chat ("Export chat history", format "Machine-readable JSON"): {@code result.json}
 * with the chat's {@code name}, {@code type}, {@code id} and a {@code messages} array. Streamed message by message,
 * so the file's size does not matter; one message may take at most {@link ImportLimits#maxMessageBytes()}, and the
 * parser enforces the other {@link ImportLimits}. Ids are stored in Telethon's marked form like the Python dumper's
 * ({@code user123} → 123, {@code channel123} → -100123, {@code chat123} → -123); permalinks are made when the chat's
 * target is a public username. Desktop exports carry no usernames, views or forwards: those stay empty. A message
 * that cannot be stored as the export says (see {@link DesktopRowMapper}) is reported with its JSON path and line,
 * and the rest goes on; a file that is not valid JSON stops at that point, saying so.
 */
public final class DesktopExportSource implements HistorySource {
    private final Path file;
    private final ImportLimits limits;
    private final ObjectMapper mapper;
    private final ObjectReader messageReader;
    private final DesktopRowMapper rows;

    /** {@code exportZone}: the zone of the computer that made the export (older exports have local times only). */
    public DesktopExportSource(Path file, ZoneId exportZone) {
        this(file, exportZone, ImportLimits.DEFAULT);
    }

    DesktopExportSource(Path file, ZoneId exportZone, ImportLimits limits) {
        this.file = file;
        this.limits = limits;
        this.mapper = new ObjectMapper(limits.jsonFactory(false));
        this.messageReader = mapper.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        this.rows = new DesktopRowMapper(exportZone);
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
        Delivery delivery = new Delivery(request, sink, report);
        boolean inMessages = false;
        try (InputStream in = Files.newInputStream(file);
                JsonParser p = mapper.createParser(in)) {
            try {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw notAnExport("it does not hold a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (name.equals("messages") && t == JsonToken.START_ARRAY) {
                        inMessages = true;
                        JsonStreamContext array = p.getParsingContext();
                        int index = -1;
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                            index++;
                            String where = "messages[" + index + "] (line "
                                    + p.currentTokenLocation().getLineNr() + ")";
                            if (t != JsonToken.START_OBJECT) {
                                p.skipChildren();
                                report.problem(where + ": not a JSON object; correct it or export the chat again");
                                continue;
                            }
                            if ((index & 0xFF) == 0xFF) {
                                request.progress().update(p.currentLocation().getByteOffset(), size);
                                if (Thread.interrupted()) {
                                    throw new InterruptedException();
                                }
                            }
                            MessageRow row;
                            try {
                                row = rows.toRow(readMessage(p, array), username);
                            } catch (IllegalArgumentException e) {
                                report.problem(where + ": " + e.getMessage());
                                continue;
                            }
                            if (!delivery.offer(row)) {
                                return report;
                            }
                        }
                    } else if (name.equals("chats") && t == JsonToken.START_OBJECT) {
                        throw new UserException(file + " is a full account export (it has \"chats\"). Export one "
                                + "chat instead: open the chat in Telegram Desktop, ⋮ → Export chat history, format "
                                + "JSON.");
                    } else {
                        p.skipChildren();
                    }
                }
                if (!inMessages) {
                    throw notAnExport("it has no \"messages\" array");
                }
                request.progress().update(size, size);
            } catch (JsonProcessingException e) {
                // StreamConstraintsException (a limit) or a syntax error: the parser cannot go on past this point
                String why =
                        (e instanceof StreamConstraintsException ? "breaks an import limit (" : "is not valid JSON (")
                                + e.getOriginalMessage() + ")";
                long line = p.currentLocation().getLineNr();
                if (!inMessages) {
                    throw new UserException(
                            file + " " + why + " near line " + line + "; nothing was imported from "
                                    + "it. Export the chat again.",
                            e);
                }
                // the messages read so far are stored, like the lines before a broken line of a dump
                report.problem("line " + line + ": the file " + why + ", so the messages from there on cannot be "
                        + "read; export the chat again");
            }
        }
        return report;
    }

    /**
     * Reads the message object the parser is at. One larger than the limit, or with a key twice, is read through to
     * its end without keeping it and refused ({@link IllegalArgumentException}), so the next message can be read.
     */
    private JsonNode readMessage(JsonParser p, JsonStreamContext array) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        try {
            return messageReader.readTree(new SizeBound(p, start, limits.maxMessageBytes()));
        } catch (MessageTooLarge e) {
            skipRest(p, array);
            throw new IllegalArgumentException(limits.tooLong("the message"));
        } catch (JsonMappingException e) {
            if (!String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
                throw e; // not ours to recover from: the caller reports where reading stopped
            }
            skipRest(p, array);
            throw new IllegalArgumentException(
                    "the message has a key twice (" + e.getOriginalMessage().replaceAll(" for `.*", "")
                            + "), so it is unclear which value holds; correct it or export "
                            + "the chat again");
        }
    }

    /** Reads on until the parser is back in the messages array, after the current message's end. */
    private static void skipRest(JsonParser p, JsonStreamContext array) throws IOException {
        while (p.getParsingContext() != array) {
            if (p.nextToken() == null) {
                return;
            }
        }
    }

    /** Thrown by {@link SizeBound} while a message is being read. */
    private static final class MessageTooLarge extends JsonProcessingException {
        MessageTooLarge() {
            super("message too large");
        }
    }

    /** Lets the tree reader read one message only while it stays within {@code max} bytes of its start. */
    private static final class SizeBound extends JsonParserDelegate {
        private final long limit;

        SizeBound(JsonParser p, long start, int max) {
            super(p);
            this.limit = start + max;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = super.nextToken();
            if (delegate.currentLocation().getByteOffset() > limit) {
                throw new MessageTooLarge();
            }
            return t;
        }
    }

    private UserException notAnExport(String why) {
        return new UserException(file + " is not a Telegram Desktop chat export (" + why + "); expected result.json "
                + "from Telegram Desktop → Export chat history → Machine-readable JSON");
    }

    /** The file's chat name and type, for messages; empty if the header cannot be read. */
    public Optional<String> chatName() {
        try (InputStream in = Files.newInputStream(file);
                JsonParser p = mapper.createParser(in)) {
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
        try (InputStream in = Files.newInputStream(file);
                JsonParser p = mapper.createParser(in)) {
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
