package dev.chatgeist.telegram.net;

import java.io.IOException;
import java.time.Duration;

/** Opens a {@link Wire} to a DC: directly or through a proxy. */
public interface WireOpener {
    /**
     * @param host the DC's IPv4 or IPv6 address (or a name)
     * @param readTimeout how long a read may wait before it fails with a {@link java.net.SocketTimeoutException}
     */
    Wire open(String host, int port, Duration connectTimeout, Duration readTimeout) throws IOException;
}
