package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.function.Consumer;

/** Opens the one connection a host's run uses (SSH in the Mojos; tests may point it at their own server). */
@FunctionalInterface
public interface HostConnector {
    /**
     * @param events one line per notable event of the connection (e.g. a host key recorded)
     */
    Transport connect(Host host, Consumer<String> events) throws IOException;

    /** The account the connection logs in as: {@code ansible_user}, else (as ssh does) the local user. */
    static String loginUser(Host host, String localUser) {
        String user = host.connection().user();
        return user == null || user.isBlank() ? localUser : user;
    }
}
