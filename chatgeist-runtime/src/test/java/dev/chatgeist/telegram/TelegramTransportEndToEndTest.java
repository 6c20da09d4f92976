package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.cli.CliRun;
import dev.chatgeist.telegram.mtproto.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real `chatgeist login` and `update` over each transport against the stand-in DC (standing for Telegram's
 * production DCs, which take every transport on one port and tell them apart by the first bytes), and through the
 * stand-in MTProxy (standing for the official MTProxy server) with plain, dd and ee secrets.
 */
class TelegramTransportEndToEndTest {
    static final String SECRET = "7a6b5c4d3e2f10010203040506070809";
    static final String WRONG_SECRET = "0f0e0d0c0b0a09080706050403020100";
    static final String DOMAIN_HEX = Bytes.hex("www.example.com".getBytes(StandardCharsets.US_ASCII));

    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(3_000, 20);

    static StandinDc dc;

    @BeforeAll
    static void start() {
        dc = STANDIN.dc();
    }

    /** Connections the stand-in DCs accepted per transport so far, e.g. "obfuscated/padded". */
    static int seen(String transport) throws IOException {
        return dc.command("transports").path("seen").path(transport).asInt();
    }

    static List<JsonNode> proxyEvents() throws IOException {
        return StandinRuns.proxyEvents(dc);
    }

