package dev.chatgeist.telegram.tl;

import dev.chatgeist.telegram.tl.api.TlApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TL schema ({@code api.tl}: the MTProto layer, then the API layer), parsed into combinators that drive
 * {@link TlWriter} and {@link TlReader}. The typed classes of {@code dev.chatgeist.telegram.tl.api} are generated
 * from the same file at build time (chatgeist-tlgen); moving to a newer layer is replacing the file and fixing the
 * compile errors (docs/dev/tl.md).
 * In the MTProto section {@code string} holds binary data (nonces, DH values), so it is read as bytes there.
 */
public final class TlSchema {
    public static final int VECTOR_ID = 0x1cb5c415;
    public static final int BOOL_TRUE_ID = 0x997275b5;
    public static final int BOOL_FALSE_ID = 0xbc799737;
    public static final int GZIP_PACKED_ID = 0x3072cfa1;

    private static final String RESOURCE = "/dev/chatgeist/telegram/tl/api.tl";
    private static final Pattern COMBINATOR = Pattern.compile("^([\\w.]+)#([0-9a-fA-F]{1,8})\\s+(.*?)=\\s*([^;]+);$");
    private static final Pattern LAYER = Pattern.compile("^//\\s*LAYER\\s+(\\d+)\\s*$");

    private final int layer;
    private final Map<Integer, TlCombinator> constructorsById = new HashMap<>();
    private final Map<String, TlCombinator> constructors = new HashMap<>();
    private final Map<String, TlCombinator> functions = new HashMap<>();
    private final Map<Integer, TlCombinator> functionsById = new HashMap<>();

    /** Loaded on first use; immutable afterwards. */
    private static final class Standard {
        static final TlSchema SCHEMA = load();
    }

    private TlSchema(int layer) {
        this.layer = layer;
    }

    /** The schema this build is pinned to (the {@code api.tl} resource the typed classes were generated from). */
    public static TlSchema standard() {
        return Standard.SCHEMA;
    }

    /** Parses the {@code api.tl} resource afresh; {@link #standard()} is the shared copy. */
    public static TlSchema load() {
        try (InputStream in = TlSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TlSchema parse(String text) {
        int layer = 0;
        boolean functionsSection = false;
        boolean mtprotoSection = false;
        List<String[]> pending = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            Matcher lm = LAYER.matcher(line);
            if (lm.matches()) {
                layer = Integer.parseInt(lm.group(1));
                continue;
            }
            if (line.equals("// @section mtproto")) {
                mtprotoSection = true;
                functionsSection = false;
                continue;
            }
            if (line.equals("// @section api")) {
                mtprotoSection = false;
                functionsSection = false;
                continue;
            }
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            if (line.equals("---functions---")) {
                functionsSection = true;
                continue;
            }
            if (line.equals("---types---")) {
                functionsSection = false;
                continue;
            }
            pending.add(new String[] {line, functionsSection ? "f" : "c", mtprotoSection ? "m" : "a"});
        }
        TlSchema schema = new TlSchema(layer);
        for (String[] p : pending) {
            schema.add(p[0], p[1].equals("f"), p[2].equals("m"));
        }
        return schema;
    }

    private void add(String line, boolean function, boolean mtproto) {
        Matcher m = COMBINATOR.matcher(line);
        if (!m.matches()) {
            return; // combinators without an explicit id (TLS camouflage types) are never sent in binary here
        }
        String name = m.group(1);
        if (name.equals("vector")) {
            return; // built in: Vector<T>
        }
        int id = (int) Long.parseLong(m.group(2), 16);
        List<TlParam> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String token : m.group(3).trim().split("\\s+")) {
            if (token.isEmpty() || token.startsWith("{")) {
                continue; // {X:Type}: a type variable
            }
            int colon = token.indexOf(':');
            String pname = token.substring(0, colon);
            String type = token.substring(colon + 1);
            int flagField = -1;
            int flagBit = 0;
            int q = type.indexOf('?');
            if (q > 0) {
                String cond = type.substring(0, q);
                int dot = cond.indexOf('.');
                flagField = names.indexOf(cond.substring(0, dot));
                if (flagField < 0) {
                    throw new TlException("flag field " + cond + " of " + name + " is not declared before use");
                }
                flagBit = Integer.parseInt(cond.substring(dot + 1));
                type = type.substring(q + 1);
            }
            params.add(new TlParam(pname, TlType.parse(type, mtproto), flagField, flagBit));
            names.add(pname);
        }
        TlCombinator c = new TlCombinator(
                id, name, params, TlType.parse(m.group(4).trim(), mtproto), function, function ? -1 : TlApi.slot(id));
        if (function) {
            functions.put(name, c);
            functionsById.put(id, c);
        } else {
            constructors.put(name, c);
            constructorsById.put(id, c);
        }
    }

    public int layer() {
        return layer;
    }

    public TlCombinator constructor(int id) {
        return constructorsById.get(id);
    }

    /** A constructor or function by name, for bare types ({@code future_salt}); typed code uses the generated classes. */
    TlCombinator combinator(String name) {
        TlCombinator c = constructors.get(name);
        if (c == null) {
            c = functions.get(name);
        }
        if (c == null) {
            throw new TlException("no combinator " + name + " in the layer " + layer + " schema");
        }
        return c;
    }

    public TlCombinator functionById(int id) {
        return functionsById.get(id);
    }

    /** True if a constructor or function has this id. */
    public boolean knows(int id) {
        return constructorsById.containsKey(id) || functionsById.containsKey(id);
    }

    /** Every constructor (one per id). */
    public Collection<TlCombinator> constructors() {
        return Collections.unmodifiableCollection(constructorsById.values());
    }

    public int constructorCount() {
        return constructors.size();
    }

    public int functionCount() {
        return functions.size();
    }
}
