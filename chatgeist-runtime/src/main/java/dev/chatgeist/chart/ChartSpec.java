package dev.chatgeist.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the model asks to draw: a title, a kind, axis labels and the data - either a read-only query ({@code sql}
 * on the archive {@code database}, run through the SQL sandbox) or inline {@code data}. The same spec serves the
 * API analyst's {@code make_chart} tool ({@link #jsonSchema()}) and the Docker analyst's fenced {@code chart}
 * blocks ({@link #promptDescription()}).
 *
 * @param sql      the query, or {@code null} when {@code data} is given
 * @param database the archive alias the query runs on ({@code null} with inline data, or when only one is allowed)
 * @param data     inline data, or {@code null} when {@code sql} is given
 */
public record ChartSpec(
        String title, ChartKind kind, String xLabel, String yLabel, String sql, String database, ChartData data) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_AXIS_LABEL = 100;
    private static final Set<String> FIELDS = Set.of("title", "kind", "x_label", "y_label", "sql", "database", "data");

    public ChartSpec {
        xLabel = xLabel == null ? "" : xLabel;
        yLabel = yLabel == null ? "" : yLabel;
    }

    /** A spec with inline data. */
    public static ChartSpec inline(String title, ChartKind kind, String xLabel, String yLabel, ChartData data) {
        return new ChartSpec(title, kind, xLabel, yLabel, null, null, data);
    }

    /** A spec whose data comes from {@code sql} on {@code database}. */
    public static ChartSpec query(
            String title, ChartKind kind, String xLabel, String yLabel, String sql, String database) {
        return new ChartSpec(title, kind, xLabel, yLabel, sql, database, null);
    }

    public boolean hasQuery() {
        return sql != null;
    }

    /** Reads and validates a spec written by the model; the exception says what is wrong and how to write it. */
    public static ChartSpec fromJson(JsonNode json) throws ChartSpecException {
        if (json == null || !json.isObject()) {
            throw new ChartSpecException("the chart spec must be a JSON object like {\"title\": \"Messages per "
                    + "month\", \"kind\": \"line\", \"sql\": \"SELECT ...\", \"database\": \"alias\"}");
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                unknown.add(f);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ChartSpecException("unknown field(s) " + unknown + " in the chart spec; the fields are "
                    + "title, kind, x_label, y_label, and either sql (+ database) or data");
        }
        String title = text(json, "title", MAX_TITLE)
                .orElseThrow(() ->
                        new ChartSpecException("the chart needs a \"title\" (a short text saying what it shows)"));
        if (title.isBlank()) {
            throw new ChartSpecException("the chart's \"title\" is empty; say what the chart shows");
        }
        String kindName = text(json, "kind", 40)
                .orElseThrow(() -> new ChartSpecException("the chart needs a \"kind\": one of " + ChartKind.names()));
        ChartKind kind = ChartKind.fromJsonName(kindName)
                .orElseThrow(() -> new ChartSpecException(
                        "unknown chart kind '" + kindName + "'; use one of " + ChartKind.names()));
        String xLabel = text(json, "x_label", MAX_AXIS_LABEL).orElse("");
        String yLabel = text(json, "y_label", MAX_AXIS_LABEL).orElse("");
        Optional<String> sql = text(json, "sql", Integer.MAX_VALUE);
        Optional<String> database = text(json, "database", 100);
        JsonNode data = json.get("data");
        boolean hasData = data != null && !data.isNull();
        if (sql.isPresent() == hasData) {
            throw new ChartSpecException(
                    sql.isPresent()
                            ? "give either \"sql\" or \"data\", not both"
                            : "the chart needs its data: \"sql\" (one SELECT whose first column is the label and the next "
                                    + "ones numbers) with \"database\", or inline \"data\": {\"labels\": [...], \"series\": "
                                    + "[{\"name\": ..., \"values\": [...]}]}");
        }
        if (sql.isPresent()) {
            if (sql.get().isBlank()) {
                throw new ChartSpecException("\"sql\" is empty; write one SELECT statement");
            }
            return new ChartSpec(title.strip(), kind, xLabel, yLabel, sql.get(), database.orElse(null), null);
        }
        if (database.isPresent()) {
            throw new ChartSpecException("\"database\" goes with \"sql\"; inline \"data\" needs no database");
        }
        ChartData inline = inlineData(data);
        inline.validate(kind);
        return new ChartSpec(title.strip(), kind, xLabel, yLabel, null, null, inline);
    }

    private static ChartData inlineData(JsonNode data) throws ChartSpecException {
        if (!data.isObject()
                || !data.path("labels").isArray()
                || !data.path("series").isArray()) {
            throw new ChartSpecException("\"data\" must be {\"labels\": [\"a\", \"b\"], \"series\": [{\"name\": "
                    + "\"messages\", \"values\": [1, 2]}]}");
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode l : data.get("labels")) {
            if (!l.isValueNode() || l.isNull()) {
                throw new ChartSpecException("data.labels must hold strings or numbers, found " + l.getNodeType());
            }
            labels.add(l.asText());
        }
        List<ChartData.Series> series = new ArrayList<>();
        for (JsonNode s : data.get("series")) {
            if (!s.isObject() || !s.path("values").isArray()) {
                throw new ChartSpecException(
                        "each entry of data.series is {\"name\": \"...\", \"values\": [numbers, " + "one per label]}");
            }
            List<Double> values = new ArrayList<>();
            for (JsonNode v : s.get("values")) {
                if (v.isNull()) {
                    values.add(null);
                } else if (v.isNumber()) {
                    values.add(v.asDouble());
                } else if (v.isTextual() && v.asText().strip().matches("-?\\d+(\\.\\d+)?")) {
                    values.add(Double.parseDouble(v.asText().strip()));
                } else {
                    throw new ChartSpecException("data.series values must be numbers (or null for a gap), found " + v);
                }
            }
            series.add(new ChartData.Series(s.path("name").asText(""), values));
        }
        return new ChartData(labels, series);
    }

    private static Optional<String> text(JsonNode json, String field, int max) throws ChartSpecException {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new ChartSpecException("\"" + field + "\" must be a string, found " + n.getNodeType());
        }
        String v = n.asText();
        if (v.length() > max) {
            throw new ChartSpecException(
                    "\"" + field + "\" is " + v.length() + " characters long; keep it under " + max);
        }
        return Optional.of(v);
    }

    /** The JSON Schema of the spec: the {@code input_schema} of the API analyst's {@code make_chart} tool. */
    public static String jsonSchema() {
        return resource("chart-spec.schema.json");
    }

    /** How to write a spec, in prose, for a prompt (the Docker analyst writes it as a fenced {@code chart} block). */
    public static String promptDescription() {
        return resource("chart-spec.md");
    }

    private static String resource(String name) {
        try (InputStream in = ChartSpec.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
