package dev.chatgeist.plugin.render;

import dev.chatgeist.plugin.task.Shell;
import java.util.List;
import java.util.stream.Collectors;

/** Quoting rules of the files we render: sh (crontab), systemd unit settings, cron's % sign. */
final class Quoting {
    private Quoting() {
    }

    /** A shell word for a crontab line: sh-quoted, and % escaped because cron turns % into newlines. */
    static String cronShell(String s) {
        return Shell.quote(s).replace("%", "\\%");
    }

    /** A systemd setting value (Environment=): double-quoted when needed, % specifiers escaped. */
    static String systemdValue(String s) {
        String v = s.replace("%", "%%");
        if (v.matches("[A-Za-z0-9_@+=:,./\\-]+")) {
            return v;
        }
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** ExecStart= arguments: each one quoted as systemd needs, $ doubled (no variable expansion). */
    static String systemdExec(List<String> args) {
        return args.stream().map(a -> systemdValue(a.replace("$", "$$"))).collect(Collectors.joining(" "));
    }

    static String cronCommand(List<String> args) {
        return args.stream().map(Quoting::cronShell).collect(Collectors.joining(" "));
    }
}
