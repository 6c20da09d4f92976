package dev.chatgeist.plugin.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Diff of env-style secret files that names the keys added, removed or changed, and never shows a value. */
final class SecretDiff {
    private SecretDiff() {}

    static String keysOnly(String path, String before, String after) {
        Map<String, String> a = parse(before);
        Map<String, String> b = parse(after);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(path).append(" (before; values hidden)\n");
        out.append("+++ ").append(path).append(" (after; values hidden)\n");
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!b.containsKey(k)) {
                out.append("-").append(k).append("=").append(SecretMasker.MASK).append('\n');
            } else if (!a.containsKey(k)) {
                out.append("+").append(k).append("=").append(SecretMasker.MASK).append('\n');
            } else if (!Objects.equals(a.get(k), b.get(k))) {
                out.append("~").append(k).append("=").append(SecretMasker.MASK).append(" (value changed)\n");
            }
        }
        return out.toString();
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || eq <= 0) {
                continue;
            }
            out.put(l.substring(0, eq).strip(), l.substring(eq + 1));
        }
        return out;
    }
}
