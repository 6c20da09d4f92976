package dev.chatgeist.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgeist.chart.ChartSpec;
import dev.chatgeist.sql.SqlRefusedException;
import dev.chatgeist.sql.SqlSandbox;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Anthropic Messages API in a tool-use loop with two tools: {@code execute_sql(query, database?)}, served by
 * the {@link SqlSandbox}, and {@code make_chart(spec)}, drawn by {@link AnswerCharts} (its query runs through the
 * same sandbox). Each round sends the conversation; a {@code tool_use} answer is executed and returned as
 * {@code tool_result}; the loop ends with a text answer or after {@code maxToolRounds} (then the model is asked to
 * answer with what it has, tools disabled). 429, 529, 5xx and network failures are retried with exponential
 * backoff (honouring {@code retry-after}); cancelling aborts the request in flight and the running query.
 */
public final class ApiAnalyst implements Analyst {
    static final String API_VERSION = "2023-06-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode CHART_SCHEMA = readSchema();

    private final ApiConfig config;
    private final SqlSandbox sandbox;
    private final ChartTools charts;
    private final HttpClient http;

    public ApiAnalyst(ApiConfig config, SqlSandbox sandbox, ChartTools charts) {
        this.config = config;
        this.sandbox = sandbox;
        this.charts = charts;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    }

    @Override
    public String name() {
        return "api";
    }

    @Override
    public Answer analyze(Question q, Progress progress, Cancellation cancel)
            throws AnalystException, AnalysisCancelledException {
        progress.stage(Stage.ANALYSING);
        ArrayNode messages = JSON.createArrayNode();
        for (Question.Turn t : q.history()) {
            messages.addObject().put("role", "user").put("content", t.question());
            messages.addObject().put("role", "assistant").put("content", t.answer());
        }
        messages.addObject().put("role", "user").put("content", q.text());
        Set<String> allowed = new LinkedHashSet<>(q.databases());
        AnswerCharts made = new AnswerCharts(charts, q.databases(), cancel);
        int queries = 0;
        for (int round = 0; ; round++) {
            boolean lastRound = round >= config.maxToolRounds();
            JsonNode response = send(request(q, messages, lastRound), cancel);
            String stop = response.path("stop_reason").asText("");
            JsonNode content = response.path("content");
            if (!stop.equals("tool_use") || lastRound) {
                progress.stage(Stage.FINISHING);
                String text = text(content);
                if (ChartMarkers.strip(text).isBlank() && made.charts().isEmpty()) {
                    throw new AnalystException("the model returned no text (stop_reason=" + stop + ")");
                }
                return made.answer(text, queries);
            }
            messages.addObject().put("role", "assistant").set("content", content);
            ArrayNode results = JSON.createArrayNode();
            for (JsonNode block : content) {
                if (!block.path("type").asText().equals("tool_use")) {
                    continue;
                }
                checkCancelled(cancel);
                ObjectNode result = results.addObject()
                        .put("type", "tool_result")
                        .put("tool_use_id", block.path("id").asText());
                if (block.path("name").asText().equals("make_chart")) {
                    progress.stage(Stage.DRAWING_CHART);
                    AnswerCharts.Outcome o = made.make(block.path("input"));
                    checkCancelled(cancel);
                    result.put("content", o.message());
                    if (!o.made()) {
                        result.put("is_error", true);
                    }
                    continue;
                }
                progress.stage(Stage.RUNNING_SQL);
                if (!block.path("name").asText().equals("execute_sql")) {
                    result.put(
                                    "content",
                                    "unknown tool '" + block.path("name").asText() + "'; the tools are "
                                            + "execute_sql and make_chart")
                            .put("is_error", true);
                    continue;
                }
                queries++;
                JsonNode input = block.path("input");
                String db = input.path("database").asText(q.databases().get(0));
                try {
                    result.put(
                            "content",
                            sandbox.query(db, allowed, input.path("query").asText(""), cancel::isCancelled)
                                    .render());
                } catch (SqlRefusedException e) {
                    checkCancelled(cancel);
                    result.put("content", "ERROR: " + e.getMessage()).put("is_error", true);
                }
            }
            checkCancelled(cancel);
            messages.addObject().put("role", "user").set("content", results);
            progress.stage(Stage.PROCESSING);
        }
    }

