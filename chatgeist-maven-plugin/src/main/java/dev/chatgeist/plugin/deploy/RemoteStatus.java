package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.local.TokenExpiry;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code chatgeist:status} for an SSH host, read in one batch: the bot service (state, uptime, restarts), the
 * managed crontab block, the last lines of logs/update.log, each archive's size with its message count and last
 * message date (the runtime's own {@code stats}), and when the sandbox's Claude token expires. Reads only.
 */
public final class RemoteStatus {
    private final TokenExpiry expiry;
    private final int tailLines;
    private final String localUser;

    public RemoteStatus(TokenExpiry expiry, int tailLines, String localUser) {
        this.expiry = expiry;
        this.tailLines = tailLines;
        this.localUser = localUser;
    }

    public List<String> report(Host host, Transport transport) throws IOException {
        String app = host.appDir();
        String login = HostConnector.loginUser(host, localUser);
        boolean asOwner = host.user().equals(login);
        String unit = DeployTasks.BOT_UNIT;
        String service = "u=" + Shell.quote(unit) + "; systemctl show -p LoadState -p ActiveState -p SubState"
                + " -p NRestarts -p UnitFileState -p MainPID \"$u\" || exit 1\n"
                + "p=$(systemctl show -p MainPID --value \"$u\"); [ \"${p:-0}\" -gt 0 ] && echo \"Uptime=$(ps -o etimes= -p"
                + " \"$p\" | tr -d ' ')\"; true";
        String crontab = asOwner ? "crontab -l" : "sudo -n crontab -u " + Shell.quote(host.user()) + " -l";
        String updateLog = "tail -n " + tailLines + " " + Shell.quote(app + "/logs/update.log");
        String sizes = "cd " + Shell.quote(app + "/databases") + " 2>/dev/null || exit 0; for f in *.db; do"
                + " [ -f \"$f\" ] && echo \"$(wc -c < \"$f\") $f\"; done; true";
        String stats = "[ -x " + Shell.quote(host.launcher()) + " ] || exit 3; " + (asOwner ? "" : "sudo -n -u "
                + Shell.quote(host.user()) + " ") + String.join(" ", "env", "CHATGEIST_JAVA=" + Shell.quote(host.java()),
                Shell.quote(host.launcher()), "--home", Shell.quote(app), "stats", "--top", "1");
        String sandboxCredentials = (asOwner ? "" : "sudo -n ") + "cat "
                + Shell.quote(app + "/.claude-docker/credentials.json");
        String envToken = (asOwner ? "" : "sudo -n ") + "grep -c '^[[:space:]]*\\(export[[:space:]]\\+\\)\\?"
                + DotEnvTask.TOKEN_KEY + "=' " + Shell.quote(app + "/.env");
        Map<String, ProbeResult> r = new StateReader().read(transport, List.of(service, crontab, updateLog, sizes, stats,
                sandboxCredentials, envToken));

        List<String> out = new ArrayList<>();
        out.add("host " + host.name() + " (" + host.connection().describe() + ", app dir " + app + ")");
        out.add("  " + unit + ": " + service(r.get(service)));
        ProbeResult cron = r.get(crontab);
        String block = cron.ok() ? new CrontabBlock(CrontabTask.MARKER).find(
                new String(cron.stdout(), StandardCharsets.ISO_8859_1)) : null;
        out.add("  crontab block: " + (block == null ? "not installed" : "installed"));
        if (block != null) {
            block.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> out.add("    " + l));
        }
        out.add("  logs/update.log:" + indented(r.get(updateLog)));
        out.add("  archives:" + archives(r.get(sizes), r.get(stats)));
        ProbeResult creds = r.get(sandboxCredentials);
        out.add("  sandbox token: " + (creds.ok() ? expiry.of(creds.text(), app + "/.claude-docker/credentials.json on "
                + host.name()) : "no " + app + "/.claude-docker/credentials.json (run chatgeist:push-credentials on"
                + " the Mac)"));
        ProbeResult env = r.get(envToken);
        out.add("  .env: " + (env.ok() ? DotEnvTask.TOKEN_KEY + " is set" : DotEnvTask.TOKEN_KEY + " is not set"));
        return out;
    }

    private static String service(ProbeResult r) {
        if (!r.ok()) {
            return "cannot ask systemd (" + r.stderr().strip() + ")";
        }
        SystemctlShow unit = SystemctlShow.parse(r.text());
        if (unit.notFound()) {
            return "not installed (run chatgeist:deploy)";
        }
        StringBuilder sb = new StringBuilder(unit.state());
        unit.get("Uptime").filter(up -> up.matches("\\d+"))
                .ifPresent(up -> sb.append(", up ").append(duration(Duration.ofSeconds(Long.parseLong(up)))));
        sb.append(", restarts ").append(unit.get("NRestarts").orElse("?"));
        sb.append(", ").append(unit.get("UnitFileState").orElse("?"));
        return sb.toString();
    }

    private static String archives(ProbeResult sizes, ProbeResult stats) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> size = new LinkedHashMap<>();
        sizes.text().lines().forEach(l -> {
            String[] f = l.strip().split(" ", 2);
            if (f.length == 2 && f[0].matches("\\d+")) {
                size.put(f[1].replaceFirst("\\.db$", ""), megabytes(Long.parseLong(f[0])));
            }
        });
        if (stats.ok()) {
            for (String line : stats.text().lines().toList()) {
                if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                    continue;   // top senders and months: status shows the summary line only
                }
                String alias = line.contains(":") ? line.substring(0, line.indexOf(':')) : line;
                String mb = size.remove(alias);
                sb.append("\n    ").append(line).append(mb == null ? "" : " (" + mb + ")");
            }
        } else if (stats.exitCode() == 3) {
            sb.append("\n    (no runtime jar yet: run chatgeist:deploy)");
        } else {
            String err = stats.stderr().strip();
            sb.append("\n    (stats failed, exit ").append(stats.exitCode()).append(err.isEmpty() ? "" : ": "
                    + err.lines().reduce((a, b) -> b).orElse("")).append(')');
        }
        size.forEach((alias, mb) -> sb.append("\n    ").append(alias).append(".db (").append(mb).append(')'));
        return sb.length() == 0 ? " none yet" : sb.toString();
    }

    private static String megabytes(long bytes) {
        return bytes < 1_048_576 ? (bytes + 1023) / 1024 + " kB"
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }

    private static String duration(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + "d " + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h " + d.toMinutesPart() + "m";
        }
        return d.toMinutes() + "m " + d.toSecondsPart() + "s";
    }

    private static String indented(ProbeResult r) {
        if (!r.ok() || r.text().isBlank()) {
            return " (none yet)";
        }
        StringBuilder sb = new StringBuilder();
        r.text().lines().forEach(l -> sb.append("\n    ").append(l));
        return sb.toString();
    }
}
