package dev.chatgeist.telegram.mtproto;

import dev.chatgeist.telegram.net.Wire;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * MTProto's intermediate TCP transport: the client opens with 0xeeeeeeee, then every packet in either direction is
 * a 4-byte little-endian length followed by the packet. A 4-byte packet holding a negative number is an error code.
 */
public final class IntermediateTransport implements Transport {
    private static final int MAX_PACKET = 32 << 20;

    private final Wire wire;
    private final DataInputStream in;
    private final OutputStream out;

    private IntermediateTransport(Wire wire) {
        this.wire = wire;
        this.in = new DataInputStream(new BufferedInputStream(wire.in(), 1 << 16));
        this.out = new BufferedOutputStream(wire.out(), 1 << 16);
    }

    /** Frames packets on {@code wire}; the 0xeeeeeeee opening goes out with the first packet. */
    public static IntermediateTransport over(Wire wire) throws IOException {
        IntermediateTransport t = new IntermediateTransport(wire);
        t.out.write(new byte[] {(byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee});
        return t;
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
        wire.close();
    }
}
