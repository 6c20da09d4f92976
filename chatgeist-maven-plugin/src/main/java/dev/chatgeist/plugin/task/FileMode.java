package dev.chatgeist.plugin.task;

/** Reads the permission bits out of an {@code ls -ld} line (portable across GNU and BSD, unlike stat). */
final class FileMode {
    private FileMode() {}

    /** "-rw-r--r--  1 bob staff 12 ..." → "0644"; null when the line is not an ls line. */
    static String fromLs(String line) {
        if (line == null || line.length() < 10) {
            return null;
        }
        String p = line.substring(1, 10);
        int bits = 0;
        for (int i = 0; i < 9; i++) {
            char c = p.charAt(i);
            int bit = 1 << (8 - i);
            if (c == 'r' || c == 'w' || c == 'x' || c == 's' || c == 't') {
                bits |= bit;
            } else if (c != '-' && c != 'S' && c != 'T') {
                return null;
            }
        }
        return String.format("0%03o", bits);
    }

    /** The owner column of an ls -ld line. */
    static String ownerFromLs(String line) {
        String[] f = line.trim().split("\\s+");
        return f.length > 2 ? f[2] : null;
    }
}