    private ObjectNode request(Question q, ArrayNode messages, boolean lastRound) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", config.model());
        body.put("max_tokens", config.maxTokens());
        body.put("system", q.systemPrompt());
        ObjectNode tool = body.putArray("tools").addObject();
        tool.put("name", "execute_sql");
        tool.put(
                "description",
                "Run ONE read-only SQLite statement (SELECT / WITH ... SELECT) on a chat archive "
                        + "and get the rows as a pipe-separated table (at most "
                        + sandbox.limits().maxRows() + " rows, "
                        + sandbox.limits().maxBytes() / 1000 + " KB, "
                        + sandbox.limits().timeout().toMillis() / 1000.0
                        + " s). Available databases: " + String.join(", ", q.databases()) + " (default "
                        + q.databases().get(0) + ").");
        ObjectNode schema = tool.putObject("input_schema");
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("query").put("type", "string").put("description", "One SQLite SELECT statement.");
        ObjectNode dbProp = props.putObject("database")
                .put("type", "string")
                .put(
                        "description",
                        "Which archive to query (alias). Defaults to "
                                + q.databases().get(0) + ".");
        ArrayNode dbEnum = dbProp.putArray("enum");
        q.databases().forEach(dbEnum::add);
        schema.putArray("required").add("query");
        ObjectNode chart = ((ArrayNode) body.get("tools")).addObject();
        chart.put("name", "make_chart");
        chart.put(
                "description",
                "Draw a chart (PNG) that is sent with your answer: a trend over time (line), a "
                        + "ranking (horizontal_bar), a comparison (bar, stacked_bar) or when people write (heatmap of "
                        + "weekday × hour). Its data comes from ONE read-only query (same rules and databases as "
                        + "execute_sql) or from inline data. At most " + AnswerCharts.MAX_CHARTS
                        + " charts per answer. "
                        + "The result says whether the chart was made and which [chart n] marker places it in your "
                        + "answer, or what is wrong with the spec so that you can fix it and try again.");
        chart.set("input_schema", CHART_SCHEMA);
        if (lastRound) {
            body.putObject("tool_choice").put("type", "none"); // the round budget is spent: answer now
        }
        body.set("messages", messages);
        return body;
    }

    private JsonNode send(ObjectNode body, Cancellation cancel) throws AnalystException, AnalysisCancelledException {
        HttpRequest request = HttpRequest.newBuilder(config.baseUrl().resolve("/v1/messages"))
                .timeout(config.requestTimeout())
                .header("x-api-key", config.apiKey())
                .header("anthropic-version", API_VERSION)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        String lastProblem = "";
        for (int attempt = 0; ; attempt++) {
            checkCancelled(cancel);
            HttpResponse<String> response;
            try {
                CompletableFuture<HttpResponse<String>> call =
                        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
                cancel.onCancel(() -> call.cancel(true));
                response = call.get();
            } catch (CancellationException e) {
                throw new AnalysisCancelledException();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AnalysisCancelledException();
            } catch (ExecutionException e) {
                checkCancelled(cancel);
                lastProblem = "network error: " + e.getCause();
                if (attempt < config.maxRetries()) {
                    backoff(attempt, null, cancel);
                    continue;
                }
                throw new AnalystException("cannot reach the Anthropic API at " + config.baseUrl() + " (" + lastProblem
                        + ") after " + (attempt + 1) + " attempts");
            }
            int status = response.statusCode();
            if (status == 200) {
                try {
                    return JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new AnalystException("the Anthropic API returned invalid JSON: " + e.getMessage());
                }
            }
            String detail = errorMessage(response.body());
            boolean retryable = status == 429 || status == 529 || status >= 500;
            if (retryable && attempt < config.maxRetries()) {
                backoff(attempt, response.headers().firstValue("retry-after").orElse(null), cancel);
                continue;
            }
            throw new AnalystException(
                    switch (status) {
                        case 401 ->
                            "the Anthropic API rejected ANTHROPIC_API_KEY (401: " + detail
                                    + "); put a valid key in .env";
                        case 403 -> "the API key may not use this model or feature (403: " + detail + ")";
                        case 404 ->
                            "model or endpoint not found (404: " + detail
                                    + "); check ANTHROPIC_MODEL and ANTHROPIC_BASE_URL";
                        case 429 ->
                            "the Anthropic API is rate limiting us (429: " + detail + "), still after " + (attempt + 1)
                                    + " attempts; try again in a minute";
                        case 529 ->
                            "the Anthropic API is overloaded (529: " + detail + "), still after " + (attempt + 1)
                                    + " attempts; try again later";
                        default -> "the Anthropic API answered " + status + ": " + detail;
                    });
        }
    }

    private void backoff(int attempt, String retryAfter, Cancellation cancel) throws AnalysisCancelledException {
        long millis;
        try {
            millis = retryAfter == null ? -1 : Math.min(60_000, (long) (Double.parseDouble(retryAfter) * 1000));
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 0) {
            long base = config.retryBase().toMillis() << Math.min(attempt, 6);
            millis = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        }
        try {
            if (cancel.sleep(millis)) {
                throw new AnalysisCancelledException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalysisCancelledException();
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            String type = n.path("error").path("type").asText("");
            String msg = n.path("error").path("message").asText("");
            if (!msg.isEmpty()) {
                return type.isEmpty() ? msg : type + ": " + msg;
            }
        } catch (IOException ignored) {
            // not JSON: fall through
        }
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    private static String text(JsonNode content) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : content) {
            if (block.path("type").asText().equals("text")) {
                if (!sb.isEmpty()) {
                    sb.append("\n\n");
                }
                sb.append(block.path("text").asText());
            }
        }
        return sb.toString().strip();
    }

    private static JsonNode readSchema() {
        try {
            return JSON.readTree(ChartSpec.jsonSchema());
        } catch (IOException e) {
            throw new IllegalStateException("the chart spec's JSON Schema in the jar is not JSON", e);
        }
    }

    private static void checkCancelled(Cancellation cancel) throws AnalysisCancelledException {
        if (cancel.isCancelled()) {
            throw new AnalysisCancelledException();
        }
    }
}
