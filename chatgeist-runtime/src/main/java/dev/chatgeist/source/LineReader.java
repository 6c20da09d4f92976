package dev.chatgeist.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines the way Python's text mode does (universal newlines: {@code \n}, {@code \r\n}
 * and a lone {@code \r} each end a line), so that line numbers match the Python converter's. Hands out each line as
 * a slice of an internal buffer, valid until the next call: no per-line allocation.
 */
final class LineReader {
    private final InputStream in;
    private byte[] buf = new byte[1 << 20];
    private int start;
    private int end;
    private boolean eof;
    private long consumed;

    private int lineOff;
    private int lineLen;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Advances to the next line; false at the end of input. */
    boolean next() throws IOException {
        int scan = start;
        while (true) {
            for (int i = scan; i < end; i++) {
                byte b = buf[i];
                if (b == '\n' || b == '\r') {
                    if (b == '\r' && i + 1 >= end && !eof) {
                        // a \r at the buffer's end may be the first half of \r\n
                        scan = i;
                        break;
                    }
                    lineOff = start;
                    lineLen = i - start;
                    int next = i + 1;
                    if (b == '\r' && next < end && buf[next] == '\n') {
                        next++;
                    }
                    consumed += next - start;
                    start = next;
                    return true;
                }
                scan = i + 1;
            }
            if (eof) {
                if (start < end) {
                    lineOff = start;
                    lineLen = end - start;
                    consumed += end - start;
                    start = end;
                    return true;
                }
                return false;
            }
            scan = fill(scan);
        }
    }

    /** Reads more input, compacting or growing the buffer; returns where scanning resumes. */
    private int fill(int scan) throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            scan -= start;
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
        return scan;
    }

    byte[] buffer() {
        return buf;
    }

    int offset() {
        return lineOff;
    }

    int length() {
        return lineLen;
    }

    /** Bytes consumed so far, including line endings. */
    long consumed() {
        return consumed;
    }
}
