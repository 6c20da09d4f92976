package dev.chatgeist.telegram.tl;

/** What every TL value has, also when only its type is known (the generated {@code TypeX} interfaces extend it). */
public interface TlData {
    TlCombinator combinator();

    /** The TL name, e.g. {@code peerUser}. */
    default String name() {
        return combinator().name();
    }
}
