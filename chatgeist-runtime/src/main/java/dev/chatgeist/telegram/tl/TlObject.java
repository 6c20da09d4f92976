package dev.chatgeist.telegram.tl;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An instance of a constructor or function, decoded generically from the schema. Values: {@code int} Integer,
 * {@code long} Long, {@code double} Double, {@code string} String, {@code bytes}/{@code int128}/{@code int256}
 * byte[] (as on the wire), {@code Bool} Boolean, {@code true} Boolean.TRUE when set, vectors List, objects TlObject;
 * an absent conditional field is null.
 */
public final class TlObject {
    private final TlCombinator combinator;
    private final Object[] values;

    TlObject(TlCombinator combinator, Object[] values) {
        this.combinator = combinator;
        this.values = values;
    }

    public TlCombinator combinator() {
        return combinator;
    }

    public String name() {
        return combinator.name();
    }

    public boolean is(String name) {
        return combinator.name().equals(name);
    }

    Object valueAt(int i) {
        return values[i];
    }

    public boolean has(String field) {
        return get(field) != null;
    }

    public Object get(String field) {
        int i = combinator.indexOf(field);
        if (i < 0) {
            throw new TlException(combinator.name() + " has no field " + field);
        }
        return values[i];
    }

    /** Like {@link #get} but null (not an error) when this constructor has no such field. */
    public Object opt(String field) {
        int i = combinator.indexOf(field);
        return i < 0 ? null : values[i];
    }

    public int getInt(String field) {
        return require(field, Integer.class);
    }

    public long getLong(String field) {
        return require(field, Long.class);
    }

    public String getString(String field) {
        return (String) get(field);
    }

    public byte[] getBytes(String field) {
        return (byte[]) get(field);
    }

    public TlObject getObject(String field) {
        return (TlObject) get(field);
    }

    @SuppressWarnings("unchecked")
    public List<Object> getList(String field) {
        List<Object> l = (List<Object>) get(field);
        return l == null ? List.of() : l;
    }

    /** A {@code flags.N?true} field, or a Bool. */
    public boolean flag(String field) {
        return Boolean.TRUE.equals(opt(field));
    }

    private <T> T require(String field, Class<T> type) {
        Object v = get(field);
        if (v == null) {
            throw new TlException(combinator.name() + "." + field + " is absent");
        }
        return type.cast(v);
    }

    /** A copy with one field changed. */
    public TlObject with(String field, Object value) {
        int i = combinator.indexOf(field);
        if (i < 0) {
            throw new TlException(combinator.name() + " has no field " + field);
        }
        Object[] copy = values.clone();
        copy[i] = value;
        return new TlObject(combinator, copy);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TlObject other) || other.combinator.id() != combinator.id()) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (combinator.params().get(i).type().kind() == TlType.Kind.FLAGS) {
                continue; // derived from the other fields
            }
            boolean trueFlag = combinator.params().get(i).type().kind() == TlType.Kind.TRUE;
            if (!Objects.deepEquals(normal(values[i], trueFlag), normal(other.values[i], trueFlag))) {
                return false;
            }
        }
        return true;
    }

    private static Object normal(Object v, boolean trueFlag) {
        return trueFlag && Boolean.FALSE.equals(v) ? null : v instanceof List<?> l ? l.toArray() : v;
    }

    @Override
    public int hashCode() {
        return combinator.id();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(combinator.name()).append('{');
        List<TlParam> ps = combinator.params();
        boolean first = true;
        for (int i = 0; i < ps.size(); i++) {
            if (values[i] == null || ps.get(i).type().kind() == TlType.Kind.FLAGS) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            Object v = values[i];
            sb.append(ps.get(i).name()).append('=')
                    .append(v instanceof byte[] b ? "bytes[" + b.length + "]" : v);
        }
        return sb.append('}').toString();
    }

    /** For tests: the raw values array (flags included). */
    Object[] values() {
        return Arrays.copyOf(values, values.length);
    }
}
