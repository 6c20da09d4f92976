package dev.chatgeist.bot;

import static dev.chatgeist.testing.AnthropicStandIn.firstRow;
import static dev.chatgeist.testing.AnthropicStandIn.question;
import static dev.chatgeist.testing.AnthropicStandIn.text;
import static dev.chatgeist.testing.AnthropicStandIn.toolResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.testing.AnthropicStandIn;
import dev.chatgeist.testing.BotApiStandIn.Msg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person talking to the real bot (real TelegramBots client, long polling) through the Bot API stand-in, with the
 * analyst on the Messages API stand-in and real SQLite archives.
 */
class BotEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final long OLENA = 501;
    static final long TARAS = 502;

    @TempDir
    Path home;

    @AutoClose
    BotHarness bot;

    /**
     * The stand-in model: counts with SQL (per database for a dossier, which it answers as a report), filters by
     * sender when the question names Olena, and writes the numbers it got into its answer.
     */
    static void model(AnthropicStandIn api) {
        api.script(req -> {
            String q = question(req);
            List<String> dbs = new ArrayList<>();
            req.path("tools")
                    .get(0)
                    .path("input_schema")
                    .path("properties")
                    .path("database")
                    .path("enum")
                    .forEach(n -> dbs.add(n.asText()));
            List<String> results = toolResults(req);
            String where = q.contains("Олен") || q.contains("olena_k") ? " WHERE sender_username = 'olena_k'" : "";
            if (results.size() < (q.contains("Досьє") ? dbs.size() : 1)) {
                return api.toolUse("SELECT COUNT(*) AS n FROM messages" + where, dbs.get(results.size()));
            }
            if (q.contains("Досьє")) {
                StringBuilder sb = new StringBuilder("# Досьє: Олена Коваль\n\n## Активність\n");
                for (int i = 0; i < dbs.size(); i++) {
                    sb.append("- ")
                            .append(dbs.get(i))
                            .append(": **")
                            .append(firstRow(results.get(i)))
                            .append("** повідомлень\n");
                }
                return text(sb.append("\n## Висновок\nАктивна учасниця, пише про каву ☕.")
                        .toString());
            }
            return text("У чаті **" + firstRow(results.get(0)) + "** повідомлень"
                    + (where.isEmpty() ? "" : " від Олени") + ".");
        });
    }

    static List<String> toolResults(JsonNode req) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : req.path("messages")) {
            if (m.path("content").isArray()) {
                for (JsonNode b : m.path("content")) {
                    if (b.path("type").asText().equals("tool_result")) {
                        out.add(b.path("content").asText());
                    }
                }
            }
        }
        return out;
    }

    BotHarness harness() throws Exception {
        bot = new BotHarness(home);
        model(bot.anthropic);
        return bot;
    }

    Msg answerTo(long user, int questionId) {
        return bot.telegram.await(
                user, m -> !m.deleted && questionId == nz(m.replyTo) && m.text != null && !hasCancelButton(m), WAIT);
    }

    /** A status message carries a cancel button; an answer carries none. */
    static boolean hasCancelButton(Msg m) {
        return m.buttons().stream()
                .anyMatch(b -> CallbackData.parse(b.substring(b.indexOf('=') + 1)) instanceof CallbackData.Cancel);
    }

    static String choose(int index, String alias) {
        return CallbackData.ChooseChat.of(index, alias).encode();
    }

    static String toggle(long selection, int index) {
        return new CallbackData.DossierToggle(selection, index).encode();
    }

    static int nz(Integer i) {
        return i == null ? -1 : i;
    }

    @Test
    void commandsWorkEndToEnd() throws Exception {
        harness().archive("chat", 1234).start();
        bot.telegram.userSends(OLENA, "Олена", "/start");
        Msg welcome = bot.telegram.await(OLENA, m -> m.text.contains("ChatGeist"), WAIT);
        assertThat(welcome.text).contains("Поточний чат: chat", "Ваш ID: 501", "0 / 5");
        assertThat(welcome.parseMode).isEqualTo("HTML");
        bot.telegram.userSends(OLENA, "Олена", "/help@" + "chatgeist_test_bot");
        bot.telegram.await(OLENA, m -> m.text.contains("Як користуватися"), WAIT);
        bot.telegram.userSends(OLENA, "Олена", "/current");
        bot.telegram.await(OLENA, m -> m.text.equals("Поточний чат: chat"), WAIT);
        bot.telegram.userSends(OLENA, "Олена", "/nonsense");
        bot.telegram.await(OLENA, m -> m.text.contains("Не знаю команди /nonsense"), WAIT);
        assertThat(bot.anthropic.requests())
                .as("commands never reach the analyst")
                .isEmpty();
    }

    @Test
    void aQuestionIsAnsweredWithARealSqlCountAndOneLogLine() throws Exception {
        harness().archive("chat", 1234).start();
        int q = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень у чаті?");
        Msg answer = answerTo(OLENA, q);
        assertThat(answer.text).isEqualTo("У чаті 1234 повідомлень.");
        assertThat(answer.parseMode).isEqualTo("HTML");
        List<Msg> sent = bot.telegram.botMessages(OLENA);
        Msg status = sent.get(0);
        assertThat(status.replyTo).isEqualTo(q);
        assertThat(status.buttons()).containsExactly("❌ Скасувати=" + new CallbackData.Cancel(1).encode());
        bot.telegram.await(OLENA, m -> m.messageId == status.messageId && m.deleted, WAIT); // gone with the answer
        JsonNode second = bot.anthropic.requests().get(1);
        assertThat(toolResult(second)).isEqualTo("n\n1234\n");
        assertThat(bot.anthropic.requests().get(0).path("system").asText())
                .contains(
                        "CREATE TABLE IF NOT EXISTS messages", "Answer in Ukrainian", "Databases you may query: chat");
        String log = bot.awaitLog("outcome=ok");
        assertThat(log)
                .containsPattern("question user=501 chat=chat skill=general analyst=api duration_ms=\\d+ "
                        + "outcome=ok queries=1 delivery=text");
        assertThat(log + bot.console).doesNotContain(BotHarness.TOKEN).doesNotContain(BotHarness.API_KEY);
    }

    @Test
    void switchingChatsChangesTheDatabaseAndSurvivesARestart() throws Exception {
        harness().archive("chat", 1234).archive("other", 77).start();
        bot.telegram.userSends(OLENA, "Олена", "/chats");
        Msg keyboard = bot.telegram.await(OLENA, m -> m.text.contains("Виберіть чат"), WAIT);
        assertThat(keyboard.buttons()).containsExactly("✅ chat=" + choose(0, "chat"), "other=" + choose(1, "other"));
        bot.telegram.userPresses(OLENA, keyboard.messageId, choose(1, "other"));
        bot.telegram.await(
                OLENA,
                m -> m.messageId == keyboard.messageId
                        && m.text.contains("Поточний чат: other")
                        && m.buttons().contains("✅ other=" + choose(1, "other")),
                WAIT);
        assertThat(bot.telegram.callbackAnswers().values()).contains("✅ Поточний чат: other");
        int q = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?");
        assertThat(answerTo(OLENA, q).text).isEqualTo("У чаті 77 повідомлень.");
        bot.restart();
        int q2 = bot.telegram.userSends(OLENA, "Олена", "А тепер скільки?");
        assertThat(answerTo(OLENA, q2).text)
                .as("the choice survived the restart")
                .isEqualTo("У чаті 77 повідомлень.");
        int q3 = bot.telegram.userSends(TARAS, "Тарас", "Скільки?");
        assertThat(answerTo(TARAS, q3).text).as("other users keep the default").isEqualTo("У чаті 1234 повідомлень.");
    }

    @Test
    void replyingToAnAnswerContinuesTheConversationEvenAfterARestart() throws Exception {
        harness().archive("chat", 1234).start();
        int q1 = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?");
        Msg a1 = answerTo(OLENA, q1);
        int q2 = bot.telegram.userReplies(OLENA, "Олена", "А скільки з них від Олени?", a1.messageId);
        Msg a2 = answerTo(OLENA, q2);
        assertThat(a2.text).isEqualTo("У чаті 412 повідомлень від Олени.");
        bot.restart();
        int q3 = bot.telegram.userReplies(OLENA, "Олена", "Дякую! А загалом?", a2.messageId);
        answerTo(OLENA, q3);
        List<JsonNode> reqs = bot.anthropic.requests();
        JsonNode last = reqs.get(reqs.size() - 2).path("messages"); // the first request of the third question
        assertThat(last.get(0).path("content").asText()).isEqualTo("Скільки повідомлень?");
        assertThat(last.get(1).path("content").asText()).isEqualTo("У чаті **1234** повідомлень.");
        assertThat(last.get(2).path("content").asText()).isEqualTo("А скільки з них від Олени?");
        assertThat(last.get(3).path("content").asText()).isEqualTo("У чаті **412** повідомлень від Олени.");
        assertThat(last.get(4).path("content").asText()).isEqualTo("Дякую! А загалом?");
    }

    @Test
    void dossierAsksWhichChatsThenSearchesThemAllAndSendsAReport() throws Exception {
        harness().archive("chat", 1234).archive("other", 77).archive("third", 5).start();
        int q = bot.telegram.userSends(OLENA, "Олена", "Досьє на @olena_k");
        Msg pick = bot.telegram.await(OLENA, m -> m.text != null && m.text.contains("у яких чатах шукати"), WAIT);
        assertThat(pick.buttons())
                .contains(
                        "✅ chat=" + toggle(1, 0),
                        "⬜ other=" + toggle(1, 1),
                        "⬜ third=" + toggle(1, 2),
                        "☑️ Усі=" + new CallbackData.DossierAll(1).encode(),
                        "▶️ Почати=" + new CallbackData.DossierGo(1).encode());
        bot.telegram.userPresses(OLENA, pick.messageId, toggle(1, 1));
        bot.telegram.await(
                OLENA, m -> m.messageId == pick.messageId && m.buttons().contains("✅ other=" + toggle(1, 1)), WAIT);
        bot.telegram.userPresses(OLENA, pick.messageId, new CallbackData.DossierGo(1).encode());
        Msg report = bot.telegram.await(OLENA, m -> m.fileName != null, WAIT);
        assertThat(report.fileName).isEqualTo("report_chat_other.pdf");
        assertThat(report.replyTo).isEqualTo(q);
        assertThat(report.caption).contains("Звіт").contains("Досьє на @olena_k");
        try (PDDocument doc = Loader.loadPDF(report.file)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            String text = stripper.getText(doc);
            assertThat(text)
                    .contains(
                            "Досьє: Олена Коваль",
                            "chat: 412 повідомлень",
                            "other: 26 повідомлень",
                            "Активна учасниця, пише про каву");
        }
        JsonNode first = bot.anthropic.requests().get(0);
        assertThat(first.path("system").asText()).contains("Skill: dossier", "Databases you may query: chat, other");
        assertThat(bot.awaitLog("skill=dossier")).contains("skill=dossier").contains("delivery=pdf");
    }

    @Test
    void cancelStopsTheAnalysisAndSaysSo() throws Exception {
        harness().archive("chat", 100).set("CHATGEIST_DAILY_LIMIT", "1").start();
        bot.anthropic.latency(30_000);
        int q = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?");
        Msg status = bot.telegram.await(
                OLENA, m -> m.buttons().contains("❌ Скасувати=" + new CallbackData.Cancel(1).encode()), WAIT);
        bot.telegram.await(OLENA, m -> m.messageId == status.messageId && m.text.contains("Аналізую"), WAIT);
        long start = System.nanoTime();
        bot.telegram.userPresses(OLENA, status.messageId, new CallbackData.Cancel(1).encode());
        bot.telegram.await(OLENA, m -> m.messageId == status.messageId && m.text.contains("Скасовано"), WAIT);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertThat(bot.telegram.botMessages(OLENA).get(0).buttons()).isEmpty();
        assertThat(bot.telegram.callbackAnswers().values()).contains("Зупиняю…");
        assertThat(bot.anthropic.requests()).hasSize(1);
        assertThat(bot.awaitLog("outcome=cancelled")).contains("outcome=cancelled");
        bot.anthropic.latency(0);
        int again = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?");
        assertThat(answerTo(OLENA, again).text)
                .as("a cancelled question does not use up the limit")
                .isEqualTo("У чаті 100 повідомлень.");
        assertThat(q).isPositive();
    }

    @Test
    void questionsBeyondTheCapWaitInQueueAndSayWhere() throws Exception {
        harness().archive("chat", 1234).set("CHATGEIST_MAX_CONCURRENT", "1").start();
        bot.anthropic.latency(1_200);
        int q1 = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?");
        bot.telegram.await(OLENA, m -> m.text != null && m.text.contains("Аналізую"), WAIT);
        int q2 = bot.telegram.userSends(TARAS, "Тарас", "Скільки повідомлень?");
        Msg queued = bot.telegram.await(TARAS, m -> m.text != null && m.text.contains("У черзі: 1-й"), WAIT);
        answerTo(OLENA, q1);
        answerTo(TARAS, q2);
        assertThat(queued.edits).anyMatch(e -> e.contains("Аналізую") || e.contains("SQL") || e.contains("Обробляю"));
        assertThat(bot.anthropic.maxInFlight()).isEqualTo(1);
        assertThat(bot.app.maxConcurrentSeen()).isEqualTo(1);
    }

    @Test
    void theDailyLimitHoldsAcrossRestartsAndTheWhitelistIsUnlimited() throws Exception {
        harness()
                .archive("chat", 10)
                .set("CHATGEIST_DAILY_LIMIT", "2")
                .set("CHATGEIST_WHITELIST", TARAS + "")
                .start();
        for (int i = 0; i < 2; i++) {
            answerTo(OLENA, bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?"));
        }
        int third = bot.telegram.userSends(OLENA, "Олена", "І ще одне?");
        bot.telegram.await(OLENA, m -> nz(m.replyTo) == third && m.text.contains("денний ліміт"), WAIT);
        bot.restart();
        int fourth = bot.telegram.userSends(OLENA, "Олена", "А тепер?");
        bot.telegram.await(OLENA, m -> nz(m.replyTo) == fourth && m.text.contains("денний ліміт"), WAIT);
        for (int i = 0; i < 3; i++) {
            answerTo(TARAS, bot.telegram.userSends(TARAS, "Тарас", "Скільки?"));
        }
        assertThat(bot.anthropic.requests()).hasSize(2 * 2 + 3 * 2);
        assertThat(bot.awaitLog("question user=501 chat=chat skill=general analyst=api duration_ms=0 outcome=limit"))
                .contains("question user=501 chat=chat skill=general analyst=api duration_ms=0 outcome=limit");
    }

    @Test
    void markupTelegramRefusesFallsBackToPlainText() throws Exception {
        harness().archive("chat", 1234).start();
        bot.telegram.rejectFormattedContaining("1234");
        int q = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?");
        Msg answer = answerTo(OLENA, q);
        assertThat(answer.parseMode).isNull();
        assertThat(answer.text).isEqualTo("У чаті **1234** повідомлень.");
        assertThat(bot.awaitLog("delivery=plain")).contains("delivery=plain");
    }

    @Test
    void longAnswersArriveAsAPdfWithTheCyrillicText() throws Exception {
        harness().archive("chat", 10).start();
        StringBuilder md = new StringBuilder("# Топ кафе за думкою чату\n\n| Місце | Згадок |\n|---|---|\n");
        for (int i = 1; i <= 120; i++) {
            md.append("| Кав'ярня «Ґанок» №")
                    .append(i)
                    .append(" | ")
                    .append(200 - i)
                    .append(" |\n");
        }
        bot.anthropic.script(req -> text(md.toString()));
        int q = bot.telegram.userSends(OLENA, "Олена", "Топ кафе");
        Msg report = bot.telegram.await(OLENA, m -> m.fileName != null, WAIT);
        assertThat(report.fileName).isEqualTo("report_chat.pdf");
        assertThat(report.replyTo).isEqualTo(q);
        assertThat(report.caption).contains("PDF");
        try (PDDocument doc = Loader.loadPDF(report.file)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Топ кафе за думкою чату", "Кав'ярня «Ґанок» №120");
        }
        assertThat(bot.anthropic.requests().get(0).path("system").asText()).contains("Skill: top");
    }

    @Test
    void onlyAllowedUsersMayUseTheBot() throws Exception {
        harness().archive("chat", 10).set("CHATGEIST_ALLOWED_USERS", OLENA + "").start();
        bot.telegram.userSends(TARAS, "Тарас", "Скільки повідомлень?");
        bot.telegram.await(TARAS, m -> m.text.contains("Цей бот приватний") && m.text.contains("502"), WAIT);
        int q = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?");
        answerTo(OLENA, q);
        assertThat(bot.anthropic.requests()).hasSize(2);
    }

    @Test
    void aTelegramOutageIsSurvived() throws Exception {
        harness().archive("chat", 1234).start();
        bot.telegram.goOffline();
        Thread.sleep(2_500);
        bot.telegram.goOnline();
        int q = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?");
        assertThat(answerTo(OLENA, q).text).isEqualTo("У чаті 1234 повідомлень.");
        assertThat(bot.awaitLog("telegram_reachable"))
                .contains("telegram_unreachable")
                .contains("telegram_reachable")
                .doesNotContain(BotHarness.TOKEN);
        assertThat(bot.console.toString()).doesNotContain(BotHarness.TOKEN);
    }

    @Test
    void theAnalystsFailureIsToldToTheUser() throws Exception {
        harness().archive("chat", 10).set("ANTHROPIC_MAX_RETRIES", "1").start();
        bot.anthropic.inject(AnthropicStandIn.overloaded());
        bot.anthropic.inject(AnthropicStandIn.overloaded());
        int q = bot.telegram.userSends(OLENA, "Олена", "Скільки?");
        Msg m = bot.telegram.await(
                OLENA, x -> nz(x.replyTo) == q && x.text != null && x.text.contains("Не вдалося"), WAIT);
        assertThat(m.text).contains("overloaded");
        assertThat(bot.awaitLog("outcome=failed")).contains("outcome=failed");
    }

    @Test
    void floodControlIsWaitedOutForAsLongAsTelegramSays() throws Exception {
        harness().archive("chat", 1234).start();
        bot.telegram.floodWait("sendMessage", 1, 1); // the first send is the status message
        int q = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?");
        assertThat(answerTo(OLENA, q).text)
                .as("the answer does not wait for the status message")
                .isEqualTo("У чаті 1234 повідомлень.");
        List<Long> refused = bot.telegram.floodAnswerTimes();
        assertThat(refused).as("the stand-in refused one sendMessage").hasSize(1);
        long refusedAt = refused.get(0);
        Msg status = bot.telegram.await(OLENA, m -> m.text != null && m.text.contains("⏱"), WAIT);
        List<Long> after = bot.telegram.callTimes("sendMessage").stream()
                .filter(t -> t > refusedAt)
                .toList();
        assertThat(after)
                .as("the answer, then the status again once retry_after had passed")
                .hasSize(2);
        assertThat(Duration.ofNanos(after.get(1) - refusedAt))
                .as("retry_after = 1 s honoured")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1))
                .isLessThan(Duration.ofSeconds(5));
        bot.telegram.await(OLENA, m -> m == status && m.deleted, WAIT);
        assertThat(status.deleted)
                .as("a status that arrives after the answer is removed")
                .isTrue();
        assertThat(bot.awaitLog("outcome=ok")).contains("outcome=ok");
    }

    @Test
    void aSecondProgramPollingWithTheSameTokenIsNamedInTheLogAndTheBotCarriesOnAfterIt() throws Exception {
        harness().archive("chat", 1234).start();
        bot.telegram.otherProgramPolling(true);
        String log = bot.awaitLog("telegram_conflict");
        bot.telegram.otherProgramPolling(false);
        assertThat(log)
                .contains("telegram_conflict")
                .contains("code=409")
                .doesNotContain("telegram_unreachable")
                .doesNotContain(BotHarness.TOKEN);
        assertThat(bot.console.toString())
                .contains("another program is polling Telegram with this bot's token")
                .contains("terminated by other getUpdates request")
                .contains("chatgeist-bot service")
                .doesNotContain(BotHarness.TOKEN);
        int q = bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень?");
        assertThat(answerTo(OLENA, q).text).isEqualTo("У чаті 1234 повідомлень.");
        assertThat(bot.awaitLog("telegram_reachable")).contains("telegram_reachable");
    }
}
