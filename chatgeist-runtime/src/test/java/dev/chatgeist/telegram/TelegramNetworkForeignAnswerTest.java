package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.cli.CliRun;
import dev.chatgeist.telegram.net.DirectWireOpener;
import dev.chatgeist.telegram.net.NotTelegramCheck;
import dev.chatgeist.telegram.net.Wire;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Something that is not Telegram answers on the DC's port ({@link ForeignServer}: an HTTP server or captive portal,
 * a TLS server): the real `chatgeist login` says so at once instead of waiting for the read timeout.
 */
class TelegramNetworkForeignAnswerTest {
    static CliRun loginAgainst(Path home, ForeignServer server) {
        Map<String, String> env = Map.of(
                "CHATGEIST_HOME",
                home.toString(),
                "TELEGRAM_API_ID",
                "12345",
                "TELEGRAM_API_HASH",
                "0123456789abcdef0123456789abcdef",
                "TELEGRAM_DC",
                "1@127.0.0.1:" + server.port());
        return CliRun.run(env, "12345\n", "login", "--phone", "+15550001");
    }

    @Test
    void anHttpAnswerOnTheDcPortIsNamedAtOnce(@TempDir Path home) throws Exception {
        try (ForeignServer http = new ForeignServer(ForeignServer.HTTP_400)) {
            long start = System.nanoTime();
            CliRun r = loginAgainst(home, http);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(r.exit).isNotZero();
            assertThat(r.err)
                    .contains(
                            "127.0.0.1:" + http.port() + " answered HTTP, not Telegram (\"HTTP/1.1 400 Bad Request\")")
                    .contains("a proxy or firewall is in the way; see TELEGRAM_PROXY")
                    .doesNotContain("invalid packet length");
            assertThat(http.connections())
                    .as("no reconnects: trying again will not help")
                    .isEqualTo(1);
        }
    }

    @Test
    void aTlsAlertOrServerHelloOnTheDcPortIsNamedAtOnce(@TempDir Path home) throws Exception {
        for (byte[] answer : new byte[][] {ForeignServer.TLS_ALERT, ForeignServer.TLS_SERVER_HELLO}) {
            try (ForeignServer tls = new ForeignServer(answer)) {
                CliRun r = loginAgainst(home, tls);
                assertThat(r.exit).isNotZero();
                assertThat(r.err)
                        .contains("127.0.0.1:" + tls.port() + " answered TLS, not Telegram")
                        .contains("see TELEGRAM_PROXY");
                assertThat(tls.connections()).isEqualTo(1);
            }
        }
    }

    @Test
    void whatTelegramSendsPassesTheCheckUnchangedEvenInPieces() throws Exception {
        // an intermediate-transport packet (length 8, then a -404 transport error) sent a byte at a time,
        // then a second packet: the reader sees exactly those bytes
        byte[] sent = {8, 0, 0, 0, 0x6c, (byte) 0xfe, (byte) 0xff, (byte) 0xff, 4, 0, 0, 0, 1, 2, 3, 4};
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    for (byte b : sent) {
                        s.getOutputStream().write(b);
                        s.getOutputStream().flush();
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    // the test fails on the reading side
                }
            });
            t.start();
            Duration timeout = Duration.ofSeconds(5);
            try (Wire wire = NotTelegramCheck.watch(
                    new DirectWireOpener().open("127.0.0.1", server.getLocalPort(), timeout, timeout),
                    "127.0.0.1",
                    server.getLocalPort())) {
                InputStream in = wire.in();
                byte[] got = new byte[sent.length];
                int n = 0;
                while (n < got.length) {
                    int r = in.read(got, n, Math.min(3, got.length - n));
                    assertThat(r).isPositive();
                    n += r;
                }
                assertThat(Arrays.equals(got, sent)).isTrue();
                assertThat(in.read()).isEqualTo(-1);
            }
            t.join();
        }
    }
}
