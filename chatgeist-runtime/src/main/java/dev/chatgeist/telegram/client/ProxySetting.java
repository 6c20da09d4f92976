package dev.chatgeist.telegram.client;

import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.mtproto.MtProxySecret;
import dev.chatgeist.telegram.net.DirectWireOpener;
import dev.chatgeist.telegram.net.Socks5Credentials;
import dev.chatgeist.telegram.net.Socks5WireOpener;
import dev.chatgeist.telegram.net.WireOpener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** TELEGRAM_PROXY: the proxy every connection to Telegram goes through. */
public sealed interface ProxySetting permits ProxySetting.Socks5, ProxySetting.MtProxy {
    String NAME = "TELEGRAM_PROXY";

    /** Opens connections to DCs through this proxy. */
    WireOpener wireOpener();

    /** A SOCKS5 proxy (e.g. Dante, or {@code ssh -D}); the password never appears in {@link #toString()}. */
    record Socks5(String host, int port, Optional<Socks5Credentials> credentials) implements ProxySetting {
        @Override
        public WireOpener wireOpener() {
            return new Socks5WireOpener(host, port, credentials, new DirectWireOpener());
        }

        @Override
        public String toString() {
            return "socks5://" + credentials.map(c -> c.user() + ":***@").orElse("")
                    + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * An MTProxy (github.com/TelegramMessenger/MTProxy): {@code mtproxy://<secret>@host:port}. Connections go to the
     * proxy itself, whatever DC address is asked for; the proxy reaches the DC named in the obfuscation header.
     */
    record MtProxy(String host, int port, MtProxySecret secret) implements ProxySetting {
        @Override
        public WireOpener wireOpener() {
            return (dcHost, dcPort, connectTimeout, readTimeout) ->
                    new DirectWireOpener().open(host, port, connectTimeout, readTimeout);
        }

        /** host:port, for messages. */
        public String where() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /** Never shows the secret. */
        @Override
        public String toString() {
            return "mtproxy://***@" + where();
        }
    }

    Pattern MTPROXY = Pattern.compile("(?i)mtproxy://([^@\\s/]+)@(\\[[0-9a-fA-F:.]+]|[^:@/\\[\\]\\s]+):(\\d{1,5})/?");

    Pattern SOCKS5 =
            Pattern.compile("(?i)socks5://(?:([^:@/]*):([^@/]*)@)?(\\[[0-9a-fA-F:.]+]|[^:@/\\[\\]\\s]+):(\\d{1,5})/?");

    /**
     * Parses {@code socks5://[user:password@]host:port} (user and password may be %-encoded) and
     * {@code mtproxy://<secret>@host:port}.
     */
    static ProxySetting parse(String value) {
        String text = value.strip();
        Matcher mt = MTPROXY.matcher(text);
        if (mt.matches()) {
            return mtProxy(text, mt);
        }
        Matcher m = SOCKS5.matcher(text);
        if (!m.matches()) {
            throw new UserException(NAME + "='" + masked(text) + "' is not a proxy chatgeist understands; write "
                    + "socks5://host:port or socks5://user:password@host:port (e.g. socks5://127.0.0.1:1080 for "
                    + "`ssh -D 1080`), or mtproxy://<secret>@<host>:<port> for an MTProxy, or remove it to connect "
                    + "directly");
        }
        int port = port(text, m.group(4));
        String host = host(m.group(3));
        Optional<Socks5Credentials> credentials = Optional.empty();
        if (m.group(1) != null) {
            try {
                credentials = Optional.of(new Socks5Credentials(decode(m.group(1)), decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new UserException(NAME + "='" + masked(text) + "': " + e.getMessage(), e);
            }
        }
        return new Socks5(host, port, credentials);
    }

    private static ProxySetting mtProxy(String text, Matcher m) {
        int port = port(text, m.group(3));
        String host = host(m.group(2));
        try {
            return new MtProxy(host, port, MtProxySecret.parse(m.group(1)));
        } catch (IllegalArgumentException e) {
            throw new UserException(
                    NAME + "='" + masked(text) + "': " + e.getMessage() + "; copy the secret from "
                            + "the proxy's tg://proxy link (its secret= part)",
                    e);
        }
    }

    private static int port(String text, String digits) {
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw new UserException(NAME + "='" + masked(text) + "': port " + port + " is out of range");
        }
        return port;
    }

    /** The host in lower case, an IPv6 address without its brackets. */
    private static String host(String text) {
        String host = text.startsWith("[") ? text.substring(1, text.length() - 1) : text;
        return host.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code text} with whatever stands between the scheme and the last '@' (user and password, an MTProxy secret)
     * hidden, and a link's {@code secret=} value.
     */
    static String masked(String text) {
        int at = text.lastIndexOf('@');
        int scheme = text.indexOf("://");
        if (at < 0) {
            return text.replaceAll("(?i)(secret=)[^&\\s]*", "$1***");
        }
        return (scheme >= 0 && scheme < at ? text.substring(0, scheme + 3) : "") + "***" + text.substring(at);
    }

    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (c == '%') {
                int high = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int low = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("a '%' in the user name or password must be followed by two "
                            + "hexadecimal digits (write %25 for '%' itself)");
                }
                out.write(high << 4 | low);
                i += 3;
            } else {
                out.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
