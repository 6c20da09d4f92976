package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.cli.CliRun;
import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.client.ProxySetting;
import dev.chatgeist.telegram.net.DirectWireOpener;
import dev.chatgeist.telegram.net.Socks5Credentials;
import dev.chatgeist.telegram.net.Socks5WireOpener;
import dev.chatgeist.telegram.net.Wire;
import dev.chatgeist.telegram.net.WrongNetworkException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * TELEGRAM_PROXY=socks5://...: the real `chatgeist login` and `update` through {@link Socks5Server} (standing for
 * a real SOCKS5 proxy such as Dante or ssh -D) to the stand-in DC, and every way a SOCKS5 proxy can say no.
 */
class TelegramNetworkSocksTest {
    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(1_500, 20);

    static final String PASSWORD = "s3cret-pass";
    static final Duration SECONDS = Duration.ofSeconds(5);
    static StandinDc dc;

    @BeforeAll
    static void start() {
        dc = STANDIN.dc();
    }

    static Map<String, String> env(Path home, String proxy) {
        Map<String, String> env = dc.env(home);
        env.put("TELEGRAM_PROXY", proxy);
        return env;
    }

    @Test
    void updateThroughASocks5ProxyWithoutAuthenticationEndsWithTheServedHistory(@TempDir Path home) throws Exception {
        try (Socks5Server proxy = new Socks5Server()) {
            Map<String, String> env = env(home, "socks5://127.0.0.1:" + proxy.port());
            StandinRuns.login(dc, env, "+15550003");
            StandinRuns.updateEqualsServed(dc, env, home, "big", "@bigchat", "bigchat");
            // DC 1 first, then the account's DC 2 (PHONE_MIGRATE): every connection went through the proxy
            assertThat(proxy.targets())
                    .contains(new Socks5Server.Target(1, "127.0.0.1", dc.port(1)))
                    .contains(new Socks5Server.Target(1, "127.0.0.1", dc.port(2)));
        }
    }

    @Test
    void updateThroughASocks5ProxyWithUserAndPasswordNeverShowsThePassword(@TempDir Path home) throws Exception {
        try (Socks5Server proxy = new Socks5Server("alice", PASSWORD)) {
            Map<String, String> env = env(home, "socks5://alice:" + PASSWORD + "@127.0.0.1:" + proxy.port());
            CliRun login = StandinRuns.login(dc, env, "+15550001");
            CliRun update = StandinRuns.updateEqualsServed(dc, env, home, "fam", "-4242", "family");
            assertThat(proxy.targets()).isNotEmpty();
            assertThat(login.all() + update.all()).doesNotContain(PASSWORD);
            try (var logs = Files.list(home.resolve("logs"))) {
                for (Path log : logs.toList()) {
                    assertThat(Files.readString(log)).doesNotContain(PASSWORD);
                }
            }
        }
    }

    @Test
    void aWrongPasswordIsNamedAtOnceWithoutThePasswordAndTheLoginEnds(@TempDir Path home) throws Exception {
        try (Socks5Server proxy = new Socks5Server("alice", PASSWORD)) {
            CliRun login = CliRun.run(
                    env(home, "socks5://alice:wrong-one@127.0.0.1:" + proxy.port()),
                    dc.loginCode() + "\n",
                    "login",
                    "--phone",
                    "+15550001");
            assertThat(login.exit).isNotZero();
            assertThat(login.err)
                    .contains("the SOCKS5 proxy 127.0.0.1:" + proxy.port() + " refused the user name 'alice'")
                    .contains("TELEGRAM_PROXY")
                    .doesNotContain("wrong-one")
                    .doesNotContain("reconnect");
            assertThat(proxy.targets()).isEmpty();

            // a later update with a password that has gone wrong fails the same way, without reconnecting
            Map<String, String> good = env(home, "socks5://alice:" + PASSWORD + "@127.0.0.1:" + proxy.port());
            StandinRuns.login(dc, good, "+15550001");
            assertThat(CliRun.run(good, "", "chats", "add", "fam", "-4242").exit)
                    .isZero();
            CliRun update = CliRun.run(env(home, "socks5://alice:wrong-one@127.0.0.1:" + proxy.port()), "", "update");
            assertThat(update.exit).isNotZero();
            assertThat(update.err)
                    .contains("refused the user name 'alice'")
                    .doesNotContain("wrong-one")
                    .doesNotContain(PASSWORD);
            assertThat(Files.readString(home.resolve("logs/update.log")))
                    .doesNotContain("event=reconnect")
                    .doesNotContain("wrong-one");
        }
    }

    @Test
    void doctorChecksTheDcThroughTheProxy(@TempDir Path home) throws Exception {
        try (Socks5Server proxy = new Socks5Server()) {
            CliRun r = CliRun.run(env(home, "socks5://127.0.0.1:" + proxy.port()), "", "doctor");
            assertThat(r.out.lines().filter(l -> l.contains("telegram reachable")))
                    .singleElement()
                    .asString()
                    .startsWith("ok ")
                    .contains("DC 1 at 127.0.0.1:" + dc.port(1) + " (through socks5://127.0.0.1:" + proxy.port() + ")");
            assertThat(proxy.targets()).contains(new Socks5Server.Target(1, "127.0.0.1", dc.port(1)));
        }
    }

