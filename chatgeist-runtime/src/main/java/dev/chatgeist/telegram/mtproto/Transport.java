package dev.chatgeist.telegram.mtproto;

import java.io.Closeable;
import java.io.IOException;

/** Carries whole MTProto packets to one DC and back. */
public interface Transport extends Closeable {
    void send(byte[] packet) throws IOException;

    /** The next packet; {@link TransportException} when the server answers with a transport error code. */
    byte[] receive() throws IOException;

    @Override
    void close();
}
