package dev.chatgeist.analyst;

import static dev.chatgeist.testing.AnthropicStandIn.firstRow;
import static dev.chatgeist.testing.AnthropicStandIn.text;
import static dev.chatgeist.testing.AnthropicStandIn.toolResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.sql.SqlLimits;
import dev.chatgeist.sql.SqlSandbox;
import dev.chatgeist.testing.AnthropicStandIn;
import dev.chatgeist.testing.TestArchives;
import dev.chatgeist.testing.TestCharts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API analyst against the Messages API stand-in, on a real archive through the real SQL sandbox. */
class ApiAnalystTest {
    @TempDir
    static Path dir;

    static SqlSandbox sandbox;
    AnthropicStandIn api;

    @BeforeAll
    static void archives() {
        TestArchives.build(dir.resolve("databases"), "chat", 1234);
        TestArchives.build(dir.resolve("databases"), "other", 7);
        sandbox = new SqlSandbox(dir.resolve("databases"), SqlLimits.DEFAULT);
    }

    @BeforeEach
    void start() throws Exception {
        api = new AnthropicStandIn("sk-test-key");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    ApiAnalyst analyst(URI base, String key, int rounds, int retries) {
        return new ApiAnalyst(
                new ApiConfig(
                        base, key, "claude-test", 1024, rounds, retries, Duration.ofMillis(20), Duration.ofSeconds(30)),
                sandbox,
                TestCharts.tools(dir.resolve("databases")));
    }

    ApiAnalyst analyst() {
        return analyst(api.baseUrl(), "sk-test-key", 5, 3);
    }

    static Question question(String text) {
        return new Question("Ти аналітик чату.", List.of(), text, List.of("chat"));
    }

    /** A model that counts with SQL and reports the number it got. */
    void countingModel() {
        api.script(req -> {
            String result = toolResult(req);
            if (result == null) {
                return api.toolUse("SELECT COUNT(*) AS n FROM messages", null);
            }
            return text("У чаті **" + firstRow(result) + "** повідомлень.");
        });
    }

    @Test
    void answersWithTheCountItGotFromSql() throws Exception {
        countingModel();
        List<Stage> stages = new CopyOnWriteArrayList<>();
        Answer a = analyst().analyze(question("Скільки повідомлень?"), stages::add, new Cancellation());
        assertThat(a.markdown()).isEqualTo("У чаті **1234** повідомлень.");
        assertThat(a.queries()).isEqualTo(1);
        assertThat(stages).containsSubsequence(Stage.ANALYSING, Stage.RUNNING_SQL, Stage.PROCESSING, Stage.FINISHING);
        List<JsonNode> reqs = api.requests();
        assertThat(reqs).hasSize(2);
        assertThat(reqs.get(0).path("system").asText()).isEqualTo("Ти аналітик чату.");
        assertThat(reqs.get(0).path("tools").get(0).path("name").asText()).isEqualTo("execute_sql");
        assertThat(reqs.get(0).path("model").asText()).isEqualTo("claude-test");
        assertThat(toolResult(reqs.get(1))).isEqualTo("n\n1234\n");
    }

    @Test
    void historyIsSentAsAlternatingTurns() throws Exception {
        api.script(req -> text("ok"));
        var q = new Question(
                "p", List.of(new Question.Turn("Хто найактивніший?", "Олена.")), "А другий?", List.of("chat"));
        analyst().analyze(q, Progress.NONE, new Cancellation());
        JsonNode messages = api.requests().get(0).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Хто найактивніший?");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("А другий?");
    }

    @Test
    void retriesRateLimitsAndOverloadThenAnswers() throws Exception {
        countingModel();
        api.inject(AnthropicStandIn.rateLimited("0"));
        api.inject(AnthropicStandIn.overloaded());
        api.inject(AnthropicStandIn.error(500, "api_error", "Internal server error"));
        Answer a = analyst().analyze(question("Скільки?"), Progress.NONE, new Cancellation());
        assertThat(a.markdown()).contains("1234");
        assertThat(api.requests()).hasSize(5);
    }

    @Test
    void persistentOverloadIsReportedAfterTheRetries() {
        for (int i = 0; i < 4; i++) {
            api.inject(AnthropicStandIn.overloaded());
        }
        assertThatThrownBy(() -> analyst().analyze(question("?"), Progress.NONE, new Cancellation()))
                .isInstanceOf(AnalystException.class)
                .hasMessageContaining("overloaded")
                .hasMessageContaining("529");
        assertThat(api.requests()).hasSize(4);
    }

    @Test
    void badKeyIsReportedWithoutTheKey() {
        assertThatThrownBy(() -> analyst(api.baseUrl(), "sk-wrong-secret", 5, 3)
                        .analyze(question("?"), Progress.NONE, new Cancellation()))
                .isInstanceOf(AnalystException.class)
                .hasMessageContaining("ANTHROPIC_API_KEY")
                .hasMessageNotContaining("sk-wrong-secret");
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void unreachableApiIsReportedAfterRetries() {
        URI dead = URI.create("http://127.0.0.1:9"); // discard port: nothing listens
        assertThatThrownBy(() -> analyst(dead, "k", 5, 2).analyze(question("?"), Progress.NONE, new Cancellation()))
                .isInstanceOf(AnalystException.class)
                .hasMessageContaining("cannot reach")
                .hasMessageContaining("3 attempts");
    }

    @Test
    void sqlErrorsGoBackToTheModelAsToolErrors() throws Exception {
        api.script(req -> {
            String result = toolResult(req);
            if (result == null) {
                return api.toolUse("DELETE FROM messages", null);
            }
            if (result.startsWith("ERROR")) {
                boolean isError = AnthropicStandIn.lastMessage(req)
                        .path("content")
                        .get(0)
                        .path("is_error")
                        .asBoolean();
                return isError
                        ? api.toolUse("SELECT COUNT(*) FROM messages WHERE message LIKE '%update%'", "chat")
                        : text("is_error missing");
            }
            return text("Згадок update: " + firstRow(result));
        });
        Answer a = analyst().analyze(question("Скільки разів згадували update?"), Progress.NONE, new Cancellation());
        assertThat(a.markdown()).isEqualTo("Згадок update: 247");
        assertThat(toolResult(api.requests().get(1))).contains("only queries that read");
    }

    @Test
    void aDatabaseOutsideTheQuestionIsRefused() throws Exception {
        api.script(req -> {
            String result = toolResult(req);
            return result == null ? api.toolUse("SELECT 1", "other") : text(result);
        });
        Answer a = analyst().analyze(question("?"), Progress.NONE, new Cancellation());
        assertThat(a.markdown()).contains("unknown database 'other'");
    }

    @Test
    void theRoundBudgetEndsWithAForcedAnswer() throws Exception {
        api.script(req -> req.path("tool_choice").path("type").asText().equals("none")
                ? text("Відповідаю з тим, що маю.")
                : api.toolUse("SELECT 1", null));
        Answer a =
                analyst(api.baseUrl(), "sk-test-key", 3, 0).analyze(question("?"), Progress.NONE, new Cancellation());
        assertThat(a.markdown()).isEqualTo("Відповідаю з тим, що маю.");
        assertThat(a.queries()).isEqualTo(3);
        assertThat(api.requests()).hasSize(4);
    }

    @Test
    void cancelStopsTheLoopWhileTheModelIsThinking() throws Exception {
        countingModel();
        api.latency(10_000);
        Cancellation c = new Cancellation();
        List<Throwable> thrown = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                analyst().analyze(question("?"), Progress.NONE, c);
            } catch (Exception e) {
                thrown.add(e);
            }
        });
        t.start();
        Thread.sleep(300);
        long start = System.nanoTime();
        c.cancel();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
        assertThat(thrown).singleElement().isInstanceOf(AnalysisCancelledException.class);
        assertThat(api.requests()).hasSize(1);
    }
}
