package dev.chatgeist.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tokenizer-level view of one SQL text: where its statements end and which keyword each starts with. It knows
 * SQLite's quoting (strings, "identifiers", [identifiers], `identifiers`) and comments, so a ';' or a word inside a
 * string literal is never mistaken for syntax. It decides nothing about words inside a statement: this is not a
 * keyword blacklist.
 */
final class SqlText {
    private SqlText() {
    }

    /** The statements of {@code sql}, each without its terminating ';'; empty ones (only blanks/comments) dropped. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c);
            } else if (c == '[') {
                int end = sql.indexOf(']', i + 1);
                i = end < 0 ? n : end + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == ';') {
                addIfNotEmpty(out, sql.substring(start, i));
                i++;
                start = i;
            } else {
                i++;
            }
        }
        addIfNotEmpty(out, sql.substring(start));
        return out;
    }

    private static int skipQuoted(String sql, int i, char q) {
        int j = i + 1;
        while (j < sql.length()) {
            if (sql.charAt(j) == q) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == q) {
                    j += 2; // doubled quote is an escaped quote
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return sql.length();
    }

    private static void addIfNotEmpty(List<String> out, String statement) {
        if (!firstWord(statement).isEmpty()) {
            out.add(statement.strip());
        }
    }

    /** The first keyword of a statement, upper case, after blanks and comments; "" when there is none. */
    static String firstWord(String statement) {
        int i = 0;
        int n = statement.length();
        while (i < n) {
            char c = statement.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && statement.charAt(i + 1) == '-') {
                int end = statement.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && statement.charAt(i + 1) == '*') {
                int end = statement.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int s = i;
        while (i < n && (Character.isLetter(statement.charAt(i)) || statement.charAt(i) == '_')) {
            i++;
        }
        if (i == s && s < n) {
            return statement.substring(s, s + 1); // a symbol such as '(' — reported as is
        }
        return statement.substring(s, i).toUpperCase(Locale.ROOT);
    }
}
