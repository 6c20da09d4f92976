package dev.chatgeist.telegram.mtproto;

import dev.chatgeist.telegram.net.Wire;
import dev.chatgeist.telegram.net.WrongNetworkException;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The obfuscated transport, as Telegram's official apps and TDLib connect: padded intermediate framing inside
 * {@link Obfuscation}, so that nothing on the wire (no fixed opening bytes, no packet lengths) marks the connection
 * as MTProto. Through an MTProxy the same, keyed with the proxy's secret and naming the DC the proxy is to reach;
 * a plain secret uses the unpadded intermediate framing (older proxies know no other), {@code dd} the padded one,
 * {@code ee} wraps everything in {@link FakeTls}.
 */
public final class ObfuscatedTransport {
    private ObfuscatedTransport() {}

    /** Straight to Telegram DC {@code dc} on {@code wire}. */
    public static Transport over(Wire wire, int dc, SecureRandom random) throws IOException {
        return open(wire, Obfuscation.create(random, Obfuscation.TAG_PADDED_INTERMEDIATE, dc, null), random);
    }

    /**
     * To DC {@code dc} through the MTProxy at the other end of {@code wire}; {@code proxyName} (host:port) is for
     * the error when the proxy hangs up without an answer, which is what an MTProxy does with a wrong secret, and
     * also when it cannot reach Telegram. {@code answeredBefore} is shared by the connections through this proxy and
     * set by the first answer: once the secret has worked, such a hang-up is a refused connection (retried with
     * backoff, as after -429 from a DC that takes no connections for a while), not a wrong secret.
     */
    public static Transport throughMtProxy(
            Wire wire,
            String proxyName,
            int dc,
            MtProxySecret secret,
            AtomicBoolean answeredBefore,
            SecureRandom random)
            throws IOException {
        Wire w = secret.mode() == MtProxySecret.Mode.FAKE_TLS
                ? FakeTls.handshake(wire, proxyName, secret, random)
                : wire;
        boolean padded = secret.mode() != MtProxySecret.Mode.PLAIN;
        int tag = padded ? Obfuscation.TAG_PADDED_INTERMEDIATE : Obfuscation.TAG_INTERMEDIATE;
        Transport t = open(w, Obfuscation.create(random, tag, dc, secret.key()), padded ? random : null);
        return new ProxiedTransport(t, proxyName, answeredBefore);
    }

    private static Transport open(Wire wire, Obfuscation o, SecureRandom padding) throws IOException {
        // the header leaves with the first packet, in one write
        OutputStream raw = new BufferedOutputStream(wire.out(), 1 << 16);
        raw.write(o.header());
        Wire inner = new Wire(wire.socket(), o.decrypting(wire.in()), o.encrypting(raw));
        return IntermediateTransport.afterTag(inner, padding);
    }

    /** Turns "closed before any answer" into what it means behind an MTProxy. */
    private static final class ProxiedTransport implements Transport {
        private final Transport inner;
        private final String proxyName;
        private final AtomicBoolean answeredBefore;
        private boolean answered;

        ProxiedTransport(Transport inner, String proxyName, AtomicBoolean answeredBefore) {
            this.inner = inner;
            this.proxyName = proxyName;
            this.answeredBefore = answeredBefore;
        }

        @Override
        public void send(byte[] packet) throws IOException {
            inner.send(packet);
        }

        @Override
        public byte[] receive() throws IOException {
            try {
                byte[] p = inner.receive();
                answered = true;
                answeredBefore.set(true);
                return p;
            } catch (EOFException | SocketException e) {
                if (answered) {
                    throw e;
                }
                if (answeredBefore.get()) {
                    throw new ConnectException("the MTProxy at " + proxyName + " closed the connection without "
                            + "answering; its secret worked before, so it cannot reach Telegram at the moment");
                }
                throw new WrongNetworkException("the MTProxy at " + proxyName + " closed the connection without "
                        + "answering: its secret is not the one in TELEGRAM_PROXY (or the proxy cannot reach "
                        + "Telegram); check the secret in TELEGRAM_PROXY=mtproxy://<secret>@" + proxyName);
            }
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
