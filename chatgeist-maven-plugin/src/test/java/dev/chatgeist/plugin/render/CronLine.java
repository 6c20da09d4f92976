package dev.chatgeist.plugin.render;

/**
 * How Debian's cron daemon reads one line of a user crontab before it runs it, for tests that then run the command
 * with the real /bin/sh (waiting for the real daemon would take a minute per test and run every user's crontab):
 * crontab(5) — five time fields separated by blanks, the rest of the line is the command; "Percent-signs (%) in the
 * command, unless escaped with backslash (\), will be changed into newline characters, and all data after the first
 * % will be sent to the command as standard input." As in cron's do_command.c, a backslash escapes only the one
 * character after it: {@code \%} becomes {@code %}, any other {@code \x} is kept as it is.
 *
 * @param command what cron passes to {@code sh -c}
 * @param stdin   what cron would feed the command (empty when the line has no unescaped %)
 */
record CronLine(String command, String stdin) {
    static CronLine parse(String line) {
        String rest = line.stripLeading();
        for (int field = 0; field < 5; field++) {
            int blank = rest.indexOf(' ');
            rest = rest.substring(blank).stripLeading();
        }
        StringBuilder cmd = new StringBuilder();
        boolean escaped = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (escaped) {
                if (c == '%') {
                    cmd.setCharAt(cmd.length() - 1, '%');
                } else {
                    cmd.append(c);
                }
                escaped = false;
                continue;
            }
            if (c == '%') {
                return new CronLine(cmd.toString(), rest.substring(i + 1).replace('%', '\n'));
            }
            escaped = c == '\\';
            cmd.append(c);
        }
        return new CronLine(cmd.toString(), "");
    }
}
