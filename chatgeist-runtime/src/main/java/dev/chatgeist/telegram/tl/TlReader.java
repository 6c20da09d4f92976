package dev.chatgeist.telegram.tl;

import dev.chatgeist.telegram.tl.api.TlApi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads TL binary data against the schema. {@code gzip_packed} objects are unpacked transparently; an unknown
 * constructor is reported with its id and the type that was expected.
 */
public final class TlReader {
    private static final int MAX_UNPACKED = 64 << 20;
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final TlType ANY_OBJECT = TlType.parse("Object", false);

    private final TlSchema schema;
    private final byte[] buf;
    private int pos;
    private final int end;

    public TlReader(TlSchema schema, byte[] buf) {
        this(schema, buf, 0, buf.length);
    }

    public TlReader(TlSchema schema, byte[] buf, int offset, int length) {
        this.schema = schema;
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    private void need(int n) {
        if (n < 0 || end - pos < n) {
            throw new TlException("truncated TL data: need " + n + " bytes at offset " + pos + ", have " + (end - pos));
        }
    }

    public int readInt() {
        need(4);
        int v = (int) INT_LE.get(buf, pos);
        pos += 4;
        return v;
    }

    public long readLong() {
        need(8);
        long v = (long) LONG_LE.get(buf, pos);
        pos += 8;
        return v;
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    public byte[] readRaw(int n) {
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    public byte[] readBytes() {
        int n = bytesHeader();
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n + padding(n);
        return b;
    }

    /** A TL string, decoded in place (no copy of its bytes first: strings are most of a history page). */
    public String readString() {
        int n = bytesHeader();
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n + padding(n);
        return s;
    }

    /** Reads the length prefix (1 byte, or 0xfe + 3 bytes) and checks that the data and padding are there. */
    private int bytesHeader() {
        need(1);
        int n = buf[pos++] & 0xff;
        if (n == 254) {
            need(3);
            n = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16;
            pos += 3;
            need(n + (4 - n % 4) % 4);
        } else if (n == 255) {
            throw new TlException("invalid TL bytes length prefix 0xff at offset " + (pos - 1));
        } else {
            need(n + (4 - (1 + n) % 4) % 4);
        }
        return n;
    }

    /** Padding after {@code n} data bytes, the prefix (1 or 4 bytes) included in the count to 4. */
    private static int padding(int n) {
        return n < 254 ? (4 - (1 + n) % 4) % 4 : (4 - n % 4) % 4;
    }

    public boolean readBool() {
        int id = readInt();
        if (id == TlSchema.BOOL_TRUE_ID) {
            return true;
        }
        if (id == TlSchema.BOOL_FALSE_ID) {
            return false;
        }
        throw new TlException(String.format("expected Bool, found constructor 0x%08x", id));
    }

    /** A boxed object of any type. */
    public TlObject readObject() {
        return (TlObject) read(ANY_OBJECT);
    }

    /** A value of type {@code t} (for boxed types: constructor id first). */
    public Object read(TlType t) {
        switch (t.kind()) {
            case INT:
                return readInt();
            case LONG:
                return readLong();
            case DOUBLE:
                return readDouble();
            case STRING:
                return readString();
            case BYTES:
                return readBytes();
            case INT128:
                return readRaw(16);
            case INT256:
                return readRaw(32);
            case BOOL:
                return readBool();
            case TRUE:
                return Boolean.TRUE;
            case FLAGS:
                return readInt();
            case VECTOR: {
                int id = readInt();
                if (id == TlSchema.GZIP_PACKED_ID) {
                    return unpacked().read(t);
                }
                if (id != TlSchema.VECTOR_ID) {
                    throw new TlException(String.format("expected %s, found constructor 0x%08x", t, id));
                }
                return readVectorBody(t.element());
            }
            case BARE_VECTOR:
                return readVectorBody(t.element());
            case BARE: {
                TlCombinator c = schema.combinator(t.name());
                return readFields(c);
            }
            case ANY:
            case BOXED:
            default: {
                int id = readInt();
                if (id == TlSchema.GZIP_PACKED_ID) {
                    return unpacked().read(t);
                }
                TlCombinator c = schema.constructor(id);
                if (c == null) {
                    throw new TlException(String.format(
                            "unknown TL constructor 0x%08x where %s was expected "
                                    + "(schema layer %d): the server speaks a newer layer",
                            id, t, schema.layer()));
                }
                return readFields(c);
            }
        }
    }

    private List<Object> readVectorBody(TlType element) {
        int n = readInt();
        if (n < 0 || n > remaining()) {
            throw new TlException("invalid vector length " + n + " at offset " + (pos - 4));
        }
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(read(element));
        }
        return list;
    }

    private TlObject readFields(TlCombinator c) {
        TlParam[] params = c.paramArray();
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            TlParam p = params[i];
            int flagField = p.flagField();
            if (flagField >= 0 && ((Integer) values[flagField] & (1 << p.flagBit())) == 0) {
                continue;
            }
            values[i] = read(p.type());
        }
        return c.slot() >= 0 ? TlApi.create(c.slot(), c, values) : new TlObject(c, values);
    }

    /** gzip_packed: the rest of the object is inside a gzip stream carried as TL bytes. */
    private TlReader unpacked() {
        byte[] packed = readBytes();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            byte[] data = in.readNBytes(MAX_UNPACKED + 1);
            if (data.length > MAX_UNPACKED) {
                throw new TlException("gzip_packed data larger than " + MAX_UNPACKED + " bytes");
            }
            return new TlReader(schema, data);
        } catch (IOException e) {
            throw new TlException("corrupt gzip_packed data: " + e.getMessage(), e);
        }
    }
}
