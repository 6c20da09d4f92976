package dev.chatgeist.telegram.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * An open TCP stream to a Telegram DC, possibly through a proxy: what a transport frames its packets on. {@code in}
 * and {@code out} may wrap the socket's own streams (a proxy handshake already done, the first bytes checked).
 */
public record Wire(Socket socket, InputStream in, OutputStream out) implements Closeable {

    /** The socket's own streams. */
    public static Wire of(Socket socket) throws IOException {
        return new Wire(socket, socket.getInputStream(), socket.getOutputStream());
    }

    /** Closes the socket (and so both streams); a failure to close is of no further interest. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
