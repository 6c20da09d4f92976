package dev.chatgeist.plugin.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal ssh-agent client (draft-miller-ssh-agent): list identities, sign. Talks over the agent's Unix socket
 * with the JDK's own Unix-domain channels, so sshj gets agent support without a native or Kotlin library. One
 * short connection per request, as ssh(1) does for its few requests.
 */
final class SshAgentClient {
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    static final int RSA_SHA2_256 = 2;
    static final int RSA_SHA2_512 = 4;
    private static final int MAX_MESSAGE = 256 * 1024;

    /** A key the agent holds. */
    record Identity(SshPublicKey publicKey, String comment) {}

    private final Path socket;

    SshAgentClient(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    List<Identity> identities() throws IOException {
        ByteBuffer reply = request(new byte[] {REQUEST_IDENTITIES});
        expect(reply, IDENTITIES_ANSWER, "list its keys");
        int count = reply.getInt();
        List<Identity> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] blob = string(reply);
            String comment = new String(string(reply), StandardCharsets.UTF_8);
            try {
                result.add(new Identity(SshPublicKey.fromBlob(blob), comment));
            } catch (IllegalArgumentException unusable) {
                // a key type we cannot even name: skip it, as ssh(1) skips unsupported identities
            }
        }
        return result;
    }

    /** The agent's signature of {@code data} (an SSH signature blob: string algorithm, string signature). */
    byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeByte(SIGN_REQUEST);
        out.writeInt(keyBlob.length);
        out.write(keyBlob);
        out.writeInt(data.length);
        out.write(data);
        out.writeInt(flags);
        ByteBuffer reply = request(body.toByteArray());
        expect(reply, SIGN_RESPONSE, "sign with key " + SshPublicKey.fromBlob(keyBlob));
        return string(reply);
    }

    private ByteBuffer request(byte[] message) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(4 + message.length)
                    .putInt(message.length)
                    .put(message)
                    .flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteBuffer header = readFully(channel, 4);
            int length = header.getInt();
            if (length <= 0 || length > MAX_MESSAGE) {
                throw new IOException("ssh-agent at " + socket + " sent a malformed answer");
            }
            return readFully(channel, length);
        }
    }

    private ByteBuffer readFully(SocketChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("ssh-agent at " + socket + " closed the connection mid-answer");
            }
        }
        return buffer.flip();
    }

    private void expect(ByteBuffer reply, byte type, String what) throws IOException {
        byte got = reply.get();
        if (got != type) {
            throw new IOException("ssh-agent at " + socket + " refused to " + what + " (answer " + got + ")");
        }
    }

    private static byte[] string(ByteBuffer buffer) throws IOException {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new IOException("malformed ssh-agent answer");
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }
}
