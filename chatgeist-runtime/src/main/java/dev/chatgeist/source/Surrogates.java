package dev.chatgeist.source;

/** Finds UTF-16 surrogates without their partner: JSON escapes can make them, UTF-8 cannot store them. */
final class Surrogates {
    private Surrogates() {
    }

    /** Index of the first lone surrogate in {@code s}, or -1 if every surrogate is half of a pair. */
    static int firstLone(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < Character.MIN_SURROGATE) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