    static Map<String, String> env(Path home, String... kv) {
        Map<String, String> env = new HashMap<>(dc.env(home));
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    /** Logs in, adds the big chat and downloads it; the archive must equal the served history. */
    static void loginAndDownload(Path home, Map<String, String> env) throws Exception {
        StandinRuns.login(dc, env, "+15550001");
        StandinRuns.updateEqualsServed(dc, env, home, "big", "@bigchat", "bigchat");
    }

    static int reconnects(Path home) throws IOException {
        Path log = home.resolve("logs/update.log");
        return Files.exists(log) ? Files.readString(log).split("event=reconnect", -1).length - 1 : 0;
    }

    static int mtproxy(Object... options) throws IOException {
        return dc.command("mtproxy", options).path("port").asInt();
    }

    @Test
    void obfuscatedIsTheDefaultAndCarriesTheWholeHistory(@TempDir Path home) throws Exception {
        int obfuscated = seen("obfuscated/padded");
        int plain = seen("intermediate");
        loginAndDownload(home, env(home));
        assertThat(seen("obfuscated/padded")).isGreaterThan(obfuscated);
        assertThat(seen("intermediate")).isEqualTo(plain);
    }

    @Test
    void intermediateWhenChosen(@TempDir Path home) throws Exception {
        int obfuscated = seen("obfuscated/padded");
        int plain = seen("intermediate");
        loginAndDownload(home, env(home, "TELEGRAM_TRANSPORT", "intermediate"));
        assertThat(seen("intermediate")).isGreaterThan(plain);
        assertThat(seen("obfuscated/padded")).isEqualTo(obfuscated);
    }

    void throughMtProxy(Path home, String published, String tag, Object... proxyOptions) throws Exception {
        Object[] options = new Object[proxyOptions.length + 2];
        options[0] = "secret";
        options[1] = SECRET;
        System.arraycopy(proxyOptions, 0, options, 2, proxyOptions.length);
        int port = mtproxy(options);
        int events = proxyEvents().size();
        loginAndDownload(
                home,
                env(
                        home,
                        "TELEGRAM_DC",
                        "1@127.0.0.1:" + StandinRuns.closedPort(),
                        "TELEGRAM_PROXY",
                        "mtproxy://" + published + "@127.0.0.1:" + port));
        List<JsonNode> forwarded = proxyEvents().subList(events, proxyEvents().size());
        assertThat(forwarded).isNotEmpty();
        assertThat(forwarded).allSatisfy(e -> {
            assertThat(e.path("event").asText()).isEqualTo("mtproxy_forward");
            assertThat(e.path("tag").asText()).isEqualTo(tag);
            assertThat(e.path("dc").asInt()).isEqualTo(1);
        });
    }

    @Test
    void throughAnMtProxyWithAPlainSecret(@TempDir Path home) throws Exception {
        throughMtProxy(home, SECRET, "intermediate");
    }

    @Test
    void throughAnMtProxyWithADdSecretThatTakesOnlyPaddedConnections(@TempDir Path home) throws Exception {
        throughMtProxy(home, "dd" + SECRET, "padded", "paddingOnly", true);
    }

    @Test
    void throughAnMtProxyWithAnEeSecretLookingLikeHttps(@TempDir Path home) throws Exception {
        throughMtProxy(home, "ee" + SECRET + DOMAIN_HEX, "padded", "tlsDomain", "www.example.com");
        assertThat(proxyEvents().get(proxyEvents().size() - 1).path("tls").asBoolean())
                .isTrue();
    }

    @Test
    void throughAnMtProxyAPhoneMigrateReachesTheOtherDcByTheIdInTheHeader(@TempDir Path home) throws Exception {
        int port = mtproxy("secret", SECRET);
        int events = proxyEvents().size();
        Map<String, String> env = env(
                home,
                "TELEGRAM_DC",
                "1@127.0.0.1:" + StandinRuns.closedPort(),
                "TELEGRAM_PROXY",
                "mtproxy://dd" + SECRET + "@127.0.0.1:" + port);
        StandinRuns.login(dc, env, "+15550003"); // an account on DC 2: PHONE_MIGRATE_2
        assertThat(Files.readString(home.resolve("telegram.session"))).contains("\"home_dc\" : 2");
        StandinRuns.updateEqualsServed(dc, env, home, "big", "@bigchat", "bigchat");
        assertThat(proxyEvents().subList(events, proxyEvents().size()))
                .extracting(e -> e.path("dc").asInt())
                .contains(1, 2)
                .last()
                .isEqualTo(2);
    }

    @Test
    void aWrongSecretIsAClearErrorAndTheArchiveIsUntouched(@TempDir Path home) throws Exception {
        loginAndDownload(home, env(home));
        byte[] archive = Files.readAllBytes(home.resolve("databases/big.db"));
        dc.command("append", "chat", "bigchat", "count", 5);
        for (String[] c : new String[][] {
            {WRONG_SECRET, "bad secret"},
            {"dd" + WRONG_SECRET, "bad secret"},
            {"ee" + WRONG_SECRET + DOMAIN_HEX, "fake tls: bad secret"}
        }) {
            String published = c[0];
            int port = published.startsWith("ee")
                    ? mtproxy("secret", SECRET, "tlsDomain", "www.example.com")
                    : mtproxy("secret", SECRET);
            int events = proxyEvents().size();
            int reconnects = reconnects(home);
            CliRun r = CliRun.run(
                    env(home, "TELEGRAM_PROXY", "mtproxy://" + published + "@127.0.0.1:" + port), "", "update");
            assertThat(r.exit).as(r.toString()).isNotZero();
            assertThat(r.all())
                    .contains("MTProxy at 127.0.0.1:" + port)
                    .contains("secret")
                    .contains("TELEGRAM_PROXY")
                    .doesNotContain(WRONG_SECRET);
            // a wrong secret is not a network hiccup: no reconnect rounds before saying so
            assertThat(reconnects(home)).isEqualTo(reconnects);
            assertThat(proxyEvents().subList(events, proxyEvents().size()))
                    .extracting(e -> e.path("reason").asText())
                    .containsOnly(c[1]);
            assertThat(Files.readAllBytes(home.resolve("databases/big.db"))).isEqualTo(archive);
        }
        // the right secret then gets the new messages
        CliRun r = CliRun.run(
                env(home, "TELEGRAM_PROXY", "mtproxy://" + SECRET + "@127.0.0.1:" + mtproxy("secret", SECRET)),
                "",
                "update");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(ArchiveRows.archive(home.resolve("databases/big.db")))
                .isEqualTo(ArchiveRows.served(dc, "bigchat", home));
    }
}
