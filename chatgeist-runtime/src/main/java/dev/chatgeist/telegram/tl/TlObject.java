package dev.chatgeist.telegram.tl;

import java.util.List;
import java.util.Objects;

/**
 * An instance of a constructor or function, decoded generically from the schema. The generated classes in
 * {@code dev.chatgeist.telegram.tl.api} extend it with typed accessors, so code outside the generated package never
 * names a field by string. Values: {@code int} Integer, {@code long} Long, {@code double} Double, {@code string}
 * String, {@code bytes}/{@code int128}/{@code int256} byte[] (as on the wire), {@code Bool} Boolean, {@code true}
 * Boolean.TRUE when set, vectors List, objects TlObject; an absent conditional field is null.
 */
public class TlObject implements TlData {
    private final TlCombinator combinator;
    private final Object[] values;

    /** {@code values}: one per parameter of {@code combinator}, in its order (the reader and generated code). */
    protected TlObject(TlCombinator combinator, Object[] values) {
        this.combinator = combinator;
        this.values = values;
    }

    @Override
    public final TlCombinator combinator() {
        return combinator;
    }

    @Override
    public final String name() {
        return combinator.name();
    }

    /** The value of the i-th parameter, for the generated accessors. */
    protected final Object tlValue(int i) {
        return values[i];
    }

    /** A copy of the values with the i-th replaced, for the generated with-methods. */
    protected final Object[] tlCopyWith(int i, Object value) {
        Object[] copy = values.clone();
        copy[i] = value;
        return copy;
    }

    /** The value of parameter {@code p} of this object's combinator, for generic tools (writer, test oracle). */
    public final Object tlValueOf(TlParam p) {
        int i = combinator.params().indexOf(p);
        if (i < 0) {
            throw new TlException(combinator.name() + " has no parameter " + p.name());
        }
        return values[i];
    }

    /** The constructor with this id in the build's schema, for the generated {@code of} methods. */
    protected static TlCombinator tlConstructor(int id) {
        return TlSchema.standard().constructor(id);
    }

    /** The function with this id in the build's schema, for the generated {@code of} methods. */
    protected static TlCombinator tlFunction(int id) {
        return TlSchema.standard().functionById(id);
    }

    @Override
    public final boolean equals(Object o) {
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
    public final int hashCode() {
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
            sb.append(ps.get(i).name()).append('=').append(v instanceof byte[] b ? "bytes[" + b.length + "]" : v);
        }
        return sb.append('}').toString();
    }
}
