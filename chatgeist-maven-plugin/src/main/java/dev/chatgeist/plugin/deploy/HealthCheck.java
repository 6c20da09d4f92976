package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a freshly (re)started service is healthy: it must stay {@code active} for the whole window, with the
 * same main process and no automatic restart. Runs as one command on the host (a loop of {@code systemctl show}),
 * so the check costs one round trip however long the window is. On failure the journal's last lines say why.
 *
 * @param window       how long the service must stay up
 * @param journalLines how many journal lines a failure shows
 */
public record HealthCheck(Duration window, int journalLines) {
    private static final int STEP_MS = 200;

    public HealthCheck {
        if (window.isNegative()) {
            throw new IllegalArgumentException("health check window must not be negative");
        }
    }

    /** What the check saw last. */
    public record Result(boolean healthy, Map<String, String> properties) {
        /** "activating (auto-restart), 1 restart, result exit-code, exit status 1". */
        public String describe() {
            StringBuilder sb = new StringBuilder(properties.getOrDefault("ActiveState", "unknown"));
            String sub = properties.get("SubState");
            if (sub != null && !sub.isBlank()) {
                sb.append(" (").append(sub).append(')');
            }
            String restarts = properties.getOrDefault("NRestarts", "0");
            sb.append(", ").append(restarts).append(restarts.equals("1") ? " restart" : " restarts");
            String result = properties.get("Result");
            if (result != null && !result.isBlank() && !result.equals("success")) {
                sb.append(", result ").append(result);
            }
            String status = properties.get("ExecMainStatus");
            if (status != null && !status.isBlank() && !status.equals("0")) {
                sb.append(", exit status ").append(status);
            }
            return sb.toString();
        }
    }

    /** Watches {@code unit} for the window; any user may run {@code systemctl show}. */
    public Result await(Transport transport, String unit) throws IOException {
        Transport.ExecResult r = transport.exec(script(unit));
        if (r.exitCode() != 0 && r.exitCode() != 1) {
            throw new IOException("cannot watch " + unit + " (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        return new Result(r.exitCode() == 0, properties(r.stdout()));
    }

    String script(String unit) {
        long steps = Math.max(1, window.toMillis() / STEP_MS);
        return "u=" + Shell.quote(unit) + "; i=0; first=\n"
                + "while :; do\n"
                + "  s=$(systemctl show -p ActiveState -p SubState -p NRestarts -p MainPID -p Result"
                + " -p ExecMainStatus \"$u\") || exit 2\n"
                + "  a=$(printf '%s\\n' \"$s\" | sed -n 's/^ActiveState=//p')\n"
                + "  k=$(printf '%s\\n' \"$s\" | sed -n -e 's/^NRestarts=//p' -e 's/^MainPID=//p' | tr '\\n' ' ')\n"
                + "  [ -n \"$first\" ] || first=$k\n"
                + "  if [ \"$a\" != active ] || [ \"$k\" != \"$first\" ]; then printf '%s\\n' \"$s\"; exit 1; fi\n"
                + "  if [ $i -ge " + steps + " ]; then printf '%s\\n' \"$s\"; exit 0; fi\n"
                + "  i=$((i + 1)); sleep " + (STEP_MS / 1000.0) + "\n"
                + "done\n";
    }

    /** The unit's last journal lines (root can read every unit's journal), indented for a failure message. */
    public String journal(Transport root, String unit) {
        try {
            Transport.ExecResult r = root.exec(
                    "journalctl -u " + Shell.quote(unit) + " -n " + journalLines + " --no-pager -o short-iso");
            String text = r.ok()
                    ? r.stdout().strip()
                    : "(journalctl failed: " + r.stderr().strip() + ")";
            return "    " + text.replace("\n", "\n    ");
        } catch (IOException | RuntimeException e) {
            return "    (cannot read the journal: " + e.getMessage() + ")";
        }
    }

    private static Map<String, String> properties(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }
}
