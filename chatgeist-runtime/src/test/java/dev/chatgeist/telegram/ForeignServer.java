package dev.chatgeist.telegram;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that is not Telegram, on what the client takes for a DC's port: once the client has sent its
 * first bytes it answers with fixed bytes and closes, as an HTTP proxy, a captive portal or a TLS server (an
 * HTTPS-inspecting firewall) does when it receives something it does not understand.
 */
public final class ForeignServer implements AutoCloseable {
    /** What nginx answers to a request it cannot parse. */
    public static final byte[] HTTP_400 = ("HTTP/1.1 400 Bad Request\r\nServer: nginx\r\nContent-Type: text/html\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** A TLS 1.2 fatal alert, decode_error (50): a TLS server's answer to bytes that are no ClientHello. */
    public static final byte[] TLS_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32};
    /** The start of a TLS ServerHello record (handshake type 2), as a TLS server that takes anything sends. */
    public static final byte[] TLS_SERVER_HELLO = {
        0x16, 0x03, 0x03, 0x00, 0x3a, 0x02, 0x00, 0x00, 0x36, 0x03, 0x03, 0x11, 0x22, 0x33, 0x44, 0x55
    };

    private final ServerSocket server;
    private final byte[] answer;
    private final AtomicInteger connections = new AtomicInteger();

    public ForeignServer(byte[] answer) throws IOException {
        this.answer = answer;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "foreign-server");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[1024];
                if (in.read(buf) > 0) {
                    s.getOutputStream().write(answer);
                    s.getOutputStream().flush();
                    s.shutdownOutput();
                    // read on until the client closes: closing with unread input would reset the connection
                    s.setSoTimeout(5_000);
                    while (in.read(buf) >= 0) {
                        // discard
                    }
                }
            } catch (IOException e) {
                // next one
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
