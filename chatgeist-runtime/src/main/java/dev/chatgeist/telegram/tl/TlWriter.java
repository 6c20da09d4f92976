package dev.chatgeist.telegram.tl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Serializes values to TL's little-endian binary form, driven by the schema's parameter types. */
public final class TlWriter {
    private byte[] buf;
    private int len;

    public TlWriter() {
        this(256);
    }

    public TlWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** The serialized form of {@code object} (boxed: with its constructor id). */
    public static byte[] serialize(TlObject object) {
        TlWriter w = new TlWriter();
        w.writeObject(object);
        return w.toByteArray();
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    public int size() {
        return len;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    public TlWriter writeInt(int v) {
        ensure(4);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 24);
        return this;
    }

    public TlWriter writeLong(long v) {
        writeInt((int) v);
        return writeInt((int) (v >>> 32));
    }

    public TlWriter writeDouble(double v) {
        return writeLong(Double.doubleToRawLongBits(v));
    }

    public TlWriter writeRaw(byte[] b) {
        return writeRaw(b, 0, b.length);
    }

    public TlWriter writeRaw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** TL {@code bytes}/{@code string}: a length prefix (1 byte, or 0xfe + 3 bytes), the data, padding to 4. */
    public TlWriter writeBytes(byte[] b) {
        int n = b.length;
        int header;
        if (n < 254) {
            ensure(1);
            buf[len++] = (byte) n;
            header = 1;
        } else {
            if (n >= 1 << 24) {
                throw new TlException("bytes value of " + n + " bytes is too long for TL");
            }
            ensure(4);
            buf[len++] = (byte) 254;
            buf[len++] = (byte) n;
            buf[len++] = (byte) (n >>> 8);
            buf[len++] = (byte) (n >>> 16);
            header = 4;
        }
        writeRaw(b);
        int pad = (4 - (header + n) % 4) % 4;
        ensure(pad);
        for (int i = 0; i < pad; i++) {
            buf[len++] = 0;
        }
        return this;
    }

    public TlWriter writeString(String s) {
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public TlWriter writeBool(boolean b) {
        return writeInt(b ? TlSchema.BOOL_TRUE_ID : TlSchema.BOOL_FALSE_ID);
    }

    /** A boxed object: constructor id, then its fields. */
    public TlWriter writeObject(TlObject o) {
        writeInt(o.combinator().id());
        return writeBare(o);
    }

    /** The fields of {@code o} without its constructor id. */
    public TlWriter writeBare(TlObject o) {
        TlCombinator c = o.combinator();
        List<TlParam> params = c.params();
        for (int i = 0; i < params.size(); i++) {
            TlParam p = params.get(i);
            if (p.type().kind() == TlType.Kind.FLAGS) {
                writeInt(flagsValue(o, i));
                continue;
            }
            Object v = o.tlValue(i);
            if (p.conditional()) {
                if (!present(p, v)) {
                    continue;
                }
                if (p.type().kind() == TlType.Kind.TRUE) {
                    continue; // the flag bit is the value
                }
            } else if (v == null && p.type().kind() != TlType.Kind.TRUE) {
                throw new TlException(c.name() + "." + p.name() + " is required");
            }
            writeValue(p.type(), v, c.name() + "." + p.name());
        }
        return this;
    }

    private static boolean present(TlParam p, Object v) {
        return v != null && !(p.type().kind() == TlType.Kind.TRUE && Boolean.FALSE.equals(v));
    }

    /** A flags field is the OR of the bits of the conditional fields it guards that have values. */
    private static int flagsValue(TlObject o, int flagsIndex) {
        int flags = 0;
        List<TlParam> params = o.combinator().params();
        for (int i = 0; i < params.size(); i++) {
            TlParam p = params.get(i);
            if (p.flagField() == flagsIndex && present(p, o.tlValue(i))) {
                flags |= 1 << p.flagBit();
            }
        }
        return flags;
    }

    @SuppressWarnings("unchecked")
    private void writeValue(TlType t, Object v, String where) {
        try {
            switch (t.kind()) {
                case INT -> writeInt((Integer) v);
                case LONG -> writeLong((Long) v);
                case DOUBLE -> writeDouble((Double) v);
                case STRING -> writeString((String) v);
                case BYTES -> writeBytes((byte[]) v);
                case INT128 -> writeFixed((byte[]) v, 16, where);
                case INT256 -> writeFixed((byte[]) v, 32, where);
                case BOOL -> writeBool((Boolean) v);
                case TRUE -> {}
                case VECTOR, BARE_VECTOR -> {
                    List<Object> list = (List<Object>) v;
                    if (t.kind() == TlType.Kind.VECTOR) {
                        writeInt(TlSchema.VECTOR_ID);
                    }
                    writeInt(list.size());
                    for (Object e : list) {
                        writeValue(t.element(), e, where);
                    }
                }
                case ANY, BOXED -> writeObject((TlObject) v);
                case BARE -> writeBare((TlObject) v);
                case FLAGS -> throw new TlException("flags inside a vector at " + where);
            }
        } catch (ClassCastException | NullPointerException e) {
            throw new TlException(
                    where + ": expected a value of type " + t + ", got "
                            + (v == null ? "null" : v.getClass().getSimpleName()),
                    e);
        }
    }

    private void writeFixed(byte[] b, int n, String where) {
        if (b.length != n) {
            throw new TlException(where + " must be " + n + " bytes, got " + b.length);
        }
        writeRaw(b);
    }
}
