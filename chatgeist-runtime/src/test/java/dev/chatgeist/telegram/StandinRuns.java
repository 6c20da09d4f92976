package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.cli.CliRun;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real CLI against a stand-in DC, for tests that vary only how the DC is reached. */
final class StandinRuns {
    private StandinRuns() {}

    /** `chatgeist login --phone phone` with the stand-in's code; it must succeed. */
    static CliRun login(StandinDc dc, Map<String, String> env, String phone) {
        CliRun r = CliRun.run(env, dc.loginCode() + "\n", "login", "--phone", phone);
        assertThat(r.exit).as(r.toString()).isZero();
        return r;
    }

    /**
     * Adds {@code reference} as {@code alias}, runs `chatgeist update`: it must succeed and leave an archive equal
     * to the history the stand-in serves for {@code chat}.
     */
    static CliRun updateEqualsServed(
            StandinDc dc, Map<String, String> env, Path home, String alias, String reference, String chat)
            throws Exception {
        assertThat(CliRun.run(env, "", "chats", "add", alias, reference).exit).isZero();
        CliRun update = CliRun.run(env, "", "update");
        assertThat(update.exit).as(update.toString()).isZero();
        assertThat(ArchiveRows.archive(home.resolve("databases/" + alias + ".db")))
                .isEqualTo(ArchiveRows.served(dc, chat, home));
        return update;
    }

    /** A loopback port nothing listens on: the DC address a proxied client must never dial. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** What the stand-in's MTProxies did so far ({@code mtproxy_forward} with dc and tag, {@code mtproxy_rejected}). */
    static List<JsonNode> proxyEvents(StandinDc dc) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        dc.command("transports").path("proxy").forEach(events::add);
        return events;
    }
}
