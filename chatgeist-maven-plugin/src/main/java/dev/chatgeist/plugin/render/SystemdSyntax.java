package dev.chatgeist.plugin.render;

import dev.chatgeist.plugin.inventory.TextCharacters;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Values for systemd unit settings. Every setting expands {@code %} specifiers (systemd.unit(5)), so {@code %} is
 * always written {@code %%}. Settings that take a list of words (Environment=, ReadWritePaths=, ExecStart=) split on
 * spaces and remove "..." quotes, inside which {@code \\} and {@code \"} stand for themselves (systemd.syntax(7));
 * single-path settings (WorkingDirectory=, StandardOutput=append:) take the rest of the line as it is. A line break
 * never fits; a line ending in a backslash continues on the next one; surrounding spaces are dropped.
 */
final class SystemdSyntax {
    private static final String PLAIN = "[A-Za-z0-9_@+=:,./\\-]+";

    private SystemdSyntax() {}

    /** One word of a list setting (Environment=, ReadWritePaths=): double-quoted when needed. */
    static String word(String s) {
        check(s);
        String v = s.replace("%", "%%");
        if (v.matches(PLAIN)) {
            return v;
        }
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * ExecStart=: the executable, then each argument a {@link #word} with {@code $} doubled so that systemd expands
     * no variable. systemd refuses an executable name with quotes, backslashes or control characters and does not
     * undo {@code $$} in it, so those cannot be written.
     */
    static String exec(List<String> args) {
        String executable = check(args.get(0));
        if (!executable.startsWith("/") || executable.matches(".*[\\\\'\"$].*")) {
            throw new IllegalArgumentException("systemd cannot run the executable \"" + executable + "\": it must be "
                    + "an absolute path without quotes, backslashes or $");
        }
        return word(executable)
                + args.stream()
                        .skip(1)
                        .map(a -> " " + word(check(a).replace("$", "$$")))
                        .collect(Collectors.joining());
    }

    /** The whole value of a single-path setting (WorkingDirectory=, StandardOutput=append:): not quoted. */
    static String path(String s) {
        check(s);
        if (!s.startsWith("/") || s.endsWith("\\") || Character.isWhitespace(s.charAt(s.length() - 1))) {
            throw new IllegalArgumentException("\"" + s + "\" is not a path systemd reads back unchanged: it must be "
                    + "absolute and not end with a space or a backslash");
        }
        return s.replace("%", "%%");
    }

    /** Free text (Description=): specifiers escaped; a trailing backslash gets a space so it continues no line. */
    static String text(String s) {
        check(s);
        String v = s.replace("%", "%%");
        return v.endsWith("\\") ? v + " " : v;
    }

    private static String check(String s) {
        return TextCharacters.requireNone(s, "a systemd unit setting");
    }
}
