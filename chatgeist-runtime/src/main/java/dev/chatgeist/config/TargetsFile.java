package dev.chatgeist.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code targets.json}: {@code {"chats": {"<alias>": "<target>"}, "updated_at": "<ISO time>"}} — the format of the
 * Python version. Other top-level keys are kept as they are. A file that cannot be read is reported, never
 * overwritten.
 */
public final class TargetsFile {
    private static final JsonFactory STREAMING = new JsonFactory();

    private final Path path;
    /** The file as read, for the top-level keys other than ours that {@link #save()} keeps. */
    private final String original;

    private final Map<String, String> chats;

    private TargetsFile(Path path, String original, Map<String, String> chats) {
        this.path = path;
        this.original = original;
        this.chats = chats;
    }

    /** Loads the file; a missing file gives an empty list that {@link #save()} will create. */
    public static TargetsFile load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new TargetsFile(path, "{}", new LinkedHashMap<>());
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + e.getMessage(), e);
        }
        // The streaming parser, not a tree: every `update` and `import` reads this file, and the data-binding layer
        // would add a fifth of a second to each start.
        try (JsonParser p = STREAMING.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new UserException(path + " is empty; expected {\"chats\": {\"alias\": \"@username\"}}. "
                        + "Delete it to start afresh or restore it from a backup.");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new UserException(path + " must hold a JSON object like {\"chats\": {\"alias\": \"@username\"}}, "
                        + "found " + kind(first) + ". It was not changed.");
            }
            Map<String, String> chats = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (key.equals("chats") && value == JsonToken.START_OBJECT) {
                    chats.clear(); // a repeated key: the last one counts, as in Python's json.load
                    readChats(path, p, chats);
                } else if (key.equals("chats") && value != JsonToken.VALUE_NULL) {
                    throw new UserException(path + ": \"chats\" must be an object mapping alias to target, e.g. "
                            + "{\"chats\": {\"alias\": \"@username\"}}. It was not changed.");
                } else {
                    p.skipChildren();
                }
            }
            return new TargetsFile(path, text, chats);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new UserException(
                    path + " is not valid JSON (line " + (loc == null ? "?" : loc.getLineNr())
                            + ", column " + (loc == null ? "?" : loc.getColumnNr()) + ": " + e.getOriginalMessage()
                            + "). Fix or restore the file; expected {\"chats\": {\"alias\": \"@username\"}}. "
                            + "It was not changed.",
                    e);
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static void readChats(Path path, JsonParser p, Map<String, String> chats) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String alias = p.currentName();
            JsonToken value = p.nextToken();
            if (!Alias.isValid(alias)) {
                throw new UserException(path + ": invalid alias '" + alias + "': aliases become file "
                        + "names, use letters, digits, '_' or '-'. Rename it in the file.");
            }
            if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT) {
                throw new UserException(path + ": the target of '" + alias + "' must be a string such as "
                        + "\"@username\" or \"-1001234567890\".");
            }
            chats.put(alias, p.getText());
        }
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name().toLowerCase() : t.asString();
        };
    }

    public Path path() {
        return path;
    }

    /** Alias to target text, in file order. */
    public Map<String, String> chats() {
        return Collections.unmodifiableMap(chats);
    }

    public boolean contains(String alias) {
        return chats.containsKey(alias);
    }

    /** The target of {@code alias}, or a user error that lists the known aliases. */
    public String targetOf(String alias) {
        String t = chats.get(alias);
        if (t == null) {
            throw unknownAlias(alias);
        }
        return t;
    }

    public UserException unknownAlias(String alias) {
        return new UserException("unknown chat '" + alias + "'; known chats: "
                + (chats.isEmpty()
                        ? "(none — add one with: chats add ALIAS @username)"
                        : String.join(", ", chats.keySet())));
    }

    public void put(String alias, ChatTarget target) {
        chats.put(Alias.check(alias), target.text());
    }

    public boolean remove(String alias) {
        return chats.remove(alias) != null;
    }

    /** Writes the file atomically, keeping other top-level keys, with a fresh {@code updated_at}. */
    public void save() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode root = json.readTree(original);
        ObjectNode out = json.createObjectNode();
        ObjectNode chatsNode = out.putObject("chats");
        chats.forEach(chatsNode::put);
        out.put("updated_at", LocalDateTime.now().truncatedTo(ChronoUnit.MICROS).toString());
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!e.getKey().equals("chats") && !e.getKey().equals("updated_at")) {
                out.set(e.getKey(), e.getValue());
            }
        }
        // the layout of Python's json.dump(indent=2)
        var printer = new DefaultPrettyPrinter()
                .withSeparators(
                        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        String text = json.writer(printer).writeValueAsString(out) + "\n";
        AtomicFiles.writeString(path, text, null);
    }
}
