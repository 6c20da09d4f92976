package dev.chatgeist.plugin.inventory;

import java.util.regex.Pattern;

/**
 * Checks, by kind, the inventory values that end up in rendered files (crontab lines, systemd units, plists, the
 * compose file) or in remote commands: any text, paths, user names and host addresses. What passes here can be
 * written into each of those formats by the render package's escapers; what cannot is refused here, at the line
 * and column of the value, with the fix.
 */
final class ValueRules {
    /** POSIX portable user names (letters, digits, '.', '_', '-' not first), as useradd accepts them. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]{0,31}");

    private static final String LABEL = "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?";
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)" + LABEL + "(\\." + LABEL + ")*\\.?");
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?]?");

    private ValueRules() {}

    /** Any value: one line of printable text. */
    static void text(HostVars vars, HostVar v, String s) throws InventoryException {
        String bad = TextCharacters.firstForbidden(s);
        if (bad != null) {
            throw vars.valueError(
                    v,
                    "contains the character " + bad,
                    "remove it: values are written into crontab lines, systemd units and plists, where a line "
                            + "break would start a new cron job or unit setting and control characters make the file "
                            + "invalid");
        }
    }

    /**
     * A resolved path (absolute, {@code ~} expanded). Spaces, {@code %}, quotes and Unicode are fine (the escapers
     * quote them); a trailing space or backslash is not, because systemd drops the one and reads the other as a
     * line continuation.
     *
     * @param v the variable that set it, or null when the path is a default (the error then points at the host)
     */
    static void path(HostVars vars, String key, HostVar v, String path) throws InventoryException {
        String bad = TextCharacters.firstForbidden(path);
        String fix = v == null ? "set " + key + " to an absolute path" : "use an absolute path or one starting with ~/";
        if (bad != null) {
            throw vars.error(v, key, "resolves to a path with the character " + bad, fix);
        }
        if (!path.startsWith("/")) {
            throw vars.error(v, key, "is not an absolute path: \"" + path + "\"", fix);
        }
        if (Character.isWhitespace(path.charAt(path.length() - 1)) || path.endsWith("\\")) {
            throw vars.error(
                    v,
                    key,
                    "ends with a space or a backslash: \"" + path + "\"",
                    "remove it (systemd drops trailing spaces and reads a trailing backslash as a line continuation)");
        }
    }

    /** An executable (chatgeist_java): a {@link #path} that systemd also accepts as ExecStart='s command. */
    static void executable(HostVars vars, String key, HostVar v, String path) throws InventoryException {
        path(vars, key, v, path);
        if (path.matches(".*[\\\\'\"$].*")) {
            throw vars.error(
                    v,
                    key,
                    "contains a quote, a backslash or $: \"" + path + "\"",
                    "use a path without them (systemd refuses quotes and backslashes in the program it runs and "
                            + "would expand $), e.g. a symlink to java");
        }
    }

    /** A user name as POSIX allows it, and not all digits (systemd and sudo would read that as a user id). */
    static void userName(HostVars vars, String key, HostVar v, String name) throws InventoryException {
        if (!USER.matcher(name).matches()
                || name.chars().allMatch(Character::isDigit)
                || name.equals(".")
                || name.equals("..")) {
            throw vars.error(
                    v,
                    key,
                    "is not a valid user name: \"" + TextCharacters.visible(name) + "\"",
                    (v == null ? "set " + key + " to a user name; " : "")
                            + "use letters, digits, '.', '_' and '-' (not first), at most 32 characters, "
                            + "not only digits");
        }
    }

    /** {@code ansible_host}: a DNS name, an IPv4 address or an IPv6 address (optionally in brackets). */
    static void address(HostVars vars, HostVar v, String address) throws InventoryException {
        if (!DNS_NAME.matcher(address).matches() && !IPV6.matcher(address).matches()) {
            throw vars.valueError(
                    v,
                    "is not a host name or IP address: \"" + TextCharacters.visible(address) + "\"",
                    "write a DNS name such as bot.example.org or an address such as 192.0.2.10 or 2001:db8::10");
        }
    }
}
