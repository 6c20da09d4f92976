package dev.chatgeist.telegram.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Looks at the first bytes a DC's address sends back, before any transport reads them: an HTTP status line or a TLS
 * record means a proxy, captive portal or firewall answered instead of Telegram, and the user is told so at once
 * (instead of "invalid packet length 1347703880" after the read timeout). No Telegram transport can start this way:
 * the intermediate transport's first 4 bytes are a length that is a multiple of 4 and below 32 MiB, the obfuscated
 * ones are AES-CTR output.
 */
public final class NotTelegramCheck {
    private static final int LOOK = 5;
    /** A status line, or an HTML page without one (HTTP/0.9, a server's answer to a line it cannot parse). */
    private static final List<String> HTTP = List.of("http/", "<!doc", "<html");

    private NotTelegramCheck() {}

    /** {@code wire} with its input checked; {@code host}/{@code port} name the address in the message. */
    public static Wire watch(Wire wire, String host, int port) {
        String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return new Wire(wire.socket(), new Checked(wire.in(), where), wire.out());
    }

    /** The problem {@code first} (the first bytes received, at least 5) shows, or null when it may be Telegram. */
    static NotTelegramException diagnose(byte[] first, int length, String where) {
        String start =
                new String(first, 0, Math.min(length, LOOK), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (length >= LOOK && HTTP.contains(start)) {
            String line = new String(first, 0, length, StandardCharsets.ISO_8859_1)
                    .lines()
                    .findFirst()
                    .orElse("")
                    .replaceAll("[^\\x20-\\x7e]", "?");
            return new NotTelegramException(where + " answered HTTP, not Telegram (\"" + line + "\") — a proxy or "
                    + "firewall is in the way; see TELEGRAM_PROXY");
        }
        if (length >= LOOK && isTlsRecord(first)) {
            return new NotTelegramException(where + " answered TLS, not Telegram (a TLS "
                    + (first[0] == 0x15 ? "alert" : "handshake") + ") — a proxy or firewall (perhaps one that "
                    + "inspects HTTPS) is in the way; see TELEGRAM_PROXY");
        }
        return null;
    }

    /** A TLS record header: alert (21) or handshake (22), version 3.0-3.4, a length a record can have. */
    private static boolean isTlsRecord(byte[] b) {
        int type = b[0];
        int length = (b[3] & 0xff) << 8 | (b[4] & 0xff);
        return (type == 0x15 || type == 0x16)
                && b[1] == 3
                && b[2] >= 0
                && b[2] <= 4
                && length > 0
                && length <= (1 << 14) + 2048;
    }

    /** Reads the first bytes ahead, checks them, then hands them out as if nothing had happened. */
    private static final class Checked extends FilterInputStream {
        private final String where;
        private byte[] head;
        private int headPos;
        private int headLength;

        Checked(InputStream in, String where) {
            super(in);
            this.where = where;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int r = read(one, 0, 1);
            return r < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (head == null) {
                lookAhead();
            }
            if (headPos < headLength) {
                int n = Math.min(len, headLength - headPos);
                System.arraycopy(head, headPos, b, off, n);
                headPos += n;
                return n;
            }
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return (head == null ? 0 : headLength - headPos) + in.available();
        }

        private void lookAhead() throws IOException {
            byte[] first = new byte[256];
            int n = 0;
            while (n < LOOK) {
                int r = in.read(first, n, LOOK - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n >= LOOK) {
                // what has arrived already (an HTTP status line comes in one piece); never wait for more
                int more = Math.min(in.available(), first.length - n);
                if (more > 0) {
                    n += Math.max(0, in.read(first, n, more));
                }
            }
            head = first;
            headLength = n;
            NotTelegramException problem = diagnose(first, n, where);
            if (problem != null) {
                throw problem;
            }
        }
    }
}
