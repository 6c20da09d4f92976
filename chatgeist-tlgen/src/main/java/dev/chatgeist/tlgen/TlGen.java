package dev.chatgeist.tlgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generates typed Java for every constructor and function of a TL schema ({@code api.tl}): a final class per
 * constructor (typed accessors reading the generic decoder's values by index, {@code of(...)} with the required
 * fields, {@code withX(...)} for the conditional ones), a sealed interface per type ({@code TypePeer permits
 * PeerUser, PeerChat, PeerChannel}, with the accessors all its constructors share), a class per function typed by its
 * result, and {@code TlApi}, which the decoder asks for the class of a constructor id.
 *
 * <p>Over 350 lines on purpose: chatgeist-runtime runs it in generate-sources as a single-file source program
 * ({@code java TlGen.java api.tl outDir}), so it cannot be split into files and needs no build of its own.
 */
public final class TlGen {
    static final String PACKAGE = "dev.chatgeist.telegram.tl.api";
    private static final String TL = "dev.chatgeist.telegram.tl.";
    private static final Pattern COMBINATOR = Pattern.compile("^([\\w.]+)#([0-9a-fA-F]{1,8})\\s+(.*?)=\\s*([^;]+);$");
    private static final Pattern LAYER = Pattern.compile("^//\\s*LAYER\\s+(\\d+)\\s*$");
    private static final Set<String> KEYWORDS = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "var",
            "yield",
            "record",
            "sealed",
            "permits");
    /** Methods of TlObject and Object that a field accessor must not override. */
    private static final Set<String> TAKEN = Set.of(
            "name",
            "combinator",
            "equals",
            "hashCode",
            "toString",
            "getClass",
            "notify",
            "notifyAll",
            "wait",
            "clone",
            "finalize",
            "of",
            "resultType");
    /** Slots per switch method of the factory (slot >>> 6): keeps each method small enough for the JIT. */
    private static final int CHUNK = 64;

    private TlGen() {}

    /** One parameter; {@code flagField} is null for unconditional ones. */
    record Param(String name, String type, String flagField, int flagBit) {
        boolean conditional() {
            return flagField != null;
        }
    }

    /** A constructor or function; in the MTProto section {@code string} holds binary data. */
    record Combinator(String name, int id, List<Param> params, String result, boolean function, boolean mtproto) {}

    record Schema(int layer, List<Combinator> constructors, List<Combinator> functions) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java TlGen.java <api.tl> <output source directory>");
            System.exit(2);
        }
        Schema schema = parse(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
        Map<String, String> files = generate(schema);
        Path dir = Path.of(args[1]).resolve(PACKAGE.replace('.', '/'));
        int changed = write(dir, files);
        if (changed == 0) {
            return; // quiet when api.tl did not change: nothing to recompile
        }
        System.out.printf(
                "tlgen: layer %d, %d constructors, %d functions -> %d classes in %s (%d changed)%n",
                schema.layer(), schema.constructors().size(), schema.functions().size(), files.size(), dir, changed);
    }

    /** Writes changed files only (unchanged ones keep their time, so the compiler need not redo them). */
    static int write(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                if (!files.containsKey(p.getFileName().toString().replaceFirst("\\.java$", ""))) {
                    Files.delete(p);
                }
            }
        }
        int changed = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey() + ".java");
            byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
            if (!Files.exists(p) || !java.util.Arrays.equals(Files.readAllBytes(p), content)) {
                Files.write(p, content);
                changed++;
            }
        }
        return changed;
    }

    /** The same reading of the schema text as the runtime's TlSchema: sections, ids, flags, last definition wins. */
    static Schema parse(String text) {
        int layer = 0;
        boolean functions = false;
        boolean mtproto = false;
        Map<String, Combinator> constructors = new LinkedHashMap<>();
        Map<String, Combinator> fns = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            Matcher lm = LAYER.matcher(line);
            if (lm.matches()) {
                layer = Integer.parseInt(lm.group(1));
            } else if (line.equals("// @section mtproto") || line.equals("// @section api")) {
                mtproto = line.endsWith("mtproto");
                functions = false;
            } else if (line.equals("---functions---") || line.equals("---types---")) {
                functions = line.equals("---functions---");
            } else if (!line.isEmpty() && !line.startsWith("//")) {
                Combinator c = combinator(line, functions, mtproto);
                if (c != null) {
                    (functions ? fns : constructors).put(c.name(), c);
                }
            }
        }
        return new Schema(layer, List.copyOf(constructors.values()), List.copyOf(fns.values()));
    }

    private static Combinator combinator(String line, boolean function, boolean mtproto) {
        Matcher m = COMBINATOR.matcher(line);
        if (!m.matches() || m.group(1).equals("vector")) {
            return null; // no explicit id (never sent in binary), or the built-in Vector
        }
        List<Param> params = new ArrayList<>();
        for (String token : m.group(3).trim().split("\\s+")) {
            if (token.isEmpty() || token.startsWith("{")) {
                continue;
            }
            int colon = token.indexOf(':');
            String type = token.substring(colon + 1);
            String flagField = null;
            int bit = 0;
            int q = type.indexOf('?');
            if (q > 0) {
                String cond = type.substring(0, q);
                flagField = cond.substring(0, cond.indexOf('.'));
                bit = Integer.parseInt(cond.substring(cond.indexOf('.') + 1));
                type = type.substring(q + 1);
            }
            params.add(new Param(token.substring(0, colon), type, flagField, bit));
        }
        return new Combinator(
                m.group(1),
                (int) Long.parseLong(m.group(2), 16),
                params,
                m.group(4).trim(),
                function,
                mtproto);
    }

    // ---- names

    /** {@code messages.getHistory} -> MessagesGetHistory, {@code server_DH_params_ok} -> ServerDHParamsOk. */
    static String className(String tlName) {
        StringBuilder sb = new StringBuilder();
        for (String part : tlName.split("[._]")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return sb.toString();
    }

    /** A boxed type's interface: {@code Peer} -> TypePeer, {@code messages.Messages} -> TypeMessagesMessages. */
    static String typeName(String tlType) {
        return "Type" + className(tlType);
    }

    /** {@code first_name} -> firstName, {@code srp_B} -> srpB, {@code M1} -> m1; keywords and taken names get a _. */
    static String fieldName(String tlName) {
        String[] parts = tlName.split("_");
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            sb.append(sb.length() == 0 ? Character.toLowerCase(part.charAt(0)) : Character.toUpperCase(part.charAt(0)))
                    .append(part, 1, part.length());
        }
        String n = sb.toString();
        return KEYWORDS.contains(n) || TAKEN.contains(n) ? n + "_" : n;
    }

    static String capitalized(String javaName) {
        String n = javaName.endsWith("_") ? javaName.substring(0, javaName.length() - 1) : javaName;
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    // ---- generation

    static Map<String, String> generate(Schema schema) {
        return new Generator(schema).run();
    }

    private static final class Generator {
        private final Schema schema;
        private final Map<String, List<Combinator>> byType = new TreeMap<>();
        private final Map<String, Combinator> constructorByName = new HashMap<>();
        private final Map<String, String> files = new TreeMap<>();
        private final Map<String, String> classOwners = new HashMap<>();

        Generator(Schema schema) {
            this.schema = schema;
            for (Combinator c : schema.constructors()) {
                byType.computeIfAbsent(c.result(), t -> new ArrayList<>()).add(c);
                constructorByName.put(c.name(), c);
            }
        }

        Map<String, String> run() {
            for (Combinator c : schema.constructors()) {
                add(className(c.name()), c.name(), combinatorClass(c));
            }
            for (Combinator c : schema.functions()) {
                add(className(c.name()), c.name(), combinatorClass(c));
            }
            for (Map.Entry<String, List<Combinator>> t : byType.entrySet()) {
                add(typeName(t.getKey()), t.getKey(), typeInterface(t.getKey(), t.getValue()));
            }
            add("TlApi", "(the factory)", factory());
            return files;
        }

        /** Class names must be unique, also ignoring case: class files of a macOS checkout share a folder. */
        private void add(String cls, String tlName, String source) {
            String prior = classOwners.put(cls.toLowerCase(Locale.ROOT), tlName);
            if (prior != null) {
                throw new IllegalStateException("TL names " + prior + " and " + tlName + " both map to the Java class "
                        + cls + "; give one of them a distinct name in TlGen.className");
            }
            files.put(cls, source);
        }

        private String combinatorClass(Combinator c) {
            String cls = className(c.name());
            StringBuilder sb = new StringBuilder("package " + PACKAGE + ";\n\n");
            sb.append("/** TL {@code ").append(c.name()).append(String.format("#%08x", c.id()));
            for (Param p : c.params()) {
                sb.append(' ')
                        .append(p.name())
                        .append(':')
                        .append(p.conditional() ? p.flagField() + "." + p.flagBit() + "?" : "")
                        .append(p.type());
            }
            sb.append(" = ").append(c.result()).append("}. */\n");
            String parent = c.function()
                    ? "extends " + TL + "TlFunction<" + resultType(c) + ">"
                    : "extends " + TL + "TlObject"
                            + (byType.containsKey(c.result()) ? " implements " + typeName(c.result()) : "");
            sb.append("@SuppressWarnings(\"unchecked\")\n");
            sb.append("public final class ")
                    .append(cls)
                    .append(' ')
                    .append(parent)
                    .append(" {\n");
            sb.append(String.format("    public static final int ID = 0x%08x;%n%n", c.id()));
            sb.append("    ")
                    .append(cls)
                    .append("(")
                    .append(TL)
                    .append("TlCombinator c, java.lang.Object[] v) {\n")
                    .append("        super(c, v);\n    }\n\n");
            Set<String> methods = new HashSet<>();
            // of(required fields)
            List<String> args = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (Param p : c.params()) {
                if (p.type().equals("#") || p.conditional()) {
                    values.add("null");
                    continue;
                }
                String f = fieldName(p.name());
                args.add(argumentType(javaType(p, c, false)) + " " + f);
                values.add(f);
            }
            sb.append("    /** A new {@code ")
                    .append(c.name())
                    .append("} with its required fields")
                    .append(
                            c.params().stream().anyMatch(Param::conditional)
                                    ? "; set conditional ones with the with-methods"
                                    : "")
                    .append(". */\n");
            sb.append("    public static ")
                    .append(cls)
                    .append(" of(")
                    .append(String.join(", ", args))
                    .append(") {\n")
                    .append("        return new ")
                    .append(cls)
                    .append("(")
                    .append(c.function() ? "tlFunction" : "tlConstructor")
                    .append("(ID), new java.lang.Object[] {")
                    .append(String.join(", ", values))
                    .append("});\n    }\n");
            for (int i = 0; i < c.params().size(); i++) {
                Param p = c.params().get(i);
                if (p.type().equals("#")) {
                    continue;
                }
                String f = fieldName(p.name());
                String type = javaType(p, c, p.conditional());
                unique(methods, f, c);
                sb.append("\n    public ")
                        .append(type)
                        .append(' ')
                        .append(f)
                        .append("() {\n        return ")
                        .append(read(p, c, i))
                        .append(";\n    }\n");
                if (p.conditional()) {
                    String w = "with" + capitalized(f);
                    unique(methods, w, c);
                    sb.append("\n    public ")
                            .append(cls)
                            .append(' ')
                            .append(w)
                            .append('(')
                            .append(argumentType(type))
                            .append(' ')
                            .append(f)
                            .append(") {\n        return new ")
                            .append(cls)
                            .append("(combinator(), tlCopyWith(")
                            .append(i)
                            .append(", ")
                            .append(f)
                            .append("));\n    }\n");
                }
            }
            return sb.append("}\n").toString();
        }

        private static void unique(Set<String> methods, String name, Combinator c) {
            if (!methods.add(name)) {
                throw new IllegalStateException("two fields of " + c.name() + " map to the Java method " + name
                        + "; extend TlGen.fieldName to keep them apart");
            }
        }

        /** Vectors are taken as {@code List<? extends T>}, so a {@code List<Message>} is a {@code List<TypeMessage>}. */
        private static String argumentType(String type) {
            return type.startsWith("java.util.List<") ? "java.util.List<? extends " + type.substring(15) : type;
        }

        private String read(Param p, Combinator c, int i) {
            if (p.type().equals("true")) {
                return "java.lang.Boolean.TRUE.equals(tlValue(" + i + "))";
            }
            return "(" + javaType(p, c, true) + ") tlValue(" + i + ")";
        }

        private String javaType(Param p, Combinator c, boolean boxed) {
            if (p.type().equals("true")) {
                return "boolean";
            }
            if (p.type().equals("!X")) {
                return TL + "TlFunction<?>";
            }
            return javaType(p.type(), c.mtproto(), boxed || p.conditional());
        }

        String javaType(String t, boolean mtproto, boolean boxed) {
            int lt = t.indexOf('<');
            if (lt > 0 && t.endsWith(">")) {
                return "java.util.List<" + javaType(t.substring(lt + 1, t.length() - 1), mtproto, true) + ">";
            }
            switch (t) {
                case "int", "#":
                    return boxed ? "java.lang.Integer" : "int";
                case "long":
                    return boxed ? "java.lang.Long" : "long";
                case "double":
                    return boxed ? "java.lang.Double" : "double";
                case "Bool":
                    return boxed ? "java.lang.Boolean" : "boolean";
                case "true":
                    return "java.lang.Boolean";
                case "string":
                    return mtproto ? "byte[]" : "java.lang.String";
                case "bytes", "int128", "int256":
                    return "byte[]";
                case "X":
                    return "java.lang.Object";
                case "Object":
                    return TL + "TlObject";
                default:
                    break;
            }
            if (t.startsWith("!")) {
                return TL + "TlObject";
            }
            if (t.startsWith("%")) { // a bare type: its single constructor
                List<Combinator> cs = byType.get(t.substring(1));
                return cs != null && cs.size() == 1 ? className(cs.get(0).name()) : TL + "TlObject";
            }
            String local = t.substring(t.lastIndexOf('.') + 1);
            if (Character.isLowerCase(local.charAt(0))) { // a bare constructor
                return constructorByName.containsKey(t) ? className(t) : TL + "TlObject";
            }
            return byType.containsKey(t) ? typeName(t) : TL + "TlObject";
        }

        private String resultType(Combinator f) {
            return javaType(f.result(), f.mtproto(), true);
        }

        private String typeInterface(String type, List<Combinator> cs) {
            StringBuilder sb = new StringBuilder("package " + PACKAGE + ";\n\n");
            sb.append("/** TL type {@code ")
                    .append(type)
                    .append("}, made by ")
                    .append(cs.size() == 1 ? "one constructor" : cs.size() + " constructors")
                    .append("; declares the accessors they all have. */\n");
            sb.append("public sealed interface ")
                    .append(typeName(type))
                    .append(" extends ")
                    .append(TL)
                    .append("TlData permits ");
            for (int i = 0; i < cs.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(className(cs.get(i).name()));
            }
            sb.append(" {\n");
            // the accessors every constructor has, with the same Java type
            Map<String, String> common = null;
            for (Combinator c : cs) {
                Map<String, String> mine = new LinkedHashMap<>();
                for (Param p : c.params()) {
                    if (!p.type().equals("#")) {
                        mine.put(fieldName(p.name()), javaType(p, c, p.conditional()));
                    }
                }
                if (common == null) {
                    common = mine;
                } else {
                    common.entrySet().removeIf(e -> !e.getValue().equals(mine.get(e.getKey())));
                }
            }
            for (Map.Entry<String, String> e : common.entrySet()) {
                sb.append("    ")
                        .append(e.getValue())
                        .append(' ')
                        .append(e.getKey())
                        .append("();\n");
            }
            return sb.append("}\n").toString();
        }

        /**
         * TlApi: the layer, and the class of each constructor for the decoder. A constructor's slot is its index in
         * the sorted id table; create() picks the class with two jump tables of 64 slots (small methods the JIT
         * compiles; no search by id per decoded object).
         */
        private String factory() {
            Map<Integer, Combinator> byId = new TreeMap<>(); // one class per id: the last definition, as in TlSchema
            for (Combinator c : schema.constructors()) {
                byId.put(c.id(), c);
            }
            List<Combinator> slots = new ArrayList<>();
            List<Integer> sortedIds = new ArrayList<>(byId.keySet());
            sortedIds.sort(Integer::compare); // signed order, as Arrays.binarySearch expects
            for (int id : sortedIds) {
                slots.add(byId.get(id));
            }
            StringBuilder sb = new StringBuilder("package " + PACKAGE + ";\n\n");
            sb.append(
                            "/** What the decoder needs of the generated classes: the layer and a class per constructor. */\n")
                    .append("public final class TlApi {\n")
                    .append("    public static final int LAYER = ")
                    .append(schema.layer())
                    .append(";\n")
                    .append("    private static final int[] IDS = {");
            for (int i = 0; i < slots.size(); i++) {
                sb.append(i % 8 == 0 ? "\n            " : " ")
                        .append(String.format("0x%08x,", slots.get(i).id()));
            }
            sb.append("\n    };\n\n    private TlApi() {\n    }\n\n")
                    .append(
                            "    /** The slot of a constructor id for {@link #create}, or -1 when it has no generated class. */\n")
                    .append("    public static int slot(int id) {\n")
                    .append("        int i = java.util.Arrays.binarySearch(IDS, id);\n")
                    .append("        return i < 0 ? -1 : i;\n    }\n\n")
                    .append("    /** The typed object of the constructor in {@code slot}. */\n")
                    .append("    public static ")
                    .append(TL)
                    .append("TlObject create(int slot, ")
                    .append(TL)
                    .append("TlCombinator c, java.lang.Object[] v) {\n")
                    .append("        switch (slot >>> 6) {\n");
            int chunks = (slots.size() + CHUNK - 1) / CHUNK;
            for (int i = 0; i < chunks; i++) {
                sb.append("            case ")
                        .append(i)
                        .append(": return create")
                        .append(i)
                        .append("(slot, c, v);\n");
            }
            sb.append("            default: throw new IllegalArgumentException(\"no constructor slot \" + slot);\n")
                    .append("        }\n    }\n");
            for (int i = 0; i < chunks; i++) {
                sb.append("\n    private static ")
                        .append(TL)
                        .append("TlObject create")
                        .append(i)
                        .append("(int slot, ")
                        .append(TL)
                        .append("TlCombinator c, java.lang.Object[] v) {\n        switch (slot) {\n");
                for (int k = i * CHUNK; k < Math.min(slots.size(), (i + 1) * CHUNK); k++) {
                    sb.append(String.format(
                            "            case %d: return new %s(c, v);%n",
                            k, className(slots.get(k).name())));
                }
                sb.append("            default: throw new IllegalArgumentException(\"no constructor slot \" + slot);\n")
                        .append("        }\n    }\n");
            }
            return sb.append("}\n").toString();
        }
    }
}
