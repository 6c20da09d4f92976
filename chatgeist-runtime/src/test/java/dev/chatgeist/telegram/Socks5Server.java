package dev.chatgeist.telegram;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small SOCKS5 server on loopback (RFC 1928 CONNECT, RFC 1929 user/password), standing for a real SOCKS5 proxy
 * such as Dante or {@code ssh -D}: it relays bytes between the client and the target it was asked for, and records
 * each CONNECT's target. {@link #failWith} makes it answer CONNECT with a reply code instead.
 */
public final class Socks5Server implements AutoCloseable {
    /** A CONNECT the server received: the address type (1 IPv4, 3 name, 4 IPv6), the host and the port. */
    public record Target(int addressType, String host, int port) {}

    private final ServerSocket server;
    private final Optional<String> user;
    private final Optional<String> password;
    private final List<Target> targets = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile int failReply;

    /** Without authentication. */
    public Socks5Server() throws IOException {
        this(null, null);
    }

    /** Requiring {@code user} and {@code password} (both null: no authentication). */
    public Socks5Server(String user, String password) throws IOException {
        this.user = Optional.ofNullable(user);
        this.password = Optional.ofNullable(password);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "socks5-server");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Target> targets() {
        return targets;
    }

    /** Answers the next CONNECTs with {@code reply} (0: connect again). */
    public void failWith(int reply) {
        failReply = reply;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "socks5-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            if (in.readUnsignedByte() != 5) {
                return;
            }
            byte[] methods = new byte[in.readUnsignedByte()];
            in.readFully(methods);
            int wanted = user.isPresent() ? 2 : 0;
            if (!contains(methods, wanted)) {
                out.write(new byte[] {5, (byte) 0xff});
                return;
            }
            out.write(new byte[] {5, (byte) wanted});
            if (wanted == 2 && !authenticated(in, out)) {
                return;
            }
            byte[] head = new byte[4];
            in.readFully(head);
            if (head[0] != 5 || head[1] != 1) {
                out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
                return;
            }
            String host;
            if (head[3] == 1 || head[3] == 4) {
                byte[] ip = new byte[head[3] == 1 ? 4 : 16];
                in.readFully(ip);
                host = InetAddress.getByAddress(ip).getHostAddress();
            } else if (head[3] == 3) {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                host = new String(name, StandardCharsets.US_ASCII);
            } else {
                out.write(new byte[] {5, 8, 0, 1, 0, 0, 0, 0, 0, 0});
                return;
            }
            int port = in.readUnsignedShort();
            targets.add(new Target(head[3], host, port));
            if (failReply != 0) {
                out.write(new byte[] {5, (byte) failReply, 0, 1, 0, 0, 0, 0, 0, 0});
                return;
            }
            Socket target = new Socket();
            try (target) {
                try {
                    target.connect(new InetSocketAddress(host, port), 5_000);
                } catch (IOException e) {
                    out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0}); // connection refused
                    return;
                }
                open.add(target);
                byte[] bound = target.getLocalAddress().getAddress();
                out.write(new byte[] {5, 0, 0, (byte) (bound.length == 4 ? 1 : 4)});
                out.write(bound);
                out.write(new byte[] {(byte) (target.getLocalPort() >>> 8), (byte) target.getLocalPort()});
                out.flush();
                Thread up = new Thread(() -> relay(in, target), "socks5-up");
                up.setDaemon(true);
                up.start();
                relay(target.getInputStream(), client);
            }
        } catch (IOException e) {
            // the client or the target went away
        }
    }

    private boolean authenticated(DataInputStream in, OutputStream out) throws IOException {
        if (in.readUnsignedByte() != 1) {
            return false;
        }
        byte[] u = new byte[in.readUnsignedByte()];
        in.readFully(u);
        byte[] p = new byte[in.readUnsignedByte()];
        in.readFully(p);
        boolean ok = user.get().equals(new String(u, StandardCharsets.UTF_8))
                && password.get().equals(new String(p, StandardCharsets.UTF_8));
        out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
        return ok; // RFC 1929: on failure the server closes the connection
    }

    private static void relay(InputStream from, Socket to) {
        byte[] buf = new byte[1 << 16];
        try {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = from.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }

    private static boolean contains(byte[] methods, int m) {
        for (byte b : methods) {
            if (b == m) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
