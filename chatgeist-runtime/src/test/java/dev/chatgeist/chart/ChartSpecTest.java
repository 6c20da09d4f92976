package dev.chatgeist.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The spec as the model writes it: what is accepted, and the messages that tell it how to fix the rest. */
class ChartSpecTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    static void refused(String spec, String... messageParts) {
        assertThatThrownBy(() -> ChartSpec.fromJson(json(spec)))
                .isInstanceOf(ChartSpecException.class)
                .message()
                .contains(messageParts);
    }

    @Test
    void aQuerySpecIsRead() throws Exception {
        ChartSpec s = ChartSpec.fromJson(json("""
                {"title": "Повідомлень на місяць", "kind": "line", "x_label": "місяць", "y_label": "повідомлень",
                 "sql": "SELECT strftime('%Y-%m', date_iso), COUNT(*) FROM messages GROUP BY 1", "database": "chat"}
                """));
        assertThat(s.kind()).isEqualTo(ChartKind.LINE);
        assertThat(s.hasQuery()).isTrue();
        assertThat(s.database()).isEqualTo("chat");
        assertThat(s.data()).isNull();
        assertThat(s.xLabel()).isEqualTo("місяць");
    }

    @Test
    void inlineDataIsReadWithGaps() throws Exception {
        ChartSpec s = ChartSpec.fromJson(json("""
                {"title": "t", "kind": "Stacked-Bar", "data": {"labels": ["a", 2024],
                 "series": [{"name": "x", "values": [1, null]}, {"name": "y", "values": ["3", 4.5]}]}}
                """));
        assertThat(s.kind()).isEqualTo(ChartKind.STACKED_BAR);
        assertThat(s.data().labels()).containsExactly("a", "2024");
        assertThat(s.data().series().get(0).values()).containsExactly(1.0, null);
        assertThat(s.data().series().get(1).values()).containsExactly(3.0, 4.5);
    }

    @Test
    void wrongSpecsGetAMessageSayingHowToWriteThem() {
        refused("[1]", "JSON object");
        refused("{\"kind\": \"bar\", \"sql\": \"SELECT 1, 2\"}", "\"title\"");
        refused("{\"title\": \"t\", \"sql\": \"SELECT 1, 2\"}", "\"kind\"", "horizontal_bar", "heatmap");
        refused(
                "{\"title\": \"t\", \"kind\": \"pie\", \"sql\": \"SELECT 1, 2\"}",
                "unknown chart kind 'pie'",
                "bar, horizontal_bar, line, stacked_bar, heatmap");
        refused("{\"title\": \"t\", \"kind\": \"bar\"}", "\"sql\"", "\"data\"");
        refused(
                "{\"title\": \"t\", \"kind\": \"bar\", \"sql\": \"SELECT 1\", \"data\": {\"labels\": [], "
                        + "\"series\": []}}",
                "either \"sql\" or \"data\", not both");
        refused(
                "{\"title\": \"t\", \"kind\": \"bar\", \"sql\": \"SELECT 1\", \"colour\": \"red\"}",
                "unknown field(s) [colour]");
        refused("{\"title\": 5, \"kind\": \"bar\", \"sql\": \"SELECT 1\"}", "\"title\" must be a string");
        refused(
                "{\"title\": \"t\", \"kind\": \"bar\", \"data\": {\"labels\": [\"a\", \"b\"], "
                        + "\"series\": [{\"name\": \"n\", \"values\": [1]}]}}",
                "1 values for 2 labels");
        refused(
                "{\"title\": \"t\", \"kind\": \"bar\", \"data\": {\"labels\": [\"a\"], "
                        + "\"series\": [{\"name\": \"n\", \"values\": [\"lots\"]}]}}",
                "must be numbers");
        refused("{\"title\": \"t\", \"kind\": \"bar\", \"data\": {\"labels\": [], \"series\": []}}", "no data");
        refused("{\"title\": \"t\", \"kind\": \"bar\", \"data\": [1, 2]}", "\"labels\"", "\"series\"");
        refused(
                "{\"title\": \"t\", \"kind\": \"bar\", \"data\": {\"labels\": [\"a\"], "
                        + "\"series\": [{\"values\": [1]}]}, \"database\": \"chat\"}",
                "\"database\" goes with \"sql\"");
    }

    @Test
    void tooManyBarsAreRefusedWithTheWayOut() throws Exception {
        StringBuilder labels = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i <= ChartData.MAX_BARS; i++) {
            labels.append(i == 0 ? "" : ",").append('"').append("l").append(i).append('"');
            values.append(i == 0 ? "" : ",").append(i);
        }
        refused(
                "{\"title\": \"t\", \"kind\": \"bar\", \"data\": {\"labels\": [" + labels + "], \"series\": "
                        + "[{\"name\": \"n\", \"values\": [" + values + "]}]}}",
                "at most " + ChartData.MAX_BARS,
                "LIMIT");
    }

    @Test
    void theSchemaAndThePromptTextDescribeTheSameFields() throws Exception {
        JsonNode schema = json(ChartSpec.jsonSchema());
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("properties").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("title", "kind", "x_label", "y_label", "sql", "database", "data");
        assertThat(schema.path("properties").path("kind").path("enum"))
                .extracting(JsonNode::asText)
                .containsExactly("bar", "horizontal_bar", "line", "stacked_bar", "heatmap");
        String prose = ChartSpec.promptDescription();
        for (ChartKind k : ChartKind.values()) {
            assertThat(prose).contains("\"" + k.jsonName() + "\"");
        }
        // the example in the prose is a valid spec
        String example = prose.substring(prose.indexOf("Example: ") + "Example: ".length())
                .strip();
        assertThat(ChartSpec.fromJson(json(example)).kind()).isEqualTo(ChartKind.LINE);
    }
}
