package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.cli.CliRun;
import dev.chatgeist.telegram.client.TelegramSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's "done when": one long `chatgeist update` (the real command) of a 10,000-message chat from the stand-in
 * DC (src/test/node/standin.js, standing for Telegram's production DCs) through a proxy, while the servers do
 * everything at once that the other Telegram*Test classes show one by one: Telegram's own errors (500 INTERNAL,
 * -503 Timeout, 500 RPC_CALL_FAIL three times) on history pages, a FLOOD_WAIT, a dropped connection, transport error
 * -429 followed by refused connections (standin-faults.js), and on every connection the session behaviours of
 * standin-session.js (salt rotated every few packets, updates pushed inside the answers' containers and alone,
 * msgs_state_req, msg_detailed_info, msg_new_detailed_info, msg_resend_req). Once through {@link Socks5Server}
 * (standing for Dante or ssh -D), once through the stand-in's MTProxy with a dd secret (standing for the official
 * MTProxy). The archive must equal the served history row for row, and the requests may exceed a plain download's
 * only by the requests the faults refused. Waits and budgets are the real ones times {@value #SCALE} ({@link
 * TelegramSettings#RETRY_SCALE}): the 10 minutes without a connection are 6 s, the refusals 2 s (200 s real).
 */
class TelegramSoakTest {
    private static final String SCALE = "0.01";
    private static final int MESSAGES = 10_000;
    private static final String SECRET = "00112233445566778899aabbccddeeff";
    /** Every behaviour of standin-session.js, each at its own rhythm (counted in packets or answers). */
    private static final Map<String, Object> SESSION_BEHAVIOURS = Map.of(
            "rotateSaltEvery", 5,
            "pushUpdatesEvery", 2,
            "stateReqEvery", 11,
            "detailedInfoEvery", 13,
            "newDetailedInfoEvery", 9,
            "resendReqEvery", 17);

    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(MESSAGES, 200);

    static StandinDc dc;
    /** The requests a plain `update` of the same chat costs: no faults, no proxy, no session behaviours. */
    static int plainRequests;

    @BeforeAll
    static void plainDownload(@TempDir Path home) throws Exception {
        dc = STANDIN.dc();
        Map<String, String> env = dc.env(home);
        StandinRuns.login(dc, env, "+15550001");
        dc.command("resetStats");
        StandinRuns.updateEqualsServed(dc, env, home, "big", "@bigchat", "bigchat");
        plainRequests = dc.totalRequests();
    }

    @AfterEach
    void calmTheServers() throws Exception {
        dc.command("clearFaults");
        dc.command("sessionReset");
    }

    @Test
    void aLongUpdateThroughASocks5ProxyAndEverythingTheServersDoEqualsTheServedHistory(@TempDir Path home)
            throws Exception {
        try (Socks5Server proxy = new Socks5Server()) {
            soak(home, "socks5://127.0.0.1:" + proxy.port(), dc.port(1), "connection_refused_(SOCKS5_reply_5)");
            assertThat(proxy.targets()).contains(new Socks5Server.Target(1, "127.0.0.1", dc.port(1)));
        }
    }

    @Test
    void aLongUpdateThroughAnMtProxyWithADdSecretAndEverythingTheServersDoEqualsTheServedHistory(@TempDir Path home)
            throws Exception {
        int port = dc.command("mtproxy", "secret", SECRET, "paddingOnly", true)
                .path("port")
                .asInt();
        int events = StandinRuns.proxyEvents(dc).size();
        // the DC's own address is a closed port: every connection must go through the proxy. While the DC refuses,
        // the proxy hangs up on each new connection: retried, not taken for a wrong secret
        soak(
                home,
                "mtproxy://dd" + SECRET + "@127.0.0.1:" + port,
                StandinRuns.closedPort(),
                "cannot_reach_Telegram_at_the_moment");
        List<JsonNode> all = StandinRuns.proxyEvents(dc);
        List<JsonNode> forwarded = all.subList(events, all.size());
        assertThat(forwarded).hasSizeGreaterThanOrEqualTo(3); // the first connection, after the drop, after -429
        assertThat(forwarded)
                .allSatisfy(e -> assertThat(e.path("event").asText()).isEqualTo("mtproxy_forward"));
    }

    /**
     * One history page meets a server error, a FLOOD_WAIT, -429 with 2 s (200 s real) of refused connections and
     * another server error, in turn: the flood wait and the time without a connection do not use up the (scaled) 2
     * minutes that Telegram's own errors get, so the page is asked again and the history completes.
     */
    @Test
    void onePageMeetingEveryFaultInTurnIsStillAskedAgain(@TempDir Path home) throws Exception {
        Map<String, String> env = dc.env(home);
        env.put(TelegramSettings.RETRY_SCALE, SCALE);
        StandinRuns.login(dc, env, "+15550001");
        dc.command("clearFaults");
        historyFault(3_000, "kind", "error", "code", 500, "error", "INTERNAL");
        historyFault(3_000, "kind", "error", "code", 420, "error", "FLOOD_WAIT_1");
        historyFault(3_000, "kind", "transport", "code", -429, "refuseSeconds", 2);
        historyFault(3_000, "kind", "error", "code", 500, "error", "RPC_CALL_FAIL");

        StandinRuns.updateEqualsServed(dc, env, home, "big", "@bigchat", "bigchat");

        assertThat(dc.command("faults").path("fired").asInt()).isEqualTo(4);
        assertThat(Files.readString(home.resolve("logs/update.log")))
                .contains("event=retry error=INTERNAL attempt=1")
                .contains("event=flood_wait seconds=1")
                .contains("cause=transport_error_-429")
                .contains("Connection_refused")
                .as("the same request's second server error")
                .contains("event=retry error=RPC_CALL_FAIL attempt=2");
    }

    /**
     * Logs in through {@code proxy} (DC 1 at {@code dcPort}), scripts the faults and session behaviours, runs the
     * update and checks the archive, the log and the requests; {@code refused} is the logged cause of a reconnect
     * while the DC refuses connections.
     */
    private static void soak(Path home, String proxy, int dcPort, String refused) throws Exception {
        Map<String, String> env = dc.env(home);
        env.put("TELEGRAM_PROXY", proxy);
        env.put("TELEGRAM_DC", "1@127.0.0.1:" + dcPort);
        env.put(TelegramSettings.RETRY_SCALE, SCALE);
        StandinRuns.login(dc, env, "+15550001");

        dc.command("sessionScript", "script", SESSION_BEHAVIOURS);
        dc.command("clearFaults"); // counts the messages served from zero (the plain download served them all)
        // each fault fires at the first history page asked for once that many messages were served, in this order
        historyFault(1_000, "kind", "error", "code", 500, "error", "INTERNAL");
        historyFault(2_000, "kind", "error", "code", -503, "error", "Timeout");
        historyFault(3_000, "kind", "error", "code", 500, "error", "RPC_CALL_FAIL", "times", 3);
        historyFault(4_000, "kind", "error", "code", 420, "error", "FLOOD_WAIT_1");
        historyFault(5_000, "kind", "drop");
        historyFault(6_000, "kind", "transport", "code", -429, "refuseSeconds", 2);
        historyFault(8_500, "kind", "error", "code", 500, "error", "RPC_CALL_FAIL");
        dc.command("resetStats");

        CliRun update = StandinRuns.updateEqualsServed(dc, env, home, "big", "@bigchat", "bigchat");

        // row for row equal to the served history (ids are the archive's key): no gap, no duplicate
        assertThat(ArchiveRows.archive(home.resolve("databases/big.db"))).hasSize(MESSAGES);
        assertThat(update.out).contains("big: 10,000 new");
        JsonNode faults = dc.command("faults");
        int fired = faults.path("fired").asInt();
        assertThat(fired).as("every scripted fault fired").isEqualTo(1 + 1 + 3 + 1 + 1 + 1 + 1);
        assertThat(faults.path("refused").asInt()).isEqualTo(1);
        assertThat(faults.path("closed")).as("the DC takes connections again").isEmpty();

        String log = Files.readString(home.resolve("logs/update.log"));
        assertThat(log)
                .contains(
                        "telegram event=retry error=INTERNAL attempt=1 wait_ms=10 code=500 request=messages.getHistory")
                .contains(
                        "telegram event=retry error=Timeout attempt=1 wait_ms=10 code=-503 request=messages.getHistory")
                .contains("telegram event=retry error=RPC_CALL_FAIL attempt=3 wait_ms=40 code=500")
                .contains("telegram event=flood_wait seconds=1 request=messages.getHistory")
                .contains("cause=the_server_closed_the_connection")
                .contains("cause=transport_error_-429")
                .contains(refused)
                .contains("event=bad_server_salt")
                .contains("event=answer_missing action=msg_resend_req")
                .contains("event=resend_requested")
                .contains("update chat=big outcome=ok new=10000");
        assertThat(log.lines().filter(l -> l.contains("event=reconnect")))
                .as("reconnects after the drop and after -429, waiting longer each time while refused")
                .hasSizeGreaterThanOrEqualTo(3);

        JsonNode rec = dc.command("sessionRecord").path("record");
        assertThat(rec.path("rotations").asInt()).as("salt rotations").isGreaterThanOrEqualTo(20);
        assertThat(rec.path("pushedInContainer").asInt()).isGreaterThan(20);
        assertThat(rec.path("pushedAlone").asInt()).isGreaterThan(20);
        assertThat(rec.path("stateReqs").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(rec.path("newDetailedInfos").asInt()).isGreaterThanOrEqualTo(10);
        assertThat(rec.path("detailedInfos").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(rec.path("resendReqsSent").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(rec.path("badMsgsSent").size())
                .as("the stand-in's msg_id/seqno checks found nothing wrong in what the client sent")
                .isZero();
        // perhaps not those sent just before the drop and the -429
        SessionRecordChecks.stateRequestsAnswered(rec, 2);

        // each refused request is asked again once it may be; nothing else costs a request
        int requests = dc.totalRequests();
        System.out.printf(
                "soak through %s: %d requests (plain download: %d, faults fired: %d); salt rotations %d, updates "
                        + "pushed %d in containers and %d alone, msgs_state_req %d, msg_detailed_info %d, "
                        + "msg_new_detailed_info %d, msg_resend_req %d%n",
                proxy.replaceAll("//.*@", "//***@"),
                requests,
                plainRequests,
                fired,
                rec.path("rotations").asInt(),
                rec.path("pushedInContainer").asInt(),
                rec.path("pushedAlone").asInt(),
                rec.path("stateReqs").asInt(),
                rec.path("detailedInfos").asInt(),
                rec.path("newDetailedInfos").asInt(),
                rec.path("resendReqsSent").asInt());
        assertThat(requests).isEqualTo(plainRequests + fired);
    }

    private static void historyFault(int afterMessages, Object... kv) throws Exception {
        Object[] c = new Object[kv.length + 6];
        System.arraycopy(kv, 0, c, 0, kv.length);
        System.arraycopy(
                new Object[] {"method", "messages.GetHistory", "chat", "bigchat", "afterMessages", afterMessages},
                0,
                c,
                kv.length,
                6);
        dc.command("fail", c);
    }
}
