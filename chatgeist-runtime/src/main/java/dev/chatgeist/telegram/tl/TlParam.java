package dev.chatgeist.telegram.tl;

/** One parameter of a combinator; {@code flagField} is -1 for unconditional parameters. */
public record TlParam(String name, TlType type, int flagField, int flagBit) {
    public boolean conditional() {
        return flagField >= 0;
    }
}
