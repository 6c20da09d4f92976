package dev.chatgeist.source;

/** Finds UTF-16 surrogates without their partner: JSON escapes can make them, UTF-8 cannot store them. */
final class Surrogates {
    private Surrogates() {}

    /** Index of the first lone surrogate in {@code s}, or -1 if every surrogate is half of a pair. */
    static int firstLone(String s) {
        return firstLone(s.toCharArray(), 0, s.length());
    }

    /** The same over {@code chars[off, off + len)} (a parser's buffer: no String made); the index is from off. */
    static int firstLone(char[] chars, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = chars[i];
            if (c < Character.MIN_SURROGATE) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i - off;
            }
        }
        return -1;
    }
}
