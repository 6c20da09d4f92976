package dev.chatgeist.plugin.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads unit files back the way systemd does, to check that a rendered setting means exactly the value we put in:
 * systemd.syntax(7) for lines, comments and quoting (words split on whitespace, "..." and '...' group, backslash
 * escapes — C escapes in settings that unescape), systemd.unit(5) for specifiers ({@code %%} is a percent sign; any
 * other specifier would be expanded, so a test value containing one is an escaping failure), and systemd.service(5)
 * for ExecStart= ({@code $$} is a dollar sign; {@code $VAR} would be expanded). {@link SystemdUnitReaderTest} checks
 * this reader against the examples of those pages; {@code systemd-analyze verify} checks the files themselves.
 */
final class SystemdUnitReader {
    private SystemdUnitReader() {}

    /** Setting name to its raw values in file order (section names are dropped; our units never repeat a key across sections). */
    static Map<String, List<String>> settings(String unit) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : unit.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("[")) {
                continue;
            }
            if (l.endsWith("\\")) {
                throw new AssertionError("continuation line (trailing backslash): " + line);
            }
            int eq = l.indexOf('=');
            out.computeIfAbsent(l.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(l.substring(eq + 1).strip());
        }
        return out;
    }

    /** A single-value setting: specifiers resolved, nothing unquoted (WorkingDirectory=, StandardOutput=append:). */
    static String plain(String raw) {
        return specifiers(raw);
    }

    /** A list setting: words unquoted (with C escapes when {@code cunescape}), then specifiers resolved. */
    static List<String> words(String raw, boolean cunescape) {
        List<String> out = new ArrayList<>();
        for (String w : split(raw, cunescape)) {
            out.add(specifiers(w));
        }
        return out;
    }

    /** ExecStart=: words with C escapes, specifiers, then {@code $$} to {@code $}. */
    static List<String> exec(String raw) {
        return words(raw, true).stream()
                .map(w -> undouble(w, '$', "an environment variable"))
                .toList();
    }

    static String specifiers(String s) {
        return undouble(s, '%', "a specifier");
    }

    /** {@code cc} to {@code c}; a single {@code c} is an expansion systemd would do, which our values must avoid. */
    private static String undouble(String s, char c, String expansion) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                if (i + 1 < s.length() && s.charAt(i + 1) == c) {
                    i++;
                } else {
                    throw new AssertionError("systemd would expand " + expansion + " in: " + s);
                }
            }
            sb.append(s.charAt(i));
        }
        return sb.toString();
    }

    private static List<String> split(String s, boolean cunescape) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (cur != null) {
                    words.add(cur.toString());
                    cur = null;
                }
                continue;
            }
            if (cur == null) {
                cur = new StringBuilder();
            }
            if (c == '\\') {
                if (++i == s.length()) {
                    throw new AssertionError("trailing backslash in: " + s);
                }
                i = unescape(s, i, cur, cunescape);
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new AssertionError("unbalanced quote in: " + s);
        }
        if (cur != null) {
            words.add(cur.toString());
        }
        return words;
    }

    /** The escape starting at {@code s[i]} (after the backslash); returns the index of its last character. */
    private static int unescape(String s, int i, StringBuilder out, boolean cunescape) {
        char c = s.charAt(i);
        if (!cunescape) {
            out.append(c);
            return i;
        }
        switch (c) {
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case 's' -> out.append(' ');
            case '\\', '"', '\'' -> out.append(c);
            case 'x' -> {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                return i + 2;
            }
            case 'u' -> {
                out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 5), 16));
                return i + 4;
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    out.append((char) Integer.parseInt(s.substring(i, i + 3), 8));
                    return i + 2;
                }
                throw new AssertionError("systemd rejects the escape \\" + c + " in: " + s);
            }
        }
        return i;
    }
}
