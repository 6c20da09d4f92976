package dev.chatgeist.doctor;

import dev.chatgeist.telegram.client.DcAddress;
import dev.chatgeist.telegram.net.Wire;
import dev.chatgeist.telegram.net.WireOpener;
import dev.chatgeist.telegram.net.WrongNetworkException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Finds out what is at a DC's address without MTProto: nothing (refused, timed out, no such host), something that
 * answers HTTP (a proxy or captive portal in the way), or a TCP peer that takes an MTProto packet without an HTTP
 * answer (as Telegram does).
 */
final class TelegramProbe {
    /** What answered. */
    sealed interface Reach {}

    record Unreachable(String why) implements Reach {}

    record Http(String statusLine) implements Reach {}

    record Tcp() implements Reach {}

    private TelegramProbe() {}

    /** @param wires how connections to Telegram are made (directly, or through TELEGRAM_PROXY) */
    static Reach probe(DcAddress dc, Duration timeout, WireOpener wires) {
        Duration atLeast = timeout.toMillis() < 1 ? Duration.ofMillis(1) : timeout;
        try (Wire s = wires.open(dc.host(), dc.port(), atLeast, atLeast)) {
            OutputStream out = s.out();
            // the intermediate transport's tag, one empty unencrypted message, then an end of line and a blank
            // line so that an HTTP server sees a (bad) request and answers it
            byte[] packet = new byte[4 + 4 + 40 + 4];
            for (int i = 0; i < 4; i++) {
                packet[i] = (byte) 0xee;
            }
            packet[4] = 40;
            System.arraycopy("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, packet, 48, 4);
            out.write(packet);
            out.flush();
            InputStream in = s.in();
            byte[] head = new byte[256];
            int n;
            try {
                n = in.readNBytes(head, 0, 5);
                if (n == 5) {
                    n += Math.max(0, in.read(head, 5, head.length - 5)); // the rest of the first line, if sent
                }
            } catch (SocketTimeoutException e) {
                return new Tcp(); // connected, took the packet, said nothing: as Telegram does
            }
            String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            // a status line, or an HTML error page without one (servers answer HTTP/0.9 to a line they cannot parse)
            if (lower.startsWith("http/") || lower.startsWith("<!doctype") || lower.startsWith("<html")) {
                return new Http(text.lines().findFirst().orElse("").strip());
            }
            return new Tcp();
        } catch (UnknownHostException e) {
            return new Unreachable("no such host " + dc.host());
        } catch (SocketTimeoutException e) {
            return new Unreachable("no answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            return new Unreachable(
                    e.getMessage() != null && e.getMessage().contains("SOCKS5")
                            ? e.getMessage()
                            : "connection refused");
        } catch (WrongNetworkException e) {
            return new Unreachable(e.getMessage());
        } catch (IOException e) {
            return new Unreachable(e.getMessage());
        }
    }
}