    @Test
    void aProxyThatWantsCredentialsWhenNoneAreGivenSaysHowToGiveThem() throws Exception {
        try (Socks5Server proxy = new Socks5Server("alice", PASSWORD)) {
            assertThatThrownBy(() -> open(proxy, Optional.empty(), "127.0.0.1", dc.port(1)))
                    .isInstanceOf(WrongNetworkException.class)
                    .hasMessageContaining("wants a user name and password")
                    .hasMessageContaining("TELEGRAM_PROXY=socks5://user:password@127.0.0.1:" + proxy.port());
        }
    }

    @Test
    void everySocks5ReplyCodeIsExplainedAndOnlyRulesAndUnsupportedCommandsAreFinal() throws Exception {
        Map<Integer, String> replies = Map.of(
                1, "general SOCKS server failure",
                2, "the proxy's rules do not allow this connection",
                3, "network unreachable",
                4, "host unreachable",
                5, "connection refused",
                6, "TTL expired",
                7, "does not support the CONNECT command",
                8, "does not support this address type");
        try (Socks5Server proxy = new Socks5Server()) {
            for (Map.Entry<Integer, String> r : replies.entrySet()) {
                proxy.failWith(r.getKey());
                assertThatThrownBy(() -> open(proxy, Optional.empty(), "2001:b28:f23d:f001::a", 443))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("could not connect to Telegram at [2001:b28:f23d:f001::a]:443")
                        .hasMessageContaining(r.getValue())
                        .hasMessageContaining("(SOCKS5 reply " + r.getKey() + ")")
                        .is(new org.assertj.core.api.Condition<>(
                                e -> (e instanceof WrongNetworkException) == (r.getKey() == 2 || r.getKey() == 7),
                                "final only for replies 2 and 7"));
            }
            assertThat(proxy.targets())
                    .allMatch(t -> t.addressType() == 4 && t.host().equals("2001:b28:f23d:f001:0:0:0:a"));
        }
    }

    @Test
    void anHttpProxyGivenAsSocks5IsRecognised() throws Exception {
        try (ForeignServer http = new ForeignServer(ForeignServer.HTTP_400)) {
            Socks5WireOpener opener =
                    new Socks5WireOpener("127.0.0.1", http.port(), Optional.empty(), new DirectWireOpener());
            assertThatThrownBy(() -> opener.open("127.0.0.1", dc.port(1), SECONDS, SECONDS))
                    .isInstanceOf(WrongNetworkException.class)
                    .hasMessageContaining("answered HTTP, not SOCKS5");
        }
    }

    @Test
    void aProxyThatIsNotRunningIsNamed() throws Exception {
        // a port held by a socket that does not listen: nothing else can take it, connecting to it is refused
        try (Socket holder = new Socket()) {
            holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = holder.getLocalPort();
            Socks5WireOpener opener = new Socks5WireOpener("127.0.0.1", port, Optional.empty(), new DirectWireOpener());
            assertThatThrownBy(() -> opener.open("127.0.0.1", dc.port(1), SECONDS, SECONDS))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("cannot connect to the SOCKS5 proxy 127.0.0.1:" + port + " (TELEGRAM_PROXY)");
        }
    }

    @Test
    void proxySettingsParseAndBadOnesAreExplainedWithoutThePassword() {
        assertThat(ProxySetting.parse("socks5://127.0.0.1:1080"))
                .isEqualTo(new ProxySetting.Socks5("127.0.0.1", 1080, Optional.empty()));
        assertThat(ProxySetting.parse(" SOCKS5://al%40ice:p%3Ass@[::1]:9050/ "))
                .isEqualTo(new ProxySetting.Socks5("::1", 9050, Optional.of(new Socks5Credentials("al@ice", "p:ss"))));
        assertThat(ProxySetting.parse("socks5://bob:hunter2@proxy.example:1080").toString())
                .isEqualTo("socks5://bob:***@proxy.example:1080");
        assertThatThrownBy(() -> ProxySetting.parse("http://bob:hunter2@proxy.example:3128"))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("socks5://user:password@host:port")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ProxySetting.parse("socks5://bob:hunter2@proxy.example:99999"))
                .hasMessageContaining("out of range")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ProxySetting.parse("socks5://bob:hunter%2@proxy.example:1080"))
                .hasMessageContaining("two hexadecimal digits")
                .hasMessageNotContaining("hunter");
    }

    private static void open(Socks5Server proxy, Optional<Socks5Credentials> credentials, String host, int port)
            throws IOException {
        Socks5WireOpener opener = new Socks5WireOpener("127.0.0.1", proxy.port(), credentials, new DirectWireOpener());
        try (Wire wire = opener.open(host, port, SECONDS, SECONDS)) {
            assertThat(wire.socket().isConnected()).isTrue();
        }
    }
}
