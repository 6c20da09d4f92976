package dev.chatgeist.telegram.tl;

/**
 * A function call to send; {@code R} is the Java type of its result (generated subclasses in
 * {@code dev.chatgeist.telegram.tl.api}, e.g. {@code MessagesGetHistory extends TlFunction<TypeMessagesMessages>}).
 */
public abstract class TlFunction<R> extends TlObject {
    protected TlFunction(TlCombinator combinator, Object[] values) {
        super(combinator, values);
    }

    /** The TL type of the result; wrappers such as invokeWithLayer ({@code query:!X = X}) return what they wrap. */
    public TlType resultType() {
        TlObject f = this;
        while (f.combinator().result().kind() == TlType.Kind.ANY) {
            TlObject inner = null;
            for (TlParam p : f.combinator().params()) {
                if (p.type().kind() == TlType.Kind.ANY && p.type().name().startsWith("!")) {
                    inner = (TlObject) f.tlValueOf(p);
                }
            }
            if (inner == null) {
                break;
            }
            f = inner;
        }
        return f.combinator().result();
    }
}
