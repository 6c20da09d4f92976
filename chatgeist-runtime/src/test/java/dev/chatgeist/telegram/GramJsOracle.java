package dev.chatgeist.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgeist.telegram.mtproto.Bytes;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlParam;
import dev.chatgeist.telegram.tl.TlType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** GramJS run by Node (src/test/node/oracle.js) as an independent implementation to compare with. */
public final class GramJsOracle implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;

    public GramJsOracle() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(NodeTools.node(), "oracle.js")
                .directory(NodeTools.nodeDir().toFile());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public JsonNode ask(ObjectNode request) throws IOException {
        in.println(JSON.writeValueAsString(request));
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the GramJS oracle exited");
        }
        JsonNode r = JSON.readTree(line);
        if (!r.path("ok").asBoolean()) {
            throw new IOException("GramJS oracle: " + r.path("error").asText());
        }
        return r;
    }

    public ObjectNode op(String name) {
        return JSON.createObjectNode().put("op", name);
    }

    /** GramJS's serialization of each object. */
    public List<byte[]> serialize(List<TlObject> objects) throws IOException {
        ObjectNode r = op("serialize");
        ArrayNode arr = r.putArray("objects");
        for (TlObject o : objects) {
            arr.add(typed(o));
        }
        JsonNode hex = ask(r).path("hex");
        List<byte[]> result = new java.util.ArrayList<>();
        hex.forEach(h -> result.add(Bytes.unhex(h.asText())));
        return result;
    }

    /** An object as the oracle's typed JSON. */
    public static ObjectNode typed(TlObject o) {
        ObjectNode n = JSON.createObjectNode().put("_", o.name());
        for (TlParam p : o.combinator().params()) {
            Object v = o.tlValueOf(p);
            if (p.type().kind() == TlType.Kind.FLAGS || v == null) {
                continue;
            }
            n.set(p.name(), typed(p.type(), v));
        }
        return n;
    }

    private static JsonNode typed(TlType t, Object v) {
        return switch (t.kind()) {
            case INT -> JSON.getNodeFactory().numberNode((Integer) v);
            case LONG -> JSON.createObjectNode().put("long", Long.toString((Long) v));
            case DOUBLE -> JSON.createObjectNode().put("double", (Double) v);
            case STRING -> JSON.getNodeFactory().textNode((String) v);
            case BYTES -> JSON.createObjectNode().put("bytes", Bytes.hex((byte[]) v));
            case INT128 -> JSON.createObjectNode().put("int128", Bytes.hex((byte[]) v));
            case INT256 -> JSON.createObjectNode().put("int256", Bytes.hex((byte[]) v));
            case BOOL, TRUE -> JSON.getNodeFactory().booleanNode((Boolean) v);
            case VECTOR, BARE_VECTOR -> {
                ArrayNode a = JSON.createArrayNode();
                for (Object e : (List<?>) v) {
                    a.add(typed(t.element(), e));
                }
                yield a;
            }
            default -> typed((TlObject) v);
        };
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
