package dev.chatgeist.telegram.tl;

/**
 * A type reference in a combinator's parameter list. Built-in scalars ({@code int long double string bytes int128
 * int256 Bool true #}), {@code Vector<T>} (boxed, with the vector constructor id) and {@code vector<T>} (bare),
 * {@code Object} / {@code !X} (any boxed object), boxed types ({@code Peer}) and bare constructors
 * ({@code future_salt}, {@code %Message}).
 */
public record TlType(Kind kind, String name, TlType element) {
    public enum Kind {
        INT,
        LONG,
        DOUBLE,
        STRING,
        BYTES,
        INT128,
        INT256,
        BOOL,
        TRUE,
        FLAGS,
        VECTOR,
        BARE_VECTOR,
        ANY,
        BOXED,
        BARE
    }

    public static TlType parse(String text, boolean stringIsBytes) {
        String t = text;
        if (t.startsWith("!")) {
            return new TlType(Kind.ANY, t, null);
        }
        int lt = t.indexOf('<');
        if (lt > 0 && t.endsWith(">")) {
            String outer = t.substring(0, lt);
            TlType element = parse(t.substring(lt + 1, t.length() - 1), stringIsBytes);
            if (outer.equals("Vector")) {
                return new TlType(Kind.VECTOR, t, element);
            }
            if (outer.equals("vector")) {
                return new TlType(Kind.BARE_VECTOR, t, element);
            }
            throw new TlException("unsupported generic type " + t);
        }
        return switch (t) {
            case "int" -> new TlType(Kind.INT, t, null);
            case "long" -> new TlType(Kind.LONG, t, null);
            case "double" -> new TlType(Kind.DOUBLE, t, null);
            case "string" -> new TlType(stringIsBytes ? Kind.BYTES : Kind.STRING, t, null);
            case "bytes" -> new TlType(Kind.BYTES, t, null);
            case "int128" -> new TlType(Kind.INT128, t, null);
            case "int256" -> new TlType(Kind.INT256, t, null);
            case "Bool" -> new TlType(Kind.BOOL, t, null);
            case "true" -> new TlType(Kind.TRUE, t, null);
            case "#" -> new TlType(Kind.FLAGS, t, null);
            case "Object", "X" -> new TlType(Kind.ANY, t, null);
            default -> {
                if (t.startsWith("%")) {
                    yield new TlType(Kind.BARE, t.substring(1), null);
                }
                String local = t.substring(t.lastIndexOf('.') + 1);
                yield new TlType(Character.isLowerCase(local.charAt(0)) ? Kind.BARE : Kind.BOXED, t, null);
            }
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
