package dev.chatgeist.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.inventory.Schedule;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.task.CrontabBlock;
import dev.chatgeist.plugin.task.CrontabTask;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.StateReader;
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
 * the tail of the runtime's logs, and the Claude token's expiry (read from the Keychain on macOS or the CLI's
 * credentials file on Linux; only {@code expiresAt} is looked at, the token itself never leaves this class).
 */
public final class LocalStatus {
    static final String KEYCHAIN_PROBE = "security find-generic-password -s 'Claude Code-credentials' -w";
    private static final Pattern LAST_EXIT = Pattern.compile("\"LastExitStatus\"\\s*=\\s*(-?\\d+);");
    private static final Pattern PID = Pattern.compile("\"PID\"\\s*=\\s*(\\d+);");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;
    private final Instant now;
    private final int tailLines;

    public LocalStatus(ZoneId zone, Instant now, int tailLines) {
        this.zone = zone;
        this.now = now;
        this.tailLines = tailLines;
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
        String credentialsFile = "cat " + Shell.quote(host.home() + "/.claude/.credentials.json");
        String sandboxCredentials = "cat " + Shell.quote(app + "/.claude-docker/credentials.json");
        String crontab = host.user().equals(System.getProperty("user.name")) ? "crontab -l"
                : "crontab -u " + Shell.quote(host.user()) + " -l";
        if (host.platform() == Platform.MACOS) {
            for (String job : List.of(HostRenderer.UPDATE, HostRenderer.SYNC_TOKEN, HostRenderer.BOT)) {
                probes.add(LaunchAgentTask.listProbe(HostRenderer.label(job)));
            }
            probes.add(KEYCHAIN_PROBE);
        } else {
            probes.add(crontab);
            probes.add(unitProbe(HostRenderer.unit(HostRenderer.BOT) + ".service"));
            for (String job : List.of(HostRenderer.UPDATE, HostRenderer.SYNC_TOKEN)) {
                probes.add(unitProbe(HostRenderer.unit(job) + ".timer"));
            }
            probes.add(credentialsFile);
        }
        probes.add(sandboxCredentials);
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
        String token = host.platform() == Platform.MACOS ? expiry("Keychain item 'Claude Code-credentials'",
                r.get(KEYCHAIN_PROBE)) : expiry(host.home() + "/.claude/.credentials.json", r.get(credentialsFile));
        out.add("  token: " + token);
        ProbeResult sandbox = r.get(sandboxCredentials);
        if (sandbox.ok()) {
            out.add("  sandbox token: " + expiry(app + "/.claude-docker/credentials.json", sandbox));
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
        Map<String, String> p = new java.util.LinkedHashMap<>();
        show.text().lines().forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                p.put(l.substring(0, eq), l.substring(eq + 1));
            }
        });
        if ("not-found".equals(p.get("LoadState"))) {
            return "not installed";
        }
        StringBuilder sb = new StringBuilder(p.getOrDefault("ActiveState", "?")).append(" (")
                .append(p.getOrDefault("SubState", "?")).append(")");
        if (p.containsKey("ExecMainStatus")) {
            sb.append(", last exit status ").append(p.get("ExecMainStatus"));
        }
        if (p.containsKey("NRestarts") && !p.get("NRestarts").isEmpty()) {
            sb.append(", restarts ").append(p.get("NRestarts"));
        }
        String next = p.get("NextElapseUSecRealtime");
        if (next != null && !next.isBlank() && !next.equals("0")) {
            sb.append(", next ").append(next);
        }
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

    /** "expires 2026-11-26 18:00 (in 5h 12m)" from the credentials JSON's claudeAiOauth.expiresAt. */
    String expiry(String source, ProbeResult r) {
        if (!r.ok() || r.text().isBlank()) {
            return "no credentials in " + source + " (run `claude login`)";
        }
        try {
            JsonNode json = new ObjectMapper().readTree(r.text());
            JsonNode at = json.path("claudeAiOauth").path("expiresAt");
            if (!at.canConvertToLong()) {
                return source + " has no claudeAiOauth.expiresAt";
            }
            Instant expires = Instant.ofEpochMilli(at.asLong());
            Duration left = Duration.between(now, expires);
            String when = TIME.format(expires.atZone(zone));
            if (left.isNegative()) {
                return "expired at " + when + " (" + source + "; the CLI refreshes it on its next use, "
                        + "sync-token runs it)";
            }
            return "expires " + when + " (in " + left.toHours() + "h " + left.toMinutesPart() + "m; " + source + ")"
                    + (left.toHours() < 1 ? " — less than an hour left" : "");
        } catch (IOException e) {
            return source + " is not valid JSON";
        }
    }
}
