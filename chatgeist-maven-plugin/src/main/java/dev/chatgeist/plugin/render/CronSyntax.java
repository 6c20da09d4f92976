package dev.chatgeist.plugin.render;

import dev.chatgeist.plugin.inventory.TextCharacters;
import dev.chatgeist.plugin.task.Shell;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Words for the command part of a crontab line (crontab(5)): cron hands the command to {@code sh -c}, and before
 * that turns every {@code %} into a newline unless it is escaped as {@code \%}. A line break can never be in a
 * crontab line.
 */
final class CronSyntax {
    private CronSyntax() {}

    /**
     * One sh word that means exactly {@code s} after cron and sh read it. Each {@code %} is written as {@code \%}
     * outside the sh quotes, so that it never follows a backslash of the value (cron would read {@code \\%} as a
     * kept backslash and a line break).
     *
     * @throws IllegalArgumentException for a line break or another control character, which no crontab line can hold
     */
    static String shellWord(String s) {
        TextCharacters.requireNone(s, "a crontab line");
        if (s.isEmpty()) {
            return "''";
        }
        StringBuilder out = new StringBuilder();
        String[] parts = s.split("%", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append("\\%");
            }
            if (!parts[i].isEmpty()) {
                out.append(Shell.quote(parts[i]));
            }
        }
        return out.toString();
    }

    /** A whole command line, each argument a {@link #shellWord}. */
    static String command(List<String> args) {
        return args.stream().map(CronSyntax::shellWord).collect(Collectors.joining(" "));
    }
}
