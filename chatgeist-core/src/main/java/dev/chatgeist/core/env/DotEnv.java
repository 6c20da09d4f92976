package dev.chatgeist.core.env;

import dev.chatgeist.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code .env} file: {@code KEY=value} lines, comments and blank lines. Reading follows the common dotenv rules
 * ({@code export} prefix, single quotes literal, double quotes with escapes, inline {@code #} comments after
 * unquoted values, last definition wins). Changing a key rewrites only the lines that define it, so every other
 * line, comment, order and line ending stays byte for byte as it was.
 */
public final class DotEnv {
    private static final Pattern ASSIGNMENT =
            Pattern.compile("^(\\s*(?:export\\s+)?)([A-Za-z_][A-Za-z0-9_.]*)(\\s*=\\s*)(.*)$");
    private static final Pattern SAFE_UNQUOTED = Pattern.compile("[A-Za-z0-9_./:+=@,~%^-]*");

    /** One physical line; {@code key} is null for comments, blank and unparsable lines. */
    private record Line(String text, String ending, String key, String value) {}

    private final List<Line> lines;

    private DotEnv(List<Line> lines) {
        this.lines = lines;
    }

    public static DotEnv empty() {
        return new DotEnv(List.of());
    }

    /** Reads the file; a missing file is an empty {@code .env}. */
    public static DotEnv read(Path file) throws IOException {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return empty();
        }
    }

    public static DotEnv parse(String text) {
        List<Line> out = new ArrayList<>();
        int pos = 0;
        if (text.startsWith("\uFEFF")) {
            pos = 1; // a BOM written by some editors is not part of the first key
        }
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            String body;
            String ending;
            if (nl < 0) {
                body = text.substring(pos);
                ending = "";
                pos = text.length();
            } else {
                boolean crlf = nl > pos && text.charAt(nl - 1) == '\r';
                body = text.substring(pos, crlf ? nl - 1 : nl);
                ending = crlf ? "\r\n" : "\n";
                pos = nl + 1;
            }
            out.add(parseLine(body, ending));
        }
        return new DotEnv(out);
    }

    private static Line parseLine(String body, String ending) {
        Matcher m = ASSIGNMENT.matcher(body);
        if (!m.matches() || body.stripLeading().startsWith("#")) {
            return new Line(body, ending, null, null);
        }
        return new Line(body, ending, m.group(2), unquote(m.group(4)));
    }

    private static String unquote(String raw) {
        String v = raw.strip();
        if (v.isEmpty()) {
            return "";
        }
        char q = v.charAt(0);
        if (q == '\'' || q == '"') {
            int end = findClosingQuote(v, q);
            if (end > 0) {
                String inner = v.substring(1, end);
                return q == '\'' ? inner : unescapeDouble(inner);
            }
            return v; // unbalanced quote: keep literally rather than guess
        }
        int hash = indexOfInlineComment(v);
        return (hash >= 0 ? v.substring(0, hash) : v).strip();
    }

    private static int findClosingQuote(String v, char q) {
        for (int i = 1; i < v.length(); i++) {
            char c = v.charAt(i);
            if (q == '"' && c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfInlineComment(String v) {
        for (int i = 1; i < v.length(); i++) {
            if (v.charAt(i) == '#' && Character.isWhitespace(v.charAt(i - 1))) {
                return i;
            }
        }
        return -1;
    }

    private static String unescapeDouble(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    default -> sb.append(n);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Every key with its effective (last) value, in order of first appearance. */
    public Map<String, String> values() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Line l : lines) {
            if (l.key() != null) {
                map.put(l.key(), l.value());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values().get(key));
    }

    /**
     * Returns a copy with {@code key} set to {@code value}: every line that defines the key is rewritten in place
     * (keeping its {@code export} prefix, spacing around '=', quote style and a trailing {@code # comment}), or one
     * line is appended.
     */
    public DotEnv with(String key, String value) {
        if (!key.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("not a valid .env key: " + key);
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a .env value cannot span lines (key " + key + ")");
        }
        List<Line> out = new ArrayList<>(lines.size() + 1);
        boolean found = false;
        for (Line l : lines) {
            if (key.equals(l.key())) {
                Matcher m = ASSIGNMENT.matcher(l.text());
                if (!m.matches()) {
                    throw new IllegalStateException("line no longer parses: " + key);
                }
                String oldRaw = m.group(4).strip();
                char style = oldRaw.isEmpty() ? 0 : oldRaw.charAt(0);
                String text = m.group(1) + key + m.group(3) + quote(value, style) + trailingComment(m.group(4));
                out.add(new Line(text, l.ending(), key, value));
                found = true;
            } else {
                out.add(l);
            }
        }
        if (!found) {
            String ending = dominantEnding();
            if (!out.isEmpty() && out.get(out.size() - 1).ending().isEmpty()) {
                Line last = out.remove(out.size() - 1);
                out.add(new Line(last.text(), ending, last.key(), last.value()));
            }
            out.add(new Line(key + "=" + quote(value, (char) 0), ending, key, value));
        }
        return new DotEnv(out);
    }

    /** The {@code  # comment} after a value (with the spaces before it), kept when the value is rewritten. */
    private static String trailingComment(String raw) {
        String v = raw.stripTrailing();
        if (v.isEmpty()) {
            return "";
        }
        char q = v.charAt(0);
        if (q == '\'' || q == '"') {
            int end = findClosingQuote(v, q);
            String rest = end > 0 ? v.substring(end + 1) : "";
            return rest.strip().startsWith("#") ? rest : "";
        }
        int hash = indexOfInlineComment(v);
        if (hash < 0) {
            return "";
        }
        int start = hash;
        while (start > 0 && Character.isWhitespace(v.charAt(start - 1))) {
            start--;
        }
        return v.substring(start);
    }

    private String dominantEnding() {
        long crlf = lines.stream().filter(l -> l.ending().equals("\r\n")).count();
        long lf = lines.stream().filter(l -> l.ending().equals("\n")).count();
        return crlf > lf ? "\r\n" : "\n";
    }

    private static String quote(String value, char preferred) {
        if (preferred == '\'' && value.indexOf('\'') < 0) {
            return "'" + value + "'";
        }
        if (preferred != '"' && SAFE_UNQUOTED.matcher(value).matches()) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) {
            sb.append(l.text()).append(l.ending());
        }
        return sb.toString();
    }

    /** Writes through a temporary file and a rename, mode 0600: a crash never leaves a truncated {@code .env}. */
    public void writeAtomically(Path file) throws IOException {
        AtomicFiles.writeString(file, render(), AtomicFiles.OWNER_ONLY);
    }

    /** As {@link #writeAtomically(Path)}, running {@code beforeRename} between the write and the rename. */
    public void writeAtomically(Path file, AtomicFiles.BeforeRename beforeRename) throws IOException {
        AtomicFiles.write(file, render().getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY, beforeRename);
    }
}
