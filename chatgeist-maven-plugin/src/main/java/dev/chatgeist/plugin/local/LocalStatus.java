package dev.chatgeist.plugin.local;

import dev.chatgeist.core.credentials.CredentialsSource;
import dev.chatgeist.core.credentials.FileCredentials;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.operate.AppUser;
import dev.chatgeist.plugin.operate.Archives;
import dev.chatgeist.plugin.operate.JobStatus;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.StateReader;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state of the local host: each job as {@link JobStatus} reads it (installed, paused, last outcome, next run;
 * the bot's state and last error), the tail of the runtime's logs, the archives, and the Claude token's expiry
 * (read with the runtime's credentials reader: the Keychain on macOS or the CLI's credentials file on Linux; the
 * token itself is never shown).
 */
public final class LocalStatus {
    private final ZoneId zone;
    private final Instant now;
    private final int tailLines;
    private final CredentialsSource credentials;
    private final String localUser;

    /**
     * @param credentials where the Claude CLI keeps its login on this machine (KeychainCredentials on macOS,
     *                    FileCredentials elsewhere)
     */
    public LocalStatus(ZoneId zone, Instant now, int tailLines, CredentialsSource credentials, String localUser) {
        this.zone = zone;
        this.now = now;
        this.tailLines = tailLines;
        this.credentials = credentials;
        this.localUser = localUser;
    }

    public List<String> report(Host host, Transport transport) throws IOException {
        String app = host.appDir();
        String tailUpdate = "tail -n " + tailLines + " " + Shell.quote(app + "/logs/update.log");
        String tailSync = "tail -n " + tailLines + " " + Shell.quote(app + "/logs/sync_token.log");
        boolean asOwner = host.user().equals(localUser);
        String sizes = Archives.sizesProbe(host);
        String stats = Archives.statsProbe(host, asOwner);
        Map<String, ProbeResult> r = new StateReader().read(transport, List.of(tailUpdate, tailSync, sizes, stats));

        List<String> out = new ArrayList<>();
        out.add("host " + host.name() + " (" + host.platform().id() + ", app dir " + app + ")");
        out.addAll(new JobStatus(zone, now).lines(new AppUser(host, transport, localUser)));
        out.add("  logs/update.log:" + tail(r.get(tailUpdate)));
        out.add("  logs/sync_token.log:" + tail(r.get(tailSync)));
        out.add("  archives:" + Archives.describe(r.get(sizes), r.get(stats), "run chatgeist:install-local"));
        TokenExpiry expiry = new TokenExpiry(zone, now);
        out.add("  token: " + expiry.of(credentials));
        Path sandbox = Path.of(app, ".claude-docker", "credentials.json");
        if (Files.isRegularFile(sandbox)) {
            out.add("  sandbox token: " + expiry.of(new FileCredentials(sandbox)));
        }
        return out;
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
