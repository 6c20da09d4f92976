package dev.chatgeist.search;

import dev.chatgeist.core.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns what the user typed into an FTS5 MATCH expression over the {@code message} column. By default every word
 * is quoted (so punctuation and FTS5 operators in user input are plain text) and becomes a prefix query, with a
 * short inflection ending trimmed from longer Cyrillic words ({@code квартиру} → {@code квартир*}), which finds
 * the other case forms the way the bot's prompts ask the model to ({@code 'оренд*'}). Words "in quotes" are
 * phrases matched as written; a bare {@code OR} between words means either. {@code EXACT} matches whole words
 * only; {@code RAW} hands the text to FTS5 untouched.
 */
public final class FtsQuery {
    /** How the words are matched. */
    public enum Mode {
        PREFIX,
        EXACT,
        RAW
    }

    /** Two-letter case and plural endings of Ukrainian and Russian nouns and adjectives. */
    private static final List<String> ENDINGS_2 = List.of(
            "ам", "ям", "ах", "ях", "ом", "ем", "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее", "ую", "юю", "их", "ых",
            "ів", "ов", "ев", "ої", "ою", "ею", "ії", "ія");
    /** One-letter endings: vowels and the soft sign. */
    private static final String ENDINGS_1 = "аеёиоуыэюяіїєьй";
    /** The shortest stems kept (кава → кав, but дім stays дім): shorter words are used whole. */
    private static final int MIN_STEM_1 = 3;

    private static final int MIN_STEM_2 = 4;

    private FtsQuery() {}

    public static String build(String text, Mode mode) {
        if (text == null || text.isBlank()) {
            throw new UserException("the search query is empty; give one or more words, e.g. chatgeist search кава");
        }
        if (mode == Mode.RAW) {
            return text.strip();
        }
        List<String> parts = new ArrayList<>();
        boolean pendingOr = false;
        for (String[] term : terms(text)) {
            String word = term[0];
            boolean phrase = term[1] != null;
            if (!phrase && word.equals("OR")) {
                pendingOr = !parts.isEmpty();
                continue;
            }
            if (word.codePoints().noneMatch(Character::isLetterOrDigit)) {
                continue;
            }
            String quoted = '"' + (phrase || mode == Mode.EXACT ? word : stem(word)).replace("\"", "\"\"") + '"';
            String part = phrase || mode == Mode.EXACT ? quoted : quoted + "*";
            if (pendingOr) {
                parts.set(parts.size() - 1, parts.get(parts.size() - 1) + " OR " + part);
            } else {
                parts.add(part);
            }
            pendingOr = false;
        }
        if (parts.isEmpty()) {
            throw new UserException("the search query \"" + text.strip() + "\" has no words to search for; "
                    + "give letters or digits, or use --raw for FTS5 syntax");
        }
        List<String> grouped =
                parts.stream().map(p -> p.contains(" OR ") ? "(" + p + ")" : p).toList();
        return "message : (" + String.join(" ", grouped) + ")";
    }

    /** Words and "quoted phrases" ({@code [text, "phrase"]} for a phrase, {@code [text, null]} for a word). */
    private static List<String[]> terms(String text) {
        List<String[]> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = text.indexOf('"', i + 1);
                end = end < 0 ? n : end;
                String phrase = text.substring(i + 1, end).strip();
                if (!phrase.isEmpty()) {
                    out.add(new String[] {phrase, "phrase"});
                }
                i = end + 1;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '"') {
                    end++;
                }
                out.add(new String[] {text.substring(i, end), null});
                i = end;
            }
        }
        return out;
    }

    /** A Cyrillic word without its inflection ending, when enough of it remains; other words unchanged. */
    static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (!w.codePoints()
                .allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.CYRILLIC
                        || cp == '\''
                        || cp == '’'
                        || cp == '-')) {
            return word;
        }
        for (String ending : ENDINGS_2) {
            if (w.endsWith(ending) && w.length() - 2 >= MIN_STEM_2) {
                return w.substring(0, w.length() - 2);
            }
        }
        if (w.length() - 1 >= MIN_STEM_1 && ENDINGS_1.indexOf(w.charAt(w.length() - 1)) >= 0) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
