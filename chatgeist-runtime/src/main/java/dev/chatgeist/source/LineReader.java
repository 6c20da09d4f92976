package dev.chatgeist.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines the way Python's text mode does (universal newlines: {@code \n}, {@code \r\n}
 * and a lone {@code \r} each end a line), so that line numbers match the Python converter's. Hands out each line as
 * a slice of an internal buffer, valid until the next call: no per-line allocation. A line longer than
 * {@code maxLine} bytes is not held: it is read through to its end and reported by {@link #tooLong()}, so the buffer
 * never grows past {@code maxLine} whatever the file holds.
 */
final class LineReader {
    private final InputStream in;
    private final int maxLine;
    private byte[] buf;
    private int start;
    private int end;
    private boolean eof;
    private long consumed;

    private int lineOff;
    private int lineLen;
    private boolean tooLong;
    private boolean discarding;

    LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
        this.buf = new byte[Math.min(1 << 20, maxLine + 1)];
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
                    tooLong = discarding || lineLen > maxLine;
                    discarding = false;
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
                if (start < end || discarding) {
                    lineOff = start;
                    lineLen = end - start;
                    tooLong = discarding || lineLen > maxLine;
                    discarding = false;
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
        if (scan - start > maxLine) {
            // the line is already too long: keep only what the scan has not seen (a possible \r of a \r\n)
            consumed += scan - start;
            start = scan;
            discarding = true;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            scan -= start;
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxLine + 2L));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
        return scan;
    }

    /** The current line was longer than the limit; its bytes are not available. */
    boolean tooLong() {
        return tooLong;
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
