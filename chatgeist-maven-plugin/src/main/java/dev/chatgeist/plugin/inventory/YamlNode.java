package dev.chatgeist.plugin.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where every node came from, so that inventory errors can name the
 * file, line and key. Jackson's own tree model drops locations, hence this small one.
 */
sealed interface YamlNode {
    Location location();

    /** 1-based line and column in the source file. */
    record Location(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    record Scalar(Object value, Location location) implements YamlNode {
        boolean isNull() {
            return value == null;
        }
    }

    record Sequence(List<YamlNode> items, Location location) implements YamlNode {}

    record Mapping(Map<String, Entry> entries, Location location) implements YamlNode {
        static Mapping empty(Location location) {
            return new Mapping(new LinkedHashMap<>(), location);
        }
    }

    /** A key with its own location (the line to point at when the key itself is wrong). */
    record Entry(String key, Location keyLocation, YamlNode value) {}

    /** Plain Java value (Map, List, String, Long, Double, Boolean, null) for templates. */
    static Object toPlain(YamlNode node) {
        if (node instanceof Scalar s) {
            return s.value();
        }
        if (node instanceof Sequence seq) {
            List<Object> out = new ArrayList<>();
            seq.items().forEach(i -> out.add(toPlain(i)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Mapping) node).entries().forEach((k, e) -> out.put(k, toPlain(e.value())));
        return out;
    }

    /** What a node is, for "expected X, found Y" messages. */
    static String describe(YamlNode node) {
        if (node instanceof Mapping) {
            return "a mapping";
        }
        if (node instanceof Sequence) {
            return "a list";
        }
        Object v = ((Scalar) node).value();
        if (v == null) {
            return "nothing (null)";
        }
        if (v instanceof String s) {
            return "\"" + TextCharacters.visible(s) + "\"";
        }
        return v.toString();
    }
}
