package dev.chatgeist.telegram.tl;

import dev.chatgeist.telegram.tl.api.TlApi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16 | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return v;
    }

    public long readLong() {
        long lo = readInt() & 0xffffffffL;
        long hi = readInt() & 0xffffffffL;
        return lo | hi << 32;
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
        need(1);
        int n = buf[pos++] & 0xff;
        int header = 1;
        if (n == 254) {
            need(3);
            n = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16;
            pos += 3;
            header = 4;
        } else if (n == 255) {
            throw new TlException("invalid TL bytes length prefix 0xff at offset " + (pos - 1));
        }
        byte[] b = readRaw(n);
        skip((4 - (header + n) % 4) % 4);
        return b;
    }

    public String readString() {
        return new String(readBytes(), StandardCharsets.UTF_8);
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
        return (TlObject) read(TlType.parse("Object", false));
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
                    throw new TlException(String.format("unknown TL constructor 0x%08x where %s was expected "
                            + "(schema layer %d): the server speaks a newer layer", id, t, schema.layer()));
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
        List<TlParam> params = c.params();
        Object[] values = new Object[params.size()];
        for (int i = 0; i < params.size(); i++) {
            TlParam p = params.get(i);
            if (p.conditional()) {
                int flags = (Integer) values[p.flagField()];
                if ((flags & (1 << p.flagBit())) == 0) {
                    continue;
                }
            }
            values[i] = read(p.type());
        }
        TlObject typed = TlApi.create(c, values);
        return typed != null ? typed : new TlObject(c, values);
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
