package dev.chatgeist.plugin.inventory;

/**
 * The characters no rendered file can carry in a value: control characters (a line break starts a new crontab line
 * or unit setting; XML 1.0 cannot hold most of them; a NUL ends a C string), the Unicode line and paragraph
 * separators, lone surrogates and U+FFFE/U+FFFF. Shared by the inventory checks and the render escapers.
 */
public final class TextCharacters {
    private TextCharacters() {}

    /**
     * The first forbidden character described ("U+000A (line feed) at position 5", positions counted in code
     * points from 1), or null when there is none.
     *
     * @param allowed characters to let through although they are controls (e.g. tab and newline in a whole file)
     */
    public static String firstForbidden(String s, String allowed) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int type = Character.getType(cp);
            boolean bad = type == Character.CONTROL
                    || type == Character.SURROGATE
                    || cp == 0x2028
                    || cp == 0x2029
                    || cp == 0xFFFE
                    || cp == 0xFFFF;
            if (bad && allowed.indexOf(cp) < 0) {
                return String.format("U+%04X%s at position %d", cp, name(cp), s.codePointCount(0, i) + 1);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    public static String firstForbidden(String s) {
        return firstForbidden(s, "");
    }

    /**
     * @param where what cannot hold it, e.g. "a crontab line"
     * @return s
     * @throws IllegalArgumentException naming the character and showing the value on one line
     */
    public static String requireNone(String s, String where) {
        String bad = firstForbidden(s);
        if (bad != null) {
            throw new IllegalArgumentException(
                    where + " cannot hold the character " + bad + " of \"" + visible(s) + "\"");
        }
        return s;
    }

    private static String name(int cp) {
        return switch (cp) {
            case 0 -> " (NUL)";
            case '\t' -> " (tab)";
            case '\n' -> " (line feed)";
            case '\r' -> " (carriage return)";
            case 0x2028 -> " (line separator)";
            case 0x2029 -> " (paragraph separator)";
            default -> "";
        };
    }

    /** The text with control characters written as \n, \t, \\u0000: safe to show in one line of a message. */
    public static String visible(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }
}
