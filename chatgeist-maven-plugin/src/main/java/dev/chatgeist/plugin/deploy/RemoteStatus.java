package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.local.TokenExpiry;
import dev.chatgeist.plugin.operate.AppUser;
import dev.chatgeist.plugin.operate.Archives;
import dev.chatgeist.plugin.operate.JobStatus;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.StateReader;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code chatgeist:status} for an SSH host: each job as {@link JobStatus} reads it (installed, paused, last outcome,
 * next run; the bot service's state, since when, restarts, last error), the last lines of logs/update.log, each
 * archive's size with its message count and last message date (the runtime's own {@code stats}; a chat left behind
 * is flagged), and when the sandbox's Claude token expires. Reads only.
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
        String updateLog = "tail -n " + tailLines + " " + Shell.quote(app + "/logs/update.log");
        String sizes = Archives.sizesProbe(host);
        String stats = Archives.statsProbe(host, asOwner);
        String sandboxCredentials =
                (asOwner ? "" : "sudo -n ") + "cat " + Shell.quote(app + "/.claude-docker/credentials.json");
        String envToken = (asOwner ? "" : "sudo -n ") + "grep -c '^[[:space:]]*\\(export[[:space:]]\\+\\)\\?"
                + DotEnvTask.TOKEN_KEY + "=' " + Shell.quote(app + "/.env");
        Map<String, ProbeResult> r =
                new StateReader().read(transport, List.of(updateLog, sizes, stats, sandboxCredentials, envToken));

        List<String> out = new ArrayList<>();
        out.add("host " + host.name() + " (" + host.connection().describe() + ", app dir " + app + ")");
        out.addAll(new JobStatus(expiry.zone(), expiry.now()).lines(new AppUser(host, transport, login)));
        out.add("  logs/update.log:" + indented(r.get(updateLog)));
        out.add("  archives:" + Archives.describe(r.get(sizes), r.get(stats), "run chatgeist:deploy"));
        ProbeResult creds = r.get(sandboxCredentials);
        out.add("  sandbox token: "
                + (creds.ok()
                        ? expiry.of(creds.text(), app + "/.claude-docker/credentials.json on " + host.name())
                        : "no " + app + "/.claude-docker/credentials.json (run chatgeist:push-credentials on"
                                + " the Mac)"));
        ProbeResult env = r.get(envToken);
        out.add("  .env: " + (env.ok() ? DotEnvTask.TOKEN_KEY + " is set" : DotEnvTask.TOKEN_KEY + " is not set"));
        return out;
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
