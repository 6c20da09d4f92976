package dev.chatgeist.plugin.transport;

import java.util.regex.Pattern;

/**
 * The command lines the SSH transports send: POSIX shell quoting, {@code /bin/sh -c} and {@code sudo -n} wrapping,
 * and the atomic-write script. Kept apart from the SSH libraries so both send byte-identical commands.
 */
final class RemoteCommands {
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3,4}");

    /** Exit codes of the write script, so that a failed upload says which step failed. */
    static final int WRITE_SHORT = 74;

    private RemoteCommands() {}

    /** Single-quotes {@code text} for a POSIX shell. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The line sent over SSH: the login shell starts {@code /bin/sh -c command}, optionally under {@code sudo -n}. */
    static String commandLine(String command, boolean asRoot) {
        String sh = "/bin/sh -c " + quote(command);
        return asRoot ? "sudo -n -- " + sh : sh;
    }

    /** Rejects anything but an octal mode, so a mode can never inject shell text. */
    static String checkMode(String mode) {
        if (mode == null || !MODE.matcher(mode).matches()) {
            throw new IllegalArgumentException("file mode must be octal like 0644 or 0600, not '" + mode + "'");
        }
        return mode;
    }

    /**
     * A script that reads stdin into a hidden temporary file next to {@code path} (created 0600 by umask, so
     * secrets are never readable by others), checks that exactly {@code size} bytes arrived, sets {@code mode},
     * flushes it to disk and renames it over {@code path}. SSH's message authentication already guarantees that
     * what arrives is what was sent; the one way to get a wrong file is a short one (a connection that dies
     * mid-transfer, a library that drops a tail), which the size check refuses, deleting the temporary file. The
     * old file is never touched until the rename. Only path, mode and size appear on the command line.
     */
    static String atomicWrite(String path, String mode, long size) {
        return "t=" + quote(path) + "; n=" + size + "\n"
                + "d=$(dirname -- \"$t\") && b=$(basename -- \"$t\") || exit 70\n"
                // leftovers of an earlier upload whose shell was killed along with its connection
                + "rm -f -- \"$d/.$b\".chatgeist-tmp.* 2>/dev/null\n"
                + "tmp=\"$d/.$b.chatgeist-tmp.$$\"\n"
                + "trap 'rm -f -- \"$tmp\"' EXIT\n"
                + "trap 'exit 129' HUP; trap 'exit 141' PIPE; trap 'exit 143' TERM\n"
                + "umask 077\n"
                + "cat > \"$tmp\" || exit 73\n"
                + "s=$(wc -c < \"$tmp\")\n"
                + "[ \"$s\" -eq \"$n\" ] || { echo \"received $s of $n bytes for $t; the existing file is unchanged\" >&2;"
                + " exit " + WRITE_SHORT + "; }\n"
                + "chmod " + checkMode(mode) + " \"$tmp\" || exit 76\n"
                + "sync -- \"$tmp\" 2>/dev/null\n"
                + "mv -f -- \"$tmp\" \"$t\" || exit 77\n";
    }

    /** True when stderr shows that sudo itself refused (not the command it ran). */
    static boolean sudoRefused(int exitCode, String stderr) {
        if (exitCode == 0) {
            return false;
        }
        for (String line : stderr.split("\n")) {
            if (line.startsWith("sudo: ")
                    && (line.contains("a password is required")
                            || line.contains("a terminal is required")
                            || line.contains("not in the sudoers file")
                            || line.contains("is not allowed to execute")
                            || line.contains("may not run sudo"))) {
                return true;
            }
        }
        return exitCode == 127 && stderr.contains("sudo") && stderr.contains("not found");
    }

    static String sudoRefusedMessage(String where, String user, String stderr) {
        String reason = stderr.lines()
                .filter(l -> l.startsWith("sudo: ") || l.contains("sudo"))
                .filter(l -> !l.contains("unable to resolve host"))
                .findFirst()
                .orElse(stderr.strip());
        return "cannot become root on " + where + ": sudo refused (" + reason + "). chatgeist runs sudo -n, which"
                + " never prompts for a password. Allow passwordless sudo for " + user + " on the server, e.g.: echo '"
                + user + " ALL=(ALL) NOPASSWD:ALL' | sudo tee /etc/sudoers.d/chatgeist && sudo chmod 0440"
                + " /etc/sudoers.d/chatgeist";
    }
}
