package dev.chatgeist.telegram.tl;

import java.util.List;

/** A constructor or function of the schema: {@code name#id params = result}. */
public final class TlCombinator {
    private final int id;
    private final String name;
    private final List<TlParam> params;
    private final TlParam[] paramArray;
    private final TlType result;
    private final boolean function;
    private final int slot;

    /** @param slot the generated class's slot in {@code TlApi} (constructors), else -1 */
    TlCombinator(int id, String name, List<TlParam> params, TlType result, boolean function, int slot) {
        this.id = id;
        this.name = name;
        this.params = List.copyOf(params);
        this.paramArray = params.toArray(new TlParam[0]);
        this.result = result;
        this.function = function;
        this.slot = slot;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public List<TlParam> params() {
        return params;
    }

    /** The parameters as an array, for the reader's inner loop (not modified there). */
    TlParam[] paramArray() {
        return paramArray;
    }

    /** The boxed type this constructor belongs to, or the function's result type. */
    public TlType result() {
        return result;
    }

    public boolean isFunction() {
        return function;
    }

    /** The slot of the generated class in {@code TlApi.create}, or -1 (functions, ids the build did not generate). */
    int slot() {
        return slot;
    }

    @Override
    public String toString() {
        return String.format("%s#%08x", name, id);
    }
}
