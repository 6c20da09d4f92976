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
    private SqlText() {}

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
        int n = statement.length();
        int i = skipBlanks(statement, 0);
        int s = i;
        while (i < n && (Character.isLetter(statement.charAt(i)) || statement.charAt(i) == '_')) {
            i++;
        }
        if (i == s && s < n) {
            return statement.substring(s, s + 1); // a symbol such as '(' — reported as is
        }
        return statement.substring(s, i).toUpperCase(Locale.ROOT);
    }

    /** The text after the first keyword of a statement (and the blanks and comments before it). */
    static String afterFirstWord(String statement) {
        int i = skipBlanks(statement, 0);
        while (i < statement.length() && (Character.isLetter(statement.charAt(i)) || statement.charAt(i) == '_')) {
            i++;
        }
        return statement.substring(i);
    }

    /**
     * Every name a statement mentions, as SQLite would read it: bare identifiers, the insides of quoted identifiers
     * ("x", [x], `x`) and of string literals (SQLite accepts 'x' where a table name is expected). Comments are
     * skipped. Used to find the table-valued functions a statement calls, whatever the quoting.
     */
    static List<String> names(String sql) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = skipQuoted(sql, i, c);
                String q = String.valueOf(c);
                out.add(sql.substring(i + 1, Math.max(i + 1, end - 1)).replace(q + q, q));
                i = end;
            } else if (c == '[') {
                int end = sql.indexOf(']', i + 1);
                out.add(sql.substring(i + 1, end < 0 ? n : end));
                i = end < 0 ? n : end + 1;
            } else if (isNameChar(c)) {
                int s = i;
                while (i < n && isNameChar(sql.charAt(i))) {
                    i++;
                }
                out.add(sql.substring(s, i));
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-'
                    || c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlanks(sql, i);
            } else {
                i++;
            }
        }
        return out;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c == '$' || c >= 0x80 || Character.isLetterOrDigit(c);
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        return i;
    }
}
