package dev.chatgeist.telegram.tl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A constructor or function of the schema: {@code name#id params = result}. */
public final class TlCombinator {
    private final int id;
    private final String name;
    private final List<TlParam> params;
    private final TlType result;
    private final boolean function;
    private final Map<String, Integer> index = new HashMap<>();

    TlCombinator(int id, String name, List<TlParam> params, TlType result, boolean function) {
        this.id = id;
        this.name = name;
        this.params = List.copyOf(params);
        this.result = result;
        this.function = function;
        for (int i = 0; i < params.size(); i++) {
            index.put(params.get(i).name(), i);
        }
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

    /** The boxed type this constructor belongs to, or the function's result type. */
    public TlType result() {
        return result;
    }

    public boolean isFunction() {
        return function;
    }

    /** Position of a parameter, or -1. */
    public int indexOf(String param) {
        Integer i = index.get(param);
        return i == null ? -1 : i;
    }

    @Override
    public String toString() {
        return String.format("%s#%08x", name, id);
    }
}
