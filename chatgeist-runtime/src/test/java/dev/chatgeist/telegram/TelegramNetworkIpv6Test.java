package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPv6: the stand-in DCs listen on ::1 as well and help.getConfig lists those addresses with the ipv6 flag, as
 * Telegram's does. TELEGRAM_IPV6=1 prefers them; without it they are the fallback when IPv4 cannot connect.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelegramNetworkIpv6Test {
    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(600, 20);

    static StandinDc dc;

    @BeforeAll
    static void start() {
        dc = STANDIN.dc();
        Assumptions.assumeTrue(
                dc.port6(1) != 0 && dc.port6(2) != 0,
                "this machine has no IPv6 loopback (::1), so the stand-in DC cannot listen on IPv6");
    }

    /** The address families of the connections to {@code dcId} since the stand-in started, from the n-th on. */
    static List<String> families(int dcId, int from) throws Exception {
        List<String> out = new ArrayList<>();
        JsonNode all = dc.command("connections").path("connections");
        for (int i = from; i < all.size(); i++) {
            if (all.get(i).path("dc").asInt() == dcId) {
                out.add(all.get(i).path("family").asText());
            }
        }
        return out;
    }

    static int connectionsSoFar() throws Exception {
        return dc.command("connections").path("connections").size();
    }

    @Test
    @Order(1)
    void aDcGivenByItsIpv6AddressIsReached(@TempDir Path home) throws Exception {
        int before = connectionsSoFar();
        Map<String, String> env = dc.env(home);
        env.put("TELEGRAM_DC", "1@[::1]:" + dc.port6(1));
        StandinRuns.login(dc, env, "+15550001");
        assertThat(families(1, before)).isNotEmpty().containsOnly("IPv6");
    }

    @Test
    @Order(2)
    void withTelegramIpv6TheDcOptionsIpv6AddressesArePreferred(@TempDir Path home) throws Exception {
        int before = connectionsSoFar();
        Map<String, String> env = dc.env(home);
        env.put("TELEGRAM_IPV6", "1");
        // the account lives on DC 2: PHONE_MIGRATE, then help.getConfig's addresses for DC 2
        StandinRuns.login(dc, env, "+15550003");
        StandinRuns.updateEqualsServed(dc, env, home, "big", "@bigchat", "bigchat");
        assertThat(families(2, before)).isNotEmpty().containsOnly("IPv6");
    }

    @Test
    @Order(3)
    void throughASocks5ProxyAnIpv6DcAddressIsAskedForAsIpv6(@TempDir Path home) throws Exception {
        try (Socks5Server proxy = new Socks5Server()) {
            Map<String, String> env = dc.env(home);
            env.put("TELEGRAM_IPV6", "1");
            env.put("TELEGRAM_PROXY", "socks5://127.0.0.1:" + proxy.port());
            StandinRuns.login(dc, env, "+15550003");
            // SOCKS5 address type 4 (IPv6) for DC 2, learnt from help.getConfig
            assertThat(proxy.targets()).contains(new Socks5Server.Target(4, "0:0:0:0:0:0:0:1", dc.port6(2)));
        }
    }

    @Test
    @Order(4) // last: DC 2's IPv4 address stays closed
    void whenIpv4CannotConnectTheIpv6AddressIsUsed(@TempDir Path home) throws Exception {
        dc.command("closeIpv4", "dc", 2);
        int before = connectionsSoFar();
        Map<String, String> env = dc.env(home);
        StandinRuns.login(dc, env, "+15550003");
        assertThat(Files.readString(home.resolve("logs/login.log")))
                .contains("event=connect_failed dc=2 address=127.0.0.1:" + dc.port(2))
                .contains("event=address_fallback dc=2 address=[::1]:" + dc.port6(2));
        StandinRuns.updateEqualsServed(dc, env, home, "big", "@bigchat", "bigchat");
        assertThat(families(2, before)).isNotEmpty().containsOnly("IPv6");
    }
}
