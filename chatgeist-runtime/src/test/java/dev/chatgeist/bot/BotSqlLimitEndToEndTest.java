package dev.chatgeist.bot;

import static dev.chatgeist.testing.AnthropicStandIn.firstRow;
import static dev.chatgeist.testing.AnthropicStandIn.question;
import static dev.chatgeist.testing.AnthropicStandIn.text;
import static dev.chatgeist.testing.AnthropicStandIn.toolResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.BotApiStandIn.Msg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL time limit seen from Telegram: the stand-in model (for Anthropic's Messages API) asks the real bot to run
 * a statement that spends minutes inside one SQLite function call; the limit and the ❌ cancel still end it at
 * once, and the bot goes on answering other people meanwhile.
 */
class BotSqlLimitEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final long OLENA = 601;
    static final long TARAS = 602;
    /** instr() of a 2 MB needle in a 4 MB haystack: minutes inside a single function call. */
    static final String SLOW = "SELECT instr(printf('%.*c', 4e6, 'a'), printf('%.*c', 2e6, 'a') || 'b')";

    @TempDir
    Path home;

    @AutoClose
    BotHarness bot;

    /** Questions with "довго" get the slow statement, others a count; the answer quotes what the tool said. */
    BotHarness harness() throws Exception {
        bot = new BotHarness(home);
        bot.anthropic.script(req -> {
            String q = question(req);
            String result = toolResult(req);
            if (result == null) {
                return bot.anthropic.toolUse(q.contains("довго") ? SLOW : "SELECT COUNT(*) AS n FROM messages", "chat");
            }
            return text(q.contains("довго") ? "Інструмент: " + result : "У чаті " + firstRow(result) + " повідомлень.");
        });
        return bot;
    }

    Msg answerTo(long user, int questionId) {
        return bot.telegram.await(
                user,
                m -> !m.deleted
                        && m.replyTo != null
                        && m.replyTo == questionId
                        && m.text != null
                        && !m.buttons().toString().contains("x:"),
                WAIT);
    }

    @Test
    void cancelStopsAStatementStuckInOneFunctionCallAndOthersAreAnsweredMeanwhile() throws Exception {
        harness()
                .archive("chat", 100)
                .set("CHATGEIST_SQL_TIMEOUT_MS", "120000")
                .set("CHATGEIST_MAX_CONCURRENT", "2")
                .start();
        bot.telegram.userSends(OLENA, "Олена", "Порахуй довго");
        Msg status = bot.telegram.await(OLENA, m -> m.buttons().stream().anyMatch(b -> b.startsWith("❌")), WAIT);
        awaitRequests(1);
        Thread.sleep(500); // the statement is inside instr() now

        int q = bot.telegram.userSends(TARAS, "Тарас", "Скільки повідомлень?");
        assertThat(answerTo(TARAS, q).text)
                .as("another user is answered while the slow statement runs")
                .isEqualTo("У чаті 100 повідомлень.");

        String cancel = status.buttons().stream()
                .filter(b -> b.startsWith("❌"))
                .findFirst()
                .orElseThrow();
        long start = System.nanoTime();
        bot.telegram.userPresses(OLENA, status.messageId, cancel.substring(cancel.indexOf('=') + 1));
        bot.telegram.await(OLENA, m -> m.messageId == status.messageId && m.text.contains("Скасовано"), WAIT);
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("cancel is prompt")
                .isLessThan(3_000);
        assertThat(bot.awaitLog("outcome=cancelled")).contains("outcome=cancelled");
    }

    @Test
    void theTimeLimitEndsAStatementStuckInOneFunctionCall() throws Exception {
        harness().archive("chat", 100).set("CHATGEIST_SQL_TIMEOUT_MS", "1500").start();
        int q = bot.telegram.userSends(OLENA, "Олена", "Порахуй довго");
        String answer = answerTo(OLENA, q).text;
        assertThat(answer).contains("time limit of 1500 ms");
        Matcher ran = Pattern.compile("it ran (\\d+) ms").matcher(answer);
        assertThat(ran.find())
                .as("the tool result says how long it ran: " + answer)
                .isTrue();
        assertThat(Long.parseLong(ran.group(1)))
                .as("the statement ended within its limit + 1 s")
                .isLessThan(2_500);
        int again = bot.telegram.userSends(TARAS, "Тарас", "Скільки повідомлень?");
        assertThat(answerTo(TARAS, again).text).isEqualTo("У чаті 100 повідомлень.");
    }

    private void awaitRequests(int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (bot.anthropic.requests().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bot.anthropic.requests()).hasSizeGreaterThanOrEqualTo(n);
    }
}
