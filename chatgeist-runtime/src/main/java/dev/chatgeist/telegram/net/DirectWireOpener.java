package dev.chatgeist.telegram.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A plain TCP connection straight to the DC. */
public final class DirectWireOpener implements WireOpener {
    @Override
    public Wire open(String host, int port, Duration connectTimeout, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setSoTimeout((int) readTimeout.toMillis());
            return Wire.of(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }
}
