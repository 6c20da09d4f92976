package dev.chatgeist.telegram.mtproto;

import java.io.IOException;

/**
 * The server closed the exchange with a transport error instead of a packet: -404 (auth key unknown to the
 * server, or a malformed packet), -429 (too many connections), -444 (invalid DC).
 */
public final class TransportException extends IOException {
    private final int code;

    public TransportException(int code) {
        super("transport error " + code
                + switch (code) {
                    case -404 -> " (the server does not know this auth key, or the packet was malformed)";
                    case -429 -> " (too many connections or requests; wait and retry)";
                    case -444 -> " (invalid DC)";
                    default -> "";
                });
        this.code = code;
    }

    public int code() {
        return code;
    }
}
