package dev.chatgeist.telegram.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reaches a DC through a SOCKS5 proxy (RFC 1928 CONNECT, with RFC 1929 user/password authentication when
 * credentials are given). IP literals go to the proxy as IPv4/IPv6 addresses, other names as names.
 */
public final class Socks5WireOpener implements WireOpener {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int VERSION = 5;
    private static final int NO_AUTH = 0x00;
    private static final int USER_PASSWORD = 0x02;
    private static final int NO_ACCEPTABLE_METHOD = 0xff;

    private final String proxyHost;
    private final int proxyPort;
    private final Optional<Socks5Credentials> credentials;
    private final WireOpener toProxy;

    public Socks5WireOpener(
            String proxyHost, int proxyPort, Optional<Socks5Credentials> credentials, WireOpener toProxy) {
        this.proxyHost = proxyHost;
        this.proxyPort = proxyPort;
        this.credentials = credentials;
        this.toProxy = toProxy;
    }

    @Override
    public Wire open(String host, int port, Duration connectTimeout, Duration readTimeout) throws IOException {
        Wire wire;
        try {
            wire = toProxy.open(proxyHost, proxyPort, connectTimeout, connectTimeout);
        } catch (IOException e) {
            ConnectException c = new ConnectException(
                    "cannot connect to the SOCKS5 proxy " + proxy() + " (TELEGRAM_PROXY): " + e.getMessage());
            c.initCause(e);
            throw c;
        }
        try {
            wire.socket().setSoTimeout((int) connectTimeout.toMillis()); // the handshake is part of connecting
            greet(wire);
            connect(wire, host, port);
            wire.socket().setSoTimeout((int) readTimeout.toMillis());
            return wire;
        } catch (SocketTimeoutException e) {
            wire.close();
            SocketTimeoutException t = new SocketTimeoutException("the SOCKS5 proxy " + proxy()
                    + " did not answer within " + connectTimeout.toSeconds() + " s (TELEGRAM_PROXY)");
            t.initCause(e);
            throw t;
        } catch (IOException | RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    private void greet(Wire wire) throws IOException {
        OutputStream out = wire.out();
        if (credentials.isPresent()) {
            out.write(new byte[] {VERSION, 2, NO_AUTH, USER_PASSWORD});
        } else {
            out.write(new byte[] {VERSION, 1, NO_AUTH});
        }
        out.flush();
        byte[] choice = read(wire.in(), 2, "its choice of login method");
        if (choice[0] != VERSION) {
            throw notSocks5(choice);
        }
        int method = choice[1] & 0xff;
        if (method == NO_AUTH) {
            return;
        }
        if (method == USER_PASSWORD && credentials.isPresent()) {
            authenticate(wire, credentials.get());
            return;
        }
        if (method == NO_ACCEPTABLE_METHOD && credentials.isEmpty()) {
            throw new WrongNetworkException("the SOCKS5 proxy " + proxy() + " wants a user name and password; "
                    + "put them into .env as TELEGRAM_PROXY=socks5://user:password@" + proxy());
        }
        throw new WrongNetworkException("the SOCKS5 proxy " + proxy() + " accepts none of the login methods "
                + "chatgeist offers (" + (credentials.isPresent() ? "none, user/password" : "none")
                + "; it chose method " + method + "); configure it for "
                + (credentials.isPresent() ? "user/password" : "no") + " authentication or use another proxy");
    }

    private void authenticate(Wire wire, Socks5Credentials c) throws IOException {
        byte[] user = c.user().getBytes(StandardCharsets.UTF_8);
        byte[] password = c.password().getBytes(StandardCharsets.UTF_8);
        byte[] request = new byte[3 + user.length + password.length];
        request[0] = 1; // the sub-negotiation's version
        request[1] = (byte) user.length;
        System.arraycopy(user, 0, request, 2, user.length);
        request[2 + user.length] = (byte) password.length;
        System.arraycopy(password, 0, request, 3 + user.length, password.length);
        wire.out().write(request);
        wire.out().flush();
        byte[] status = read(wire.in(), 2, "its answer to the user name and password");
        if (status[1] != 0) {
            throw new WrongNetworkException("the SOCKS5 proxy " + proxy() + " refused the user name '" + c.user()
                    + "' and its password; correct them in TELEGRAM_PROXY in .env");
        }
    }

    private void connect(Wire wire, String host, int port) throws IOException {
        byte[] address = address(host);
        byte[] request = new byte[3 + address.length + 2];
        request[0] = VERSION;
        request[1] = 1; // CONNECT; request[2] is reserved
        System.arraycopy(address, 0, request, 3, address.length);
        request[request.length - 2] = (byte) (port >>> 8);
        request[request.length - 1] = (byte) port;
        wire.out().write(request);
        wire.out().flush();
        byte[] head = read(wire.in(), 4, "its answer to CONNECT");
        if (head[0] != VERSION) {
            throw notSocks5(head);
        }
        int reply = head[1] & 0xff;
        if (reply != 0) {
            String what = Socks5Reply.describe(reply);
            String target = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            String message = "the SOCKS5 proxy " + proxy() + " could not connect to Telegram at " + target + ": " + what
                    + " (SOCKS5 reply " + reply + ")";
            if (Socks5Reply.permanent(reply)) {
                throw new WrongNetworkException(message + "; change the proxy's configuration or TELEGRAM_PROXY");
            }
            throw new ConnectException(message); // may pass, or another address of the DC may work
        }
        int rest = switch (head[3]) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> read(wire.in(), 1, "its bound address")[0] & 0xff;
            default ->
                throw new IOException(
                        "the SOCKS5 proxy " + proxy() + " answered CONNECT with an unknown address type " + head[3]);
        };
        read(wire.in(), rest + 2, "its bound address"); // where the proxy connected from: of no use here
    }

    /** ATYP followed by the address: 1 + 4 bytes (IPv4), 4 + 16 bytes (IPv6), 3 + length + name. */
    private static byte[] address(String host) throws IOException {
        if (IPV4.matcher(host).matches() || host.contains(":")) {
            byte[] ip = InetAddress.getByName(host).getAddress(); // a literal: no name lookup
            byte[] a = new byte[1 + ip.length];
            a[0] = (byte) (ip.length == 4 ? 1 : 4);
            System.arraycopy(ip, 0, a, 1, ip.length);
            return a;
        }
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        byte[] a = new byte[2 + name.length];
        a[0] = 3;
        a[1] = (byte) name.length;
        System.arraycopy(name, 0, a, 2, name.length);
        return a;
    }

    private WrongNetworkException notSocks5(byte[] first) {
        if (first[0] == 'H') {
            return new WrongNetworkException("the proxy " + proxy() + " answered HTTP, not SOCKS5: it is an HTTP "
                    + "proxy; TELEGRAM_PROXY needs a SOCKS5 proxy (socks5://host:port) or an MTProxy");
        }
        return new WrongNetworkException("the proxy " + proxy() + " does not speak SOCKS5 (it answered with "
                + String.format("0x%02x", first[0] & 0xff) + "); check the host and port in TELEGRAM_PROXY");
    }

    private byte[] read(InputStream in, int n, String what) throws IOException {
        byte[] b = new byte[n];
        int done = 0;
        while (done < n) {
            int r = in.read(b, done, n - done);
            if (r < 0) {
                throw new EOFException(
                        "the SOCKS5 proxy " + proxy() + " closed the connection instead of sending " + what);
            }
            done += r;
        }
        return b;
    }

    private String proxy() {
        return (proxyHost.contains(":") ? "[" + proxyHost + "]" : proxyHost) + ":" + proxyPort;
    }
}
