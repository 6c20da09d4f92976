package dev.chatgeist.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

/**
 * Parses a message in Telegram's HTML parse mode the way the Bot API documents it (core.telegram.org/bots/api,
 * "HTML style"): only the supported tags, properly nested and closed; {@code &lt; &gt; &amp; &quot;} and numeric
 * entities. Returns the plain text Telegram would store, or throws with Telegram's error wording
 * ("can't parse entities: ...").
 */
final class TelegramHtmlCheck {
    static final Set<String> TAGS = Set.of(
            "b",
            "strong",
            "i",
            "em",
            "u",
            "ins",
            "s",
            "strike",
            "del",
            "span",
            "tg-spoiler",
            "a",
            "code",
            "pre",
            "blockquote",
            "tg-emoji");
    private static final Map<String, String> ENTITIES = Map.of("lt", "<", "gt", ">", "amp", "&", "quot", "\"");

    static final class Rejected extends Exception {
        Rejected(String detail) {
            super("Bad Request: can't parse entities: " + detail);
        }
    }

    private TelegramHtmlCheck() {}

    static String plainText(String html) throws Rejected {
        StringBuilder out = new StringBuilder();
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    throw new Rejected("Unclosed start tag at byte offset " + byteOffset(html, i));
                }
                String inside = html.substring(i + 1, end).strip();
                if (inside.startsWith("/")) {
                    String name = inside.substring(1).strip().toLowerCase();
                    if (open.isEmpty()) {
                        throw new Rejected("Unexpected end tag at byte offset " + byteOffset(html, i));
                    }
                    if (!open.peek().equals(name)) {
                        throw new Rejected("Unmatched end tag at byte offset " + byteOffset(html, i) + ", expected \"</"
                                + open.peek() + ">\", found \"</" + name + ">\"");
                    }
                    open.pop();
                } else {
                    String name = inside.split("[\\s=]", 2)[0].toLowerCase();
                    if (!TAGS.contains(name)) {
                        throw new Rejected(
                                "Unsupported start tag \"" + name + "\" at byte offset " + byteOffset(html, i));
                    }
                    if (name.equals("a") && !inside.matches("(?s)a\\s+href\\s*=\\s*\"[^\"]*\"\\s*")) {
                        throw new Rejected("Unsupported start tag \"a\" at byte offset " + byteOffset(html, i));
                    }
                    open.push(name);
                }
                i = end + 1;
            } else if (c == '&') {
                int semi = html.indexOf(';', i);
                String name = semi > i && semi - i <= 10 ? html.substring(i + 1, semi) : null;
                if (name != null && ENTITIES.containsKey(name)) {
                    out.append(ENTITIES.get(name));
                    i = semi + 1;
                } else if (name != null && name.matches("#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}")) {
                    out.appendCodePoint(
                            name.startsWith("#x")
                                    ? Integer.parseInt(name.substring(2), 16)
                                    : Integer.parseInt(name.substring(1)));
                    i = semi + 1;
                } else {
                    out.append('&');
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        if (!open.isEmpty()) {
            throw new Rejected("Can't find end tag corresponding to start tag \"" + open.peek() + "\"");
        }
        return out.toString();
    }

    private static int byteOffset(String s, int index) {
        return s.substring(0, index).getBytes(StandardCharsets.UTF_8).length;
    }
}
