package dev.chatgeist.plugin.task;

import java.util.ArrayList;
import java.util.List;

/**
 * The managed block of a crontab, between {@code # BEGIN <marker>} and {@code # END <marker>}. Works on the
 * crontab as ISO-8859-1 text, so every byte of every other line survives exactly, whatever its encoding.
 */
public final class CrontabBlock {
    private final String begin;
    private final String end;

    public CrontabBlock(String marker) {
        this.begin = "# BEGIN " + marker;
        this.end = "# END " + marker;
    }

    /** The block's lines (markers included, each ending in a newline) for the given inner text. */
    public String wrap(String inner) {
        StringBuilder sb = new StringBuilder(begin).append('\n');
        sb.append(inner);
        if (!inner.isEmpty() && !inner.endsWith("\n")) {
            sb.append('\n');
        }
        return sb.append(end).append('\n').toString();
    }

    /**
     * The crontab with the block replaced by {@code block} (a result of {@link #wrap}), or removed when
     * {@code block} is null. A crontab without a block gets it appended (after a newline if its last line has none,
     * as cron needs). Lines outside the block are never changed.
     *
     * @throws IllegalArgumentException when the markers are unbalanced or repeated: a human edited them
     */
    public String apply(String crontab, String block) {
        List<String> lines = splitKeepingEnds(crontab);
        int b = -1;
        int e = -1;
        for (int i = 0; i < lines.size(); i++) {
            String l = stripEnd(lines.get(i));
            if (l.equals(begin)) {
                if (b >= 0) {
                    throw new IllegalArgumentException("the crontab has '" + begin + "' twice (lines " + (b + 1)
                            + " and " + (i + 1) + "); remove one block with `crontab -e`");
                }
                b = i;
            } else if (l.equals(end)) {
                if (b < 0 || e >= 0) {
                    throw new IllegalArgumentException("the crontab has '" + end + "' at line " + (i + 1)
                            + " without a matching '" + begin + "'; fix it with `crontab -e`");
                }
                e = i;
            }
        }
        if (b >= 0 && e < 0) {
            throw new IllegalArgumentException("the crontab has '" + begin + "' at line " + (b + 1) + " but no '" + end
                    + "'; fix it with `crontab -e`");
        }
        StringBuilder out = new StringBuilder();
        if (b < 0) {
            out.append(crontab);
            if (block != null) {
                if (!crontab.isEmpty() && !crontab.endsWith("\n")) {
                    out.append('\n');
                }
                out.append(block);
            }
            return out.toString();
        }
        for (int i = 0; i < b; i++) {
            out.append(lines.get(i));
        }
        if (block != null) {
            out.append(block);
        }
        for (int i = e + 1; i < lines.size(); i++) {
            out.append(lines.get(i));
        }
        return out.toString();
    }

    /** The block currently in the crontab (markers included), or null. */
    public String find(String crontab) {
        int b = crontab.indexOf(begin + "\n");
        if (b < 0 || (b > 0 && crontab.charAt(b - 1) != '\n')) {
            return null;
        }
        int e = crontab.indexOf(end + "\n", b);
        if (e < 0) {
            return null;
        }
        return crontab.substring(b, e + end.length() + 1);
    }

    private static String stripEnd(String line) {
        return line.replaceAll("[\\r\\n]+$", "").stripTrailing();
    }

    private static List<String> splitKeepingEnds(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                out.add(s.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < s.length()) {
            out.add(s.substring(start));
        }
        return out;
    }
}
