package dev.chatgeist.plugin.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a YAML file into {@link YamlNode}s with line and column of every key and value. */
final class YamlReader {
    // `host:` with nothing after it means "no variables", as in Ansible
    private final YAMLFactory factory = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();

    YamlNode read(Path file, Reader reader) throws InventoryException {
        try (JsonParser parser = factory.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return YamlNode.Mapping.empty(new YamlNode.Location(1, 1));
            }
            YamlNode root = node(file, parser);
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            throw new InventoryException(
                    file,
                    line,
                    column,
                    null,
                    "is not valid YAML: " + e.getOriginalMessage(),
                    "fix the YAML syntax (indent with spaces, `key: value`, lists with `- `)");
        } catch (IOException e) {
            throw new InventoryException(
                    file,
                    0,
                    0,
                    null,
                    "cannot be read: " + e.getMessage(),
                    "check that the file exists and is readable");
        }
    }

    private YamlNode node(Path file, JsonParser p) throws IOException, InventoryException {
        YamlNode.Location at = location(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    YamlNode.Location keyAt = location(p.currentTokenLocation());
                    p.nextToken();
                    YamlNode value = node(file, p);
                    if (entries.containsKey(key)) {
                        YamlNode.Location first = entries.get(key).keyLocation();
                        throw new InventoryException(
                                file,
                                keyAt.line(),
                                keyAt.column(),
                                key,
                                "is defined twice in one mapping (first at line " + first.line() + ")",
                                "keep one of the two definitions");
                    }
                    entries.put(key, new YamlNode.Entry(key, keyAt, value));
                }
                return new YamlNode.Mapping(entries, at);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(file, p));
                }
                return new YamlNode.Sequence(items, at);
            }
            case VALUE_STRING -> {
                return new YamlNode.Scalar(p.getText(), at);
            }
            case VALUE_NUMBER_INT -> {
                return new YamlNode.Scalar(p.getLongValue(), at);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new YamlNode.Scalar(p.getDoubleValue(), at);
            }
            case VALUE_TRUE -> {
                return new YamlNode.Scalar(Boolean.TRUE, at);
            }
            case VALUE_FALSE -> {
                return new YamlNode.Scalar(Boolean.FALSE, at);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(null, at);
            }
            default ->
                throw new InventoryException(
                        file,
                        at.line(),
                        at.column(),
                        null,
                        "has a YAML construct the inventory does not support (" + t + ")",
                        "use plain mappings, lists and scalars");
        }
    }

    private static YamlNode.Location location(JsonLocation l) {
        return new YamlNode.Location(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }
}
