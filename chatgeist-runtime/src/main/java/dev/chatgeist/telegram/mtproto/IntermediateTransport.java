package dev.chatgeist.telegram.mtproto;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * MTProto's intermediate TCP transport: the client opens with 0xeeeeeeee, then every packet in either direction is
 * a 4-byte little-endian length followed by the packet. A 4-byte packet holding a negative number is an error code.
 */
public final class IntermediateTransport implements Transport {
    private static final int MAX_PACKET = 32 << 20;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private IntermediateTransport(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    public static IntermediateTransport connect(String host, int port, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setSoTimeout((int) readTimeout.toMillis());
            IntermediateTransport t = new IntermediateTransport(s);
            t.out.write(new byte[] {(byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee});
            return t;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public void send(byte[] packet) throws IOException {
        int n = packet.length;
        out.write(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        out.write(packet);
        out.flush();
    }

    @Override
    public byte[] receive() throws IOException {
        byte[] header = new byte[4];
        readFully(in, header);
        int n = Bytes.intLe(header, 0);
        if (n < 4 || n > MAX_PACKET) {
            throw new IOException("invalid packet length " + n + " from the server");
        }
        byte[] packet = new byte[n];
        readFully(in, packet);
        if (n == 4) {
            throw new TransportException(Bytes.intLe(packet, 0));
        }
        return packet;
    }

    private static void readFully(InputStream in, byte[] b) throws IOException {
        int done = 0;
        while (done < b.length) {
            int r = in.read(b, done, b.length - done);
            if (r < 0) {
                throw new EOFException("the server closed the connection");
            }
            done += r;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
