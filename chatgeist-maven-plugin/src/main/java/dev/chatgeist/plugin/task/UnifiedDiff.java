package dev.chatgeist.plugin.task;

import java.util.ArrayList;
import java.util.List;

/** A unified diff (as {@code diff -u} prints it) of two texts, for diff mode. */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;
    /** Past this many lines per side the LCS table gets big; we say "differs" instead. */
    private static final int MAX_LINES = 4000;

    private UnifiedDiff() {}

    public static String of(String before, String after, String beforeLabel, String afterLabel) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(beforeLabel).append('\n');
        out.append("+++ ").append(afterLabel).append('\n');
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            out.append("@@ files differ (")
                    .append(a.size())
                    .append(" -> ")
                    .append(b.size())
                    .append(" lines; too long to diff) @@\n");
            return out.toString();
        }
        List<int[]> ops = script(a, b); // {type, aIndex, bIndex}: 0 same, -1 delete, +1 insert
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i)[0] == 0) {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int lastChange = i;
            while (end < ops.size()) {
                if (ops.get(end)[0] != 0) {
                    lastChange = end;
                } else if (end - lastChange > 2 * CONTEXT) {
                    break;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            int aStart = -1;
            int bStart = -1;
            int aCount = 0;
            int bCount = 0;
            StringBuilder hunk = new StringBuilder();
            for (int k = start; k < end; k++) {
                int[] op = ops.get(k);
                if (aStart < 0) {
                    aStart = op[1];
                    bStart = op[2];
                }
                switch (op[0]) {
                    case 0 -> {
                        hunk.append(' ').append(a.get(op[1])).append('\n');
                        aCount++;
                        bCount++;
                    }
                    case -1 -> {
                        hunk.append('-').append(a.get(op[1])).append('\n');
                        aCount++;
                    }
                    default -> {
                        hunk.append('+').append(b.get(op[2])).append('\n');
                        bCount++;
                    }
                }
            }
            out.append("@@ -")
                    .append(range(aStart, aCount))
                    .append(" +")
                    .append(range(bStart, bCount))
                    .append(" @@\n")
                    .append(hunk);
            i = end;
        }
        return out.toString();
    }

    private static String range(int start, int count) {
        int first = count == 0 ? start : start + 1;
        return count == 1 ? Integer.toString(first) : first + "," + count;
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String[] parts = text.split("\n", -1);
        int n = text.endsWith("\n") ? parts.length - 1 : parts.length;
        for (int i = 0; i < n; i++) {
            out.add(parts[i]);
        }
        return out;
    }

    private static List<int[]> script(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<int[]> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new int[] {0, i++, j++});
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new int[] {-1, i++, j});
            } else {
                ops.add(new int[] {1, i, j++});
            }
        }
        return ops;
    }
}
