package dev.chatgeist.telegram.client;

import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.mtproto.MtProxySecret;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** TELEGRAM_PROXY: the proxy every connection to Telegram goes through. */
public sealed interface ProxySetting {
    String NAME = "TELEGRAM_PROXY";

    /** The proxy's host:port, for messages. */
    String where();

    /** An MTProxy (github.com/TelegramMessenger/MTProxy): {@code mtproxy://<secret>@host:port}. */
    record MtProxy(String host, int port, MtProxySecret secret) implements ProxySetting {
        @Override
        public String where() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    Pattern MTPROXY = Pattern.compile("^mtproxy://([^@\\s]+)@(\\[[0-9a-fA-F:]+]|[^:@/\\s\\[\\]]+):(\\d{1,5})/?$");

    /** Empty when the value is absent or blank. */
    static Optional<ProxySetting> parse(Optional<String> value) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.empty();
        }
        String text = value.get().strip();
        Matcher m = MTPROXY.matcher(text);
        if (m.matches()) {
            int port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw new UserException(NAME + ": port " + port + " is out of range; fix it in .env");
            }
            String host = m.group(2).replaceAll("^\\[|]$", "");
            try {
                return Optional.of(new MtProxy(host, port, MtProxySecret.parse(m.group(1))));
            } catch (IllegalArgumentException e) {
                throw new UserException(
                        NAME + ": " + e.getMessage() + "; copy the secret from the proxy's "
                                + "tg://proxy link (its secret= part) into .env",
                        e);
            }
        }
        // the value may hold a secret: never repeat it
        throw new UserException(NAME + " is not of the form mtproxy://<secret>@<host>:<port> (e.g. "
                + "mtproxy://dd0123456789abcdef0123456789abcdef@proxy.example.com:443); fix it in .env or remove it");
    }
}
