package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;

/**
 * Commands on a host as the app user ({@code chatgeist_user}): directly when the connection logs in as that user,
 * else through {@code sudo -n -u} (as deploy writes the app dir). What a job runs, and who owns its files, is the
 * app user's.
 *
 * @param host      the host
 * @param transport its connection
 * @param loginUser the account the connection runs as
 */
public record AppUser(Host host, Transport transport, String loginUser) {
    public boolean isLogin() {
        return host.user().equals(loginUser);
    }

    /** {@code command} as the app user. */
    public String wrap(String command) {
        return isLogin() ? command : "sudo -n -u " + Shell.quote(host.user()) + " /bin/sh -c " + Shell.quote(command);
    }

    public Transport.ExecResult exec(String command) throws IOException {
        return transport.exec(wrap(command));
    }

    /**
     * The app user's crontab command: {@code crontab}; another user's on the local host as install-local manages
     * it ({@code crontab -u USER}, Maven running as root); on an SSH host through {@code sudo -n}, as deploy does.
     */
    public String crontab() {
        if (isLogin()) {
            return "crontab";
        }
        return (host.isLocal() ? "" : "sudo -n ") + "crontab -u " + Shell.quote(host.user());
    }
}
