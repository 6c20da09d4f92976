package dev.chatgeist.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Stands in for Anthropic's Messages API ({@code POST /v1/messages}; {@code GET /v1/models} for the doctor's key
 * check), which cannot be reached from here. It checks
 * what the real service checks for our use — the {@code x-api-key} and {@code anthropic-version} headers, the
 * request's required fields, alternating roles, and that every {@code tool_use} of the previous assistant turn is
 * answered by a {@code tool_result} in the next user turn — and answers in the real response shapes: a message
 * with {@code content} blocks and {@code stop_reason} ({@code tool_use} or {@code end_turn}), or an error object
 * ({@code 429 rate_limit_error} with {@code retry-after}, {@code 529 overloaded_error}, {@code 400
 * invalid_request_error}, {@code 401 authentication_error}). What the "model" says is scripted by the test.
 */
public final class AnthropicStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY Nagle's algorithm and delayed ACKs
        // add ~40 ms to every response, a delay of this stand-in that the real service does not have.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One scripted reply: a status, optional retry-after, and a body. */
    public record Reply(int status, String retryAfter, JsonNode body) {}

    private final HttpServer server;
    private final String apiKey;
    private final List<JsonNode> requests = new ArrayList<>();
    private final Deque<Reply> injected = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Function<JsonNode, Reply> model;
    private volatile long latencyMillis;
    private int maxInFlight;

    public AnthropicStandIn(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "anthropic-standin");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/messages", this::handle);
        server.createContext("/v1/models", this::models);
        server.start();
        model = req -> text("(no script)");
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** What the model answers to each valid request. */
    public void script(Function<JsonNode, Reply> script) {
        this.model = script;
    }

    /** Simulated thinking time of every valid request. */
    public void latency(long millis) {
        this.latencyMillis = millis;
    }

    /** Replies sent before the script is consulted, one per request (e.g. 429, 529). */
    public synchronized void inject(Reply reply) {
        injected.add(reply);
    }

    public synchronized List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    public synchronized int maxInFlight() {
        return maxInFlight;
    }

    /** {@code GET /v1/models}: the key check `chatgeist doctor` makes (free on the real API). */
    private void models(HttpExchange ex) throws IOException {
        try (ex) {
            if (!apiKey.equals(ex.getRequestHeaders().getFirst("x-api-key"))) {
                send(ex, error(401, "authentication_error", "invalid x-api-key"));
                return;
            }
            send(
                    ex,
                    new Reply(
                            200,
                            null,
                            JSON.readTree("{\"data\": [{\"type\": \"model\", \"id\": \""
                                    + "claude-sonnet-4-5\"}], \"has_more\": false}")));
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, error(405, "invalid_request_error", "method not allowed"));
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(ex.getRequestBody().readAllBytes());
            } catch (IOException e) {
                send(ex, error(400, "invalid_request_error", "body is not valid JSON"));
                return;
            }
            synchronized (this) {
                requests.add(body);
            }
            if (!apiKey.equals(ex.getRequestHeaders().getFirst("x-api-key"))) {
                send(ex, error(401, "authentication_error", "invalid x-api-key"));
                return;
            }
            if (ex.getRequestHeaders().getFirst("anthropic-version") == null) {
                send(ex, error(400, "invalid_request_error", "anthropic-version: header is required"));
                return;
            }
            String invalid = validate(body);
            if (invalid != null) {
                send(ex, error(400, "invalid_request_error", invalid));
                return;
            }
            Reply first;
            synchronized (this) {
                first = injected.poll();
            }
            if (first != null) {
                send(ex, first);
                return;
            }
            int now = inFlight.incrementAndGet();
            synchronized (this) {
                maxInFlight = Math.max(maxInFlight, now);
            }
            try {
                if (latencyMillis > 0) {
                    Thread.sleep(latencyMillis);
                }
                send(ex, model.apply(body));
            } finally {
                inFlight.decrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (e.g. a cancelled request): nothing to answer
        }
    }

    private static String validate(JsonNode body) {
        if (!body.path("model").isTextual()) {
            return "model: Field required";
        }
        if (!body.path("max_tokens").isInt()) {
            return "max_tokens: Field required";
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "messages: at least one message is required";
        }
        if (!messages.get(0).path("role").asText().equals("user")) {
            return "messages: first message must use the \"user\" role";
        }
        Set<String> pendingToolUses = new HashSet<>();
        String previousRole = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            if (role.equals(previousRole)) {
                return "messages: roles must alternate between \"user\" and \"assistant\"";
            }
            previousRole = role;
            JsonNode content = m.path("content");
            Set<String> answered = new HashSet<>();
            if (content.isArray()) {
                for (JsonNode block : content) {
                    String type = block.path("type").asText();
                    if (type.equals("tool_use")) {
                        pendingToolUses.add(block.path("id").asText());
                    } else if (type.equals("tool_result")) {
                        answered.add(block.path("tool_use_id").asText());
                    }
                }
            } else if (!content.isTextual()) {
                return "messages." + i + ".content: Input should be a valid list or string";
            }
            if (role.equals("user") && i > 0) {
                if (!answered.equals(pendingToolUses)) {
                    return "messages." + i + ": `tool_use` ids were found without `tool_result` blocks immediately "
                            + "after: " + pendingToolUses;
                }
                pendingToolUses.clear();
            }
        }
        if (body.has("tools")) {
            for (JsonNode t : body.path("tools")) {
                if (!t.path("name").isTextual() || !t.path("input_schema").isObject()) {
                    return "tools: each tool needs a name and an input_schema";
                }
            }
        }
        return null;
    }

    private void send(HttpExchange ex, Reply r) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(r.body());
        ex.getResponseHeaders().set("content-type", "application/json");
        if (r.retryAfter() != null) {
            ex.getResponseHeaders().set("retry-after", r.retryAfter());
        }
        ex.sendResponseHeaders(r.status(), bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    // --- response builders, in the real API's shapes ---

    public static Reply error(int status, String type, String message) {
        ObjectNode n = JSON.createObjectNode().put("type", "error");
        n.putObject("error").put("type", type).put("message", message);
        return new Reply(status, null, n);
    }

    public static Reply rateLimited(String retryAfterSeconds) {
        Reply r = error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit");
        return new Reply(429, retryAfterSeconds, r.body());
    }

    public static Reply overloaded() {
        return error(529, "overloaded_error", "Overloaded");
    }

    public static Reply text(String text) {
        ObjectNode m = message("end_turn");
        ((ArrayNode) m.get("content")).addObject().put("type", "text").put("text", text);
        return new Reply(200, null, m);
    }

    public Reply toolUse(String query, String database) {
        ObjectNode input = JSON.createObjectNode().put("query", query);
        if (database != null) {
            input.put("database", database);
        }
        return toolCalls(List.of(Map.entry("execute_sql", input)));
    }

    /** The model calls {@code make_chart} with {@code spec} (any JSON: the analyst must cope with wrong ones). */
    public Reply chart(JsonNode spec) {
        return toolCalls(List.of(Map.entry("make_chart", spec)));
    }

    /** One assistant turn calling several tools at once (the real model may), each a (name, input) pair. */
    public Reply toolCalls(List<Map.Entry<String, JsonNode>> calls) {
        ObjectNode m = message("tool_use");
        ArrayNode content = (ArrayNode) m.get("content");
        content.addObject().put("type", "text").put("text", "Перевірю в базі.");
        for (Map.Entry<String, JsonNode> call : calls) {
            content.addObject()
                    .put("type", "tool_use")
                    .put("id", "toolu_" + ids.incrementAndGet())
                    .put("name", call.getKey())
                    .set("input", call.getValue());
        }
        return new Reply(200, null, m);
    }

    private static ObjectNode message(String stop) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", "msg_standin")
                .put("type", "message")
                .put("role", "assistant")
                .put("model", "claude-standin");
        m.putArray("content");
        m.put("stop_reason", stop).putNull("stop_sequence");
        m.putObject("usage").put("input_tokens", 100).put("output_tokens", 20);
        return m;
    }

    // --- reading requests ---

    /** The last message of a request. */
    public static JsonNode lastMessage(JsonNode request) {
        JsonNode ms = request.path("messages");
        return ms.get(ms.size() - 1);
    }

    /** The text of the tool_result blocks in the last user message, or null when it holds the question. */
    public static String toolResult(JsonNode request) {
        JsonNode content = lastMessage(request).path("content");
        if (!content.isArray()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : content) {
            if (b.path("type").asText().equals("tool_result")) {
                sb.append(b.path("content").asText());
            }
        }
        return sb.toString();
    }

    /** The question: the last user message that is plain text. */
    public static String question(JsonNode request) {
        JsonNode ms = request.path("messages");
        for (int i = ms.size() - 1; i >= 0; i--) {
            if (ms.get(i).path("role").asText().equals("user")
                    && ms.get(i).path("content").isTextual()) {
                return ms.get(i).path("content").asText();
            }
        }
        return "";
    }

    /** Every tool_result block sent so far in this request's conversation, oldest first. */
    public static List<JsonNode> toolResultBlocks(JsonNode request) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : request.path("messages")) {
            for (JsonNode b : m.path("content")) {
                if (b.path("type").asText().equals("tool_result")) {
                    out.add(b);
                }
            }
        }
        return out;
    }

    /** Second line of a rendered result table (the first data row), e.g. "1000". */
    public static String firstRow(String rendered) {
        String[] lines = rendered.split("\n");
        return lines.length > 1 ? lines[1] : "";
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
