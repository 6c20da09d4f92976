package dev.chatgeist.plugin.task;

/** Quoting for {@code /bin/sh}. */
public final class Shell {
    private Shell() {}

    /** Single-quotes a word unless it is made only of safe characters. */
    public static String quote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_@%+=:,./\\-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
