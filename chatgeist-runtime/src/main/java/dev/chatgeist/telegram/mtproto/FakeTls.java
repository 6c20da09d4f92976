package dev.chatgeist.telegram.mtproto;

import dev.chatgeist.telegram.net.Wire;
import dev.chatgeist.telegram.net.WrongNetworkException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MTProxy's fake TLS ({@code ee} secrets), as TDLib speaks it: the client sends a TLS 1.3 ClientHello for the
 * secret's domain whose random field is HMAC-SHA256(key, the hello with a zero random) with the current unix time
 * XORed into its last 4 bytes; the proxy answers ServerHello, ChangeCipherSpec and one application-data record, its
 * random HMAC-SHA256(key, client random ‖ the answer with a zero random). From then on the obfuscated stream
 * travels in TLS application-data records (after one ChangeCipherSpec from the client). To an observer it is
 * HTTPS to that domain.
 */
final class FakeTls {
    private static final int HELLO_SIZE = 517;
    private static final int MAX_RECORD = 1 << 14;
    private static final byte[] CHANGE_CIPHER_SPEC = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};

    private FakeTls() {}

    static Wire handshake(Wire wire, String proxyName, MtProxySecret secret, SecureRandom random) throws IOException {
        byte[] hello = clientHello(secret.tlsDomain(), random);
        byte[] mac = hmac(secret.key(), hello);
        int now = (int) (System.currentTimeMillis() / 1000);
        for (int i = 0; i < 4; i++) {
            mac[28 + i] ^= (byte) (now >>> (8 * i));
        }
        System.arraycopy(mac, 0, hello, 11, 32);
        wire.out().write(hello);
        wire.out().flush();

        DataInputStream in = new DataInputStream(wire.in());
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            readRecord(in, 0x16, answer, proxyName);
            byte[] ccs = new byte[6];
            in.readFully(ccs);
            if (!MessageDigest.isEqual(ccs, CHANGE_CIPHER_SPEC)) {
                throw notAProxy(proxyName);
            }
            answer.write(ccs);
            readRecord(in, 0x17, answer, proxyName);
        } catch (EOFException | java.net.SocketException e) {
            throw new WrongNetworkException("the MTProxy at " + proxyName + " closed the connection during the fake "
                    + "TLS handshake: its secret or domain is not the one in TELEGRAM_PROXY; check TELEGRAM_PROXY");
        }
        byte[] a = answer.toByteArray();
        byte[] serverRandom = Bytes.slice(a, 11, 43);
        java.util.Arrays.fill(a, 11, 43, (byte) 0);
        if (!MessageDigest.isEqual(serverRandom, hmac(secret.key(), Bytes.concat(Bytes.slice(hello, 11, 43), a)))) {
            throw notAProxy(proxyName);
        }
        return new Wire(wire.socket(), new RecordInput(in), new RecordOutput(wire.out()));
    }

    private static WrongNetworkException notAProxy(String proxyName) {
        return new WrongNetworkException("the server at " + proxyName + " answered TLS but not as an MTProxy with the "
                + "secret in TELEGRAM_PROXY (a real HTTPS server, or a wrong secret); check TELEGRAM_PROXY");
    }

    private static void readRecord(DataInputStream in, int type, ByteArrayOutputStream into, String proxyName)
            throws IOException {
        byte[] head = new byte[5];
        in.readFully(head);
        if ((head[0] & 0xff) != type || head[1] != 3 || head[2] != 3) {
            throw notAProxy(proxyName);
        }
        byte[] body = new byte[((head[3] & 0xff) << 8) | (head[4] & 0xff)];
        in.readFully(body);
        into.write(head);
        into.write(body);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /** A ClientHello shaped like a browser's (TLS 1.3, GREASE, SNI, key share), padded to 517 bytes, zero random. */
    static byte[] clientHello(String domain, SecureRandom random) {
        byte[] name = domain.getBytes(StandardCharsets.US_ASCII);
        int grease = ((random.nextInt(16) << 4) | 0x0a) * 0x0101;
        Out ext = new Out();
        ext.u16(grease).u16(0);
        ext.u16(0x0000)
                .u16(name.length + 5)
                .u16(name.length + 3)
                .u8(0)
                .u16(name.length)
                .bytes(name); // server_name
        ext.u16(0x0017).u16(0); // extended_master_secret
        ext.u16(0xff01).u16(1).u8(0); // renegotiation_info
        ext.u16(0x000a).u16(10).u16(8).u16(grease).u16(0x001d).u16(0x0017).u16(0x0018); // supported_groups
        ext.u16(0x000b).u16(2).u8(1).u8(0); // ec_point_formats
        ext.u16(0x0023).u16(0); // session_ticket
        ext.u16(0x0010).u16(14).u16(12).u8(2).bytes("h2".getBytes(StandardCharsets.US_ASCII));
        ext.u8(8).bytes("http/1.1".getBytes(StandardCharsets.US_ASCII)); // ALPN
        ext.u16(0x0005).u16(5).u8(1).u16(0).u16(0); // status_request
        ext.u16(0x000d).u16(18).u16(16); // signature_algorithms
        for (int alg : new int[] {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601}) {
            ext.u16(alg);
        }
        ext.u16(0x0012).u16(0); // signed_certificate_timestamp
        ext.u16(0x0033)
                .u16(43)
                .u16(41)
                .u16(grease)
                .u16(1)
                .u8(0)
                .u16(0x001d)
                .u16(32)
                .random(32, random); // key_share
        ext.u16(0x002d).u16(2).u8(1).u8(1); // psk_key_exchange_modes
        ext.u16(0x002b)
                .u16(11)
                .u8(10)
                .u16(grease)
                .u16(0x0304)
                .u16(0x0303)
                .u16(0x0302)
                .u16(0x0301); // versions
        ext.u16(0x001b).u16(3).u8(2).u16(2); // compress_certificate
        ext.u16(grease ^ 0x1010).u16(1).u8(0);

        Out body = new Out();
        body.u16(0x0303).random(32, null).u8(32).random(32, random);
        int[] suites = {
            grease, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c,
            0x009d, 0x002f, 0x0035
        };
        body.u16(suites.length * 2);
        for (int s : suites) {
            body.u16(s);
        }
        body.u8(1).u8(0);
        int unpadded = 5 + 4 + body.size() + 2 + ext.size() + 4;
        int pad = Math.max(0, HELLO_SIZE - unpadded);
        ext.u16(0x0015).u16(pad).bytes(new byte[pad]); // padding
        body.u16(ext.size()).bytes(ext.toByteArray());

        Out hello = new Out();
        hello.u8(0x16)
                .u16(0x0301)
                .u16(body.size() + 4)
                .u8(1)
                .u8(0)
                .u16(body.size())
                .bytes(body.toByteArray());
        return hello.toByteArray();
    }

    private static final class Out extends ByteArrayOutputStream {
        Out u8(int v) {
            write(v);
            return this;
        }

        Out u16(int v) {
            write(v >>> 8);
            write(v);
            return this;
        }

        Out bytes(byte[] b) {
            write(b, 0, b.length);
            return this;
        }

        /** n random bytes, or n zero bytes when {@code random} is null. */
        Out random(int n, SecureRandom random) {
            byte[] b = new byte[n];
            if (random != null) {
                random.nextBytes(b);
            }
            return bytes(b);
        }
    }

    /** The payloads of the server's application-data records, as one stream. */
    private static final class RecordInput extends ArrayInputStream {
        private final DataInputStream in;
        private int left;

        RecordInput(DataInputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (left == 0) {
                byte[] head = new byte[5];
                int first = in.read(head, 0, 1);
                if (first < 0) {
                    return -1;
                }
                in.readFully(head, 1, 4);
                if ((head[0] & 0xff) != 0x17 || head[1] != 3 || head[2] != 3) {
                    throw new IOException("the MTProxy sent a TLS record of type " + (head[0] & 0xff)
                            + " where application data was expected");
                }
                left = ((head[3] & 0xff) << 8) | (head[4] & 0xff);
            }
            int n = in.read(b, off, Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Everything written goes out in application-data records, the first preceded by a ChangeCipherSpec. */
    private static final class RecordOutput extends OutputStream {
        private final OutputStream out;
        private boolean started;

        RecordOutput(OutputStream out) {
            this.out = new java.io.BufferedOutputStream(out, 1 << 16); // record headers and payloads in one write
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!started) {
                out.write(CHANGE_CIPHER_SPEC);
                started = true;
            }
            for (int at = off; at < off + len; at += MAX_RECORD) {
                int n = Math.min(MAX_RECORD, off + len - at);
                out.write(new byte[] {0x17, 0x03, 0x03, (byte) (n >>> 8), (byte) n});
                out.write(b, at, n);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
