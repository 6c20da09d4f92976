package dev.chatgeist.plugin.task;

import dev.chatgeist.plugin.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The managed {@code # BEGIN chatgeist} / {@code # END chatgeist} block of a user's crontab: installed, replaced
 * or removed; every other line kept byte for byte. Reads with {@code crontab -l}, writes with {@code crontab -}
 * ({@code -u USER} when managing another user's crontab as root). A crontab that held only our block is removed
 * with {@code crontab -r} when the block goes.
 */
public final class CrontabTask implements Task {
    public static final String MARKER = "chatgeist";
    private final String user;
    private final String inner;
    private final boolean sudo;
    /** A probe listing the paused jobs (one name a line) whose lines stay commented out; null: none kept. */
    private final String pausedProbe;

    private final CrontabBlock block = new CrontabBlock(MARKER);

    /**
     * @param user  whose crontab; null for the user the transport runs as
     * @param inner the block's lines without markers, or null to remove the block
     */
    public CrontabTask(String user, String inner) {
        this(user, inner, false, null);
    }

    private CrontabTask(String user, String inner, boolean sudo, String pausedProbe) {
        this.user = user;
        this.inner = inner;
        this.sudo = sudo;
        this.pausedProbe = pausedProbe;
    }

    /**
     * The same task keeping the jobs that {@code pausedProbe} lists (chatgeist:stop) commented out in the new
     * block, so that a deploy does not resume what someone paused.
     */
    public CrontabTask keepingPaused(String pausedProbe) {
        return new CrontabTask(user, inner, sudo, pausedProbe);
    }

    /**
     * The same task reading and writing {@code user}'s crontab through {@code sudo -n} (an SSH login user managing
     * the app user's crontab: {@code crontab -u} needs root, for the read in the state batch too).
     */
    public CrontabTask throughSudo() {
        if (user == null) {
            throw new IllegalStateException("sudo is only needed for another user's crontab");
        }
        return new CrontabTask(user, inner, true, pausedProbe);
    }

    private String crontab() {
        return user == null ? "crontab" : (sudo ? "sudo -n crontab -u " : "crontab -u ") + Shell.quote(user);
    }

    @Override
    public String name() {
        return "crontab block '" + MARKER + "'" + (user == null ? "" : " of " + user);
    }

    private String probe() {
        return "command -v crontab >/dev/null 2>&1 || exit 127; " + crontab() + " -l";
    }

    @Override
    public List<String> probes() {
        return pausedProbe == null ? List.of(probe()) : List.of(probe(), pausedProbe);
    }

    @Override
    public Plan plan(State state) throws TaskException {
        ProbeResult r = state.probe(probe());
        String current;
        if (r.ok()) {
            current = new String(r.stdout(), StandardCharsets.ISO_8859_1);
        } else if (r.exitCode() == 127 && inner == null) {
            return Plan.ok("cron not installed, so no block");
        } else if (r.exitCode() == 127) {
            throw new TaskException(
                    "the crontab command is missing; install cron (Debian/Ubuntu: " + "sudo apt-get install cron)");
        } else if (r.stderr().contains("no crontab for")) {
            current = "";
        } else {
            throw new TaskException(crontab() + " -l failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        // the block is UTF-8 text; spliced into the byte-preserving ISO-8859-1 view of the crontab
        String lines = inner;
        if (lines != null && pausedProbe != null) {
            List<String> paused = state.probe(pausedProbe)
                    .text()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
            lines = CronPause.pause(lines, paused);
        }
        String wanted = lines == null
                ? null
                : block.wrap(new String(lines.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        String next;
        try {
            next = block.apply(current, wanted);
        } catch (IllegalArgumentException e) {
            throw new TaskException(e.getMessage());
        }
        if (next.equals(current)) {
            return Plan.ok(inner == null ? "no block" : "");
        }
        String diff = UnifiedDiff.of(current, next, "crontab (before)", "crontab (after)");
        String note = inner == null
                ? "block removed"
                : current.contains("# BEGIN " + MARKER) ? "block updated" : "block installed";
        boolean removeAll = next.isBlank() && inner == null;
        byte[] bytes = next.getBytes(StandardCharsets.ISO_8859_1);
        return Plan.change(note, diff, t -> install(t, bytes, removeAll));
    }

    private void install(Transport t, byte[] content, boolean removeAll) throws java.io.IOException, TaskException {
        Transport.ExecResult r = removeAll ? t.exec(crontab() + " -r") : t.exec(crontab() + " -", content);
        if (!r.ok()) {
            throw new TaskException("installing the crontab failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
    }
}
