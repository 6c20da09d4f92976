package dev.chatgeist.telegram.mtproto;

import dev.chatgeist.telegram.net.Wire;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * MTProto's intermediate TCP transport: the client opens with 0xeeeeeeee, then every packet in either direction is
 * a 4-byte little-endian length followed by the packet. A 4-byte packet holding a negative number is an error code.
 * The padded variant (opened with 0xdddddddd, used inside obfuscation) adds 0..15 random bytes to every packet and
 * counts them in the length; the packet's own length then follows from its content.
 */
public final class IntermediateTransport implements Transport {
    private static final int MAX_PACKET = 32 << 20;

    private final Wire wire;
    private final DataInputStream in;
    private final OutputStream out;
    /** Where the padding comes from; null for the unpadded transport. */
    private final SecureRandom padding;

    private IntermediateTransport(Wire wire, SecureRandom padding) {
        this.wire = wire;
        this.in = new DataInputStream(new BufferedInputStream(wire.in(), 1 << 16));
        this.out = new BufferedOutputStream(wire.out(), 1 << 16);
        this.padding = padding;
    }

    /** Frames packets on {@code wire}; the 0xeeeeeeee opening goes out with the first packet. */
    public static IntermediateTransport over(Wire wire) throws IOException {
        IntermediateTransport t = new IntermediateTransport(wire, null);
        t.out.write(new byte[] {(byte) 0xee, (byte) 0xee, (byte) 0xee, (byte) 0xee});
        return t;
    }

    /**
     * Frames packets on a stream whose protocol tag was already sent (in an obfuscation header): padded with
     * random bytes from {@code padding}, or unpadded when it is null.
     */
    static IntermediateTransport afterTag(Wire wire, SecureRandom padding) {
        return new IntermediateTransport(wire, padding);
    }

    @Override
    public void send(byte[] packet) throws IOException {
        int pad = padding == null ? 0 : padding.nextInt(16);
        int n = packet.length + pad;
        out.write(new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)});
        out.write(packet);
        if (pad > 0) {
            byte[] junk = new byte[pad];
            padding.nextBytes(junk);
            out.write(junk);
        }
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
        if (n == 4 || padding != null && n < 24 && Bytes.intLe(packet, 0) < 0) {
            throw new TransportException(Bytes.intLe(packet, 0));
        }
        return padding == null ? packet : unpadded(packet);
    }

    /** A padded packet without its padding: a plain message says its length, an encrypted one is 24 + 16k bytes. */
    private static byte[] unpadded(byte[] p) throws IOException {
        if (p.length < 24) {
            throw new IOException("packet of " + p.length + " bytes is too short for MTProto");
        }
        boolean plain = Bytes.longLe(p, 0) == 0;
        int length = plain ? 20 + Bytes.intLe(p, 16) : 24 + (p.length - 24) / 16 * 16;
        if (length < 20 || length > p.length) {
            throw new IOException("plain message length " + (length - 20) + " does not fit its packet");
        }
        return length == p.length ? p : Bytes.slice(p, 0, length);
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
