package dev.chatgeist.sql;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Length-prefixed UTF-8 strings on the worker pipes; a length over the cap is refused before anything is read. */
final class SqlFrames {
    private SqlFrames() {}

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in, int maxBytes) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > maxBytes) {
            throw new IOException("a string of " + n + " bytes on the worker pipe exceeds the cap of " + maxBytes);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
