package dev.chatgeist.telegram.mtproto;

import java.io.IOException;
import java.io.InputStream;

/** A stream that transforms what it reads in chunks: subclasses give only the array read. */
abstract class ArrayInputStream extends InputStream {
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
