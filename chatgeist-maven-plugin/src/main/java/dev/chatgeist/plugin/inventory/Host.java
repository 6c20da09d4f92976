package dev.chatgeist.plugin.inventory;

import java.util.List;
import java.util.Map;

/**
 * One machine of the inventory with its variables merged (all, then groups from the outermost in, then the
 * host's own) and the {@code chatgeist_*} ones checked and resolved.
 *
 * @param name       inventory name (used for {@code target/chatgeist/<name>/} and {@code -Dchatgeist.limit})
 * @param groups     every group the host belongs to, outermost first ({@code all} included)
 * @param connection Ansible connection variables
 * @param platform   {@code chatgeist_platform}
 * @param user       {@code chatgeist_user}: the account that owns the app dir, the crontab and runs the bot
 *                   (defaults to {@code ansible_user}, else the user running Maven)
 * @param home       the home directory of {@code user} on that host (LaunchAgents, systemd user units)
 * @param appDir     {@code chatgeist_app_dir}, absolute ({@code ~} expanded)
 * @param java       {@code chatgeist_java}, the java executable on that host
 * @param jobs       {@code chatgeist_jobs}
 * @param scheduler  {@code chatgeist_scheduler}: launchd on macOS; cron (default) or systemd on Linux
 * @param transport  {@code chatgeist_transport}: {@code sshj} (default) or {@code jsch}
 * @param vars       every merged variable as plain values, for templates
 */
public record Host(
        String name,
        List<String> groups,
        Connection connection,
        Platform platform,
        String user,
        String home,
        String appDir,
        String java,
        Jobs jobs,
        Scheduler scheduler,
        String transport,
        Map<String, Object> vars) {
    public boolean isLocal() {
        return connection.local();
    }

    /** The runtime jar's path on the host. */
    public String runtimeJar() {
        return appDir + "/chatgeist-runtime.jar";
    }

    /** The installed {@code chatgeist} command: what the schedulers run and what a person types on the host. */
    public String launcher() {
        return appDir + "/bin/chatgeist";
    }

    public String logsDir() {
        return appDir + "/logs";
    }
}
