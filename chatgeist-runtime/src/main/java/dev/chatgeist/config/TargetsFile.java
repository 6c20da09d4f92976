package dev.chatgeist.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code targets.json}: {@code {"chats": {"<alias>": "<target>"}, "updated_at": "<ISO time>"}} — the format of the
 * Python version. Other top-level keys are kept as they are. A file that cannot be read is reported, never
 * overwritten.
 */
public final class TargetsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final ObjectNode root;
    private final Map<String, String> chats;

    private TargetsFile(Path path, ObjectNode root, Map<String, String> chats) {
        this.path = path;
        this.root = root;
        this.chats = chats;
    }

    /** Loads the file; a missing file gives an empty list that {@link #save()} will create. */
    public static TargetsFile load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new TargetsFile(path, JSON.createObjectNode(), new LinkedHashMap<>());
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + e.getMessage(), e);
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new UserException(path + " is not valid JSON (line " + (loc == null ? "?" : loc.getLineNr())
                    + ", column " + (loc == null ? "?" : loc.getColumnNr()) + ": " + e.getOriginalMessage()
                    + "). Fix or restore the file; expected {\"chats\": {\"alias\": \"@username\"}}. "
                    + "It was not changed.", e);
        }
        if (node == null || node.isMissingNode()) {
            throw new UserException(path + " is empty; expected {\"chats\": {\"alias\": \"@username\"}}. "
                    + "Delete it to start afresh or restore it from a backup.");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new UserException(path + " must hold a JSON object like {\"chats\": {\"alias\": \"@username\"}}, "
                    + "found " + node.getNodeType().toString().toLowerCase() + ". It was not changed.");
        }
        JsonNode chatsNode = obj.get("chats");
        Map<String, String> chats = new LinkedHashMap<>();
        if (chatsNode != null && !chatsNode.isNull()) {
            if (!chatsNode.isObject()) {
                throw new UserException(path + ": \"chats\" must be an object mapping alias to target, e.g. "
                        + "{\"chats\": {\"alias\": \"@username\"}}. It was not changed.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = chatsNode.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!Alias.isValid(e.getKey())) {
                    throw new UserException(path + ": invalid alias '" + e.getKey() + "': aliases become file "
                            + "names, use letters, digits, '_' or '-'. Rename it in the file.");
                }
                if (!e.getValue().isTextual() && !e.getValue().isIntegralNumber()) {
                    throw new UserException(path + ": the target of '" + e.getKey() + "' must be a string such as "
                            + "\"@username\" or \"-1001234567890\".");
                }
                chats.put(e.getKey(), e.getValue().asText());
            }
        }
        return new TargetsFile(path, obj, chats);
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
                + (chats.isEmpty() ? "(none — add one with: chats add ALIAS @username)" : String.join(", ", chats.keySet())));
    }

    public void put(String alias, ChatTarget target) {
        chats.put(Alias.check(alias), target.text());
    }

    public boolean remove(String alias) {
        return chats.remove(alias) != null;
    }

    /** Writes the file atomically, keeping other top-level keys, with a fresh {@code updated_at}. */
    public void save() throws IOException {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode chatsNode = out.putObject("chats");
        chats.forEach(chatsNode::put);
        out.put("updated_at", LocalDateTime.now().truncatedTo(ChronoUnit.MICROS).toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().equals("chats") && !e.getKey().equals("updated_at")) {
                out.set(e.getKey(), e.getValue());
            }
        }
        // the layout of Python's json.dump(indent=2)
        var printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        String text = JSON.writer(printer).writeValueAsString(out) + "\n";
        AtomicFiles.writeString(path, text, null);
    }
}
