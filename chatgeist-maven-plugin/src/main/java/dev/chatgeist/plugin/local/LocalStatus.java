package dev.chatgeist.plugin.local;

import dev.chatgeist.core.credentials.CredentialsSource;
import dev.chatgeist.core.credentials.FileCredentials;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.inventory.Schedule;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.task.CrontabBlock;
import dev.chatgeist.plugin.task.CrontabTask;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.StateReader;
import dev.chatgeist.plugin.task.SystemctlShow;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state of the local host in one batch of probes: each agent or job (loaded?, last exit status, next run),
 * the tail of the runtime's logs, and the Claude token's expiry (read with the runtime's credentials reader: the
 * Keychain on macOS or the CLI's credentials file on Linux; the token itself is never shown).
 */
public final class LocalStatus {
    private static final Pattern LAST_EXIT = Pattern.compile("\"LastExitStatus\"\\s*=\\s*(-?\\d+);");
    private static final Pattern PID = Pattern.compile("\"PID\"\\s*=\\s*(\\d+);");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;
    private final Instant now;
    private final int tailLines;
    private final CredentialsSource credentials;

    /**
     * @param credentials where the Claude CLI keeps its login on this machine (KeychainCredentials on macOS,
     *                    FileCredentials elsewhere)
     */
    public LocalStatus(ZoneId zone, Instant now, int tailLines, CredentialsSource credentials) {
        this.zone = zone;
        this.now = now;
        this.tailLines = tailLines;
        this.credentials = credentials;
    }

    public List<String> report(Host host, Transport transport) throws IOException {
        String app = host.appDir();
        List<String> probes = new ArrayList<>();
        String updateLog = app + "/logs/update.log";
        String syncLog = app + "/logs/sync_token.log";
        String tailUpdate = "tail -n " + tailLines + " " + Shell.quote(updateLog);
        String tailSync = "tail -n " + tailLines + " " + Shell.quote(syncLog);
        probes.add(tailUpdate);
        probes.add(tailSync);
        for (String job : List.of(HostRenderer.UPDATE, HostRenderer.SYNC_TOKEN)) {
            probes.add(mtimeProbe(app + "/logs/" + job + ".out.log"));
        }
        String crontab = host.user().equals(System.getProperty("user.name")) ? "crontab -l"
                : "crontab -u " + Shell.quote(host.user()) + " -l";
        if (host.platform() == Platform.MACOS) {
            for (String job : List.of(HostRenderer.UPDATE, HostRenderer.SYNC_TOKEN, HostRenderer.BOT)) {
                probes.add(LaunchAgentTask.listProbe(HostRenderer.label(job)));
            }
        } else {
            probes.add(crontab);
            probes.add(unitProbe(HostRenderer.unit(HostRenderer.BOT) + ".service"));
            for (String job : List.of(HostRenderer.UPDATE, HostRenderer.SYNC_TOKEN)) {
                probes.add(unitProbe(HostRenderer.unit(job) + ".timer"));
            }
        }
        Map<String, ProbeResult> r = new StateReader().read(transport, probes);

        List<String> out = new ArrayList<>();
        out.add("host " + host.name() + " (" + host.platform().id() + ", app dir " + app + ")");
        if (host.platform() == Platform.MACOS) {
            job(out, host, r, HostRenderer.UPDATE, host.jobs().update());
            job(out, host, r, HostRenderer.SYNC_TOKEN, host.jobs().syncToken());
            ProbeResult bot = r.get(LaunchAgentTask.listProbe(HostRenderer.label(HostRenderer.BOT)));
            out.add("  " + HostRenderer.label(HostRenderer.BOT) + ": " + (host.jobs().botService() ? "wanted, " : "")
                    + launchd(bot));
        } else {
            ProbeResult cron = r.get(crontab);
            String block = cron.ok() ? new CrontabBlock(CrontabTask.MARKER).find(
                    new String(cron.stdout(), StandardCharsets.ISO_8859_1)) : null;
            out.add("  crontab block: " + (block == null ? "not installed" : "installed"));
            if (block != null) {
                block.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> out.add("    " + l));
            }
            for (String job : List.of(HostRenderer.UPDATE, HostRenderer.SYNC_TOKEN)) {
                Optional<Schedule> s = job.equals(HostRenderer.UPDATE) ? host.jobs().update()
                        : host.jobs().syncToken();
                String timer = systemd(r.get(unitProbe(HostRenderer.unit(job) + ".timer")));
                out.add("  " + job + ": " + s.map(Schedule::describe).orElse("off") + "; " + lastAndNext(r, host, job, s)
                        + (timer.startsWith("not") ? "" : "; timer " + timer));
            }
            out.add("  " + HostRenderer.unit(HostRenderer.BOT) + ".service: "
                    + systemd(r.get(unitProbe(HostRenderer.unit(HostRenderer.BOT) + ".service"))));
        }
        out.add("  logs/update.log:" + tail(r.get(tailUpdate)));
        out.add("  logs/sync_token.log:" + tail(r.get(tailSync)));
        TokenExpiry expiry = new TokenExpiry(zone, now);
        out.add("  token: " + expiry.of(credentials));
        java.nio.file.Path sandbox = java.nio.file.Path.of(app, ".claude-docker", "credentials.json");
        if (java.nio.file.Files.isRegularFile(sandbox)) {
            out.add("  sandbox token: " + expiry.of(new FileCredentials(sandbox)));
        }
        return out;
    }

    private static String mtimeProbe(String file) {
        String q = Shell.quote(file);
        return "[ -f " + q + " ] && { date -r " + q + " +%s 2>/dev/null || stat -f %m " + q + "; }";
    }

    private static String unitProbe(String unit) {
        return "systemctl --user show " + Shell.quote(unit)
                + " -p LoadState -p ActiveState -p SubState -p ExecMainStatus -p NRestarts -p NextElapseUSecRealtime";
    }

    private void job(List<String> out, Host host, Map<String, ProbeResult> r, String job, Optional<Schedule> s) {
        ProbeResult list = r.get(LaunchAgentTask.listProbe(HostRenderer.label(job)));
        out.add("  " + HostRenderer.label(job) + ": " + launchd(list) + "; "
                + s.map(Schedule::describe).orElse("off in inventory") + "; " + lastAndNext(r, host, job, s));
    }

    private static String launchd(ProbeResult list) {
        if (list.exitCode() == 127) {
            return "launchctl not available";
        }
        if (!list.ok()) {
            return "not loaded";
        }
        String text = list.text();
        StringBuilder sb = new StringBuilder("loaded");
        Matcher pid = PID.matcher(text);
        sb.append(pid.find() ? ", running (pid " + pid.group(1) + ")" : ", not running");
        Matcher exit = LAST_EXIT.matcher(text);
        if (exit.find()) {
            sb.append(", last exit status ").append(exit.group(1));
        }
        return sb.toString();
    }

    private String lastAndNext(Map<String, ProbeResult> r, Host host, String job, Optional<Schedule> s) {
        ProbeResult mtime = r.get(mtimeProbe(host.appDir() + "/logs/" + job + ".out.log"));
        Optional<ZonedDateTime> last = Optional.empty();
        if (mtime.ok()) {
            try {
                last = Optional.of(Instant.ofEpochSecond(Long.parseLong(mtime.text().strip())).atZone(zone));
            } catch (NumberFormatException e) {
                last = Optional.empty();
            }
        }
        StringBuilder sb = new StringBuilder("last run ").append(last.map(TIME::format).orElse("never seen"));
        if (s.isEmpty()) {
            return sb.toString();
        }
        ZonedDateTime nowZ = now.atZone(zone);
        Optional<ZonedDateTime> next;
        if (s.get() instanceof Schedule.Cron c) {
            next = c.expression().nextAfter(nowZ);
        } else {
            Duration every = ((Schedule.Every) s.get()).period();
            next = last.map(l -> l.plus(every)).filter(n -> n.isAfter(nowZ));
        }
        sb.append(", next run ").append(next.map(TIME::format).orElse(s.get() instanceof Schedule.Every
                ? "within " + s.get().source() : "unknown"));
        return sb.toString();
    }

    private static String systemd(ProbeResult show) {
        if (!show.ok()) {
            return "not available (no systemd user session)";
        }
        SystemctlShow unit = SystemctlShow.parse(show.text());
        if (unit.notFound()) {
            return "not installed";
        }
        StringBuilder sb = new StringBuilder(unit.state());
        unit.get("ExecMainStatus").ifPresent(v -> sb.append(", last exit status ").append(v));
        unit.get("NRestarts").ifPresent(v -> sb.append(", restarts ").append(v));
        unit.get("NextElapseUSecRealtime").filter(v -> !v.isBlank() && !v.equals("0"))
                .ifPresent(v -> sb.append(", next ").append(v));
        return sb.toString();
    }

    private static String tail(ProbeResult r) {
        if (!r.ok() || r.text().isBlank()) {
            return " (none yet)";
        }
        StringBuilder sb = new StringBuilder();
        r.text().lines().forEach(l -> sb.append("\n    ").append(l));
        return sb.toString();
    }
}
