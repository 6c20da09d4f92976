package dev.chatgeist.bot;

import static dev.chatgeist.testing.AnthropicStandIn.question;
import static dev.chatgeist.testing.AnthropicStandIn.text;
import static dev.chatgeist.testing.AnthropicStandIn.toolResultBlocks;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgeist.testing.AnthropicStandIn;
import dev.chatgeist.testing.BotApiStandIn.Msg;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Charts in the bot, end to end: the real bot between the Bot API stand-in (which takes photos and albums as
 * Telegram does: multipart uploads, attach:// references, the 1024-character caption limit) and the Messages API
 * stand-in, whose scripted model calls {@code make_chart} with good and bad specs; the charts' queries run through
 * the real SQL sandbox on real archives, and the real renderer draws them.
 */
class BotChartsEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final long OLENA = 501;
    static final ObjectMapper JSON = new ObjectMapper();

    static final String BY_HOUR =
            "SELECT strftime('%H', date_iso) AS hour, COUNT(*) AS messages FROM messages " + "GROUP BY 1 ORDER BY 1";

    @TempDir
    Path home;

    @AutoClose
    BotHarness bot;

    BotHarness harness() throws Exception {
        bot = new BotHarness(home);
        bot.archive("chat", 1234);
        return bot;
    }

    static ObjectNode spec(String title, String kind, String sql) {
        ObjectNode s = JSON.createObjectNode()
                .put("title", title)
                .put("kind", kind)
                .put("x_label", "година")
                .put("y_label", "повідомлень");
        if (sql != null) {
            s.put("sql", sql);
        }
        return s;
    }

    /** The model: draws {@code charts} in its first turn (all at once), then answers with {@code answer}. */
    void model(List<ObjectNode> charts, String answer) {
        bot.anthropic.script(req -> {
            if (toolResultBlocks(req).isEmpty()) {
                List<Map.Entry<String, JsonNode>> calls = new ArrayList<>();
                charts.forEach(c -> calls.add(Map.entry("make_chart", c)));
                return bot.anthropic.toolCalls(calls);
            }
            return text(answer);
        });
    }

    static BufferedImage png(byte[] bytes) throws Exception {
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    List<Msg> photos() {
        return bot.telegram.botMessages(OLENA).stream()
                .filter(m -> m.photo != null)
                .toList();
    }

    @Test
    void aGoodSpecArrivesAsAPhotoWithTheAnswerAsItsCaption() throws Exception {
        harness().start();
        model(
                List.of(spec("Повідомлення за годинами", "bar", BY_HOUR)),
                "Найбільше пишуть **вдень**.\n\n[chart 1]\n\nУсього 1234 повідомлення.");
        int q = bot.telegram.userSends(OLENA, "Олена", "Коли люди пишуть у чаті?");
        Msg photo = bot.telegram.await(OLENA, m -> m.photo != null, WAIT);
        assertThat(photo.replyTo).isEqualTo(q);
        assertThat(photo.caption).isEqualTo("Найбільше пишуть вдень.\n\nУсього 1234 повідомлення.");
        assertThat(photo.parseMode).isEqualTo("HTML");
        assertThat(photo.mediaGroupId).isNull();
        BufferedImage img = png(photo.photo);
        assertThat(img.getWidth()).isGreaterThan(600);
        assertThat(img.getHeight()).isGreaterThan(300);

        JsonNode result = toolResultBlocks(bot.anthropic.requests().get(1)).get(0);
        assertThat(result.path("is_error").asBoolean(false)).isFalse();
        assertThat(result.path("content").asText()).contains("chart 1 made", "Повідомлення за годинами", "[chart 1]");
        JsonNode tools = bot.anthropic.requests().get(0).path("tools");
        assertThat(tools.get(1).path("name").asText()).isEqualTo("make_chart");
        assertThat(tools.get(1).path("input_schema").path("properties").has("kind"))
                .isTrue();
        assertThat(bot.awaitLog("outcome=ok"))
                .contains("delivery=photo", "charts=1")
                .doesNotContain("chart_failed");
        assertThat(bot.telegram.botMessages(OLENA).stream().filter(m -> m.text != null && m.text.contains("Найбільше")))
                .as("the text is the caption, not a second message")
                .isEmpty();

        // a reply to the photo continues the conversation: the caption's answer is the history, without markers
        int before = bot.anthropic.requests().size();
        bot.telegram.userReplies(OLENA, "Олена", "А вночі?", photo.messageId);
        bot.telegram.await(OLENA, m -> m.photo != null && m.messageId > photo.messageId + 1, WAIT);
        JsonNode followUp = bot.anthropic.requests().get(before);
        assertThat(followUp.path("messages").get(1).path("content").asText())
                .isEqualTo("Найбільше пишуть **вдень**.\n\nУсього 1234 повідомлення.");
    }

    @Test
    void aCaptionTelegramCannotParseIsSentAsPlainText() throws Exception {
        harness().start();
        bot.telegram.rejectFormattedContaining("вдень");
        model(List.of(spec("За годинами", "bar", BY_HOUR)), "[chart 1]\n\nНайбільше пишуть **вдень**.");
        bot.telegram.userSends(OLENA, "Олена", "Коли пишуть?");
        Msg photo = bot.telegram.await(OLENA, m -> m.photo != null, WAIT);
        assertThat(photo.parseMode).isNull();
        assertThat(photo.caption).isEqualTo("Найбільше пишуть **вдень**.");
        assertThat(photos()).hasSize(1);
    }

    @Test
    void aBadSpecIsExplainedToTheModelLoggedAndTheTextStillArrives() throws Exception {
        harness().start();
        bot.anthropic.script(req -> {
            int results = toolResultBlocks(req).size();
            if (results == 0) {
                return bot.anthropic.chart(spec("Частка учасників", "pie", BY_HOUR));
            }
            return text("Олена пише найбільше: **412** повідомлень.");
        });
        int q = bot.telegram.userSends(OLENA, "Олена", "Хто пише найбільше?");
        Msg answer = bot.telegram.await(OLENA, m -> m.text != null && m.text.contains("412"), WAIT);
        assertThat(answer.replyTo).isEqualTo(q);
        assertThat(photos()).isEmpty();
        JsonNode result = toolResultBlocks(bot.anthropic.requests().get(1)).get(0);
        assertThat(result.path("is_error").asBoolean()).isTrue();
        assertThat(result.path("content").asText()).contains("chart not made", "pie", "bar, horizontal_bar");
        String log = bot.awaitLog("outcome=ok");
        assertThat(log)
                .contains("chart_failed user=501 analyst=api title=\"Частка учасників\" reason=")
                .contains("pie")
                .contains("delivery=text", "charts=0");
    }

    @Test
    void aRefusedQueryIsAnErrorForTheModelAndTheArchiveIsUntouched() throws Exception {
        harness().start();
        bot.anthropic.script(req -> {
            List<JsonNode> results = toolResultBlocks(req);
            if (results.isEmpty()) {
                return bot.anthropic.chart(spec("Видалено", "bar", "DELETE FROM messages"));
            }
            if (results.size() == 1) {
                return bot.anthropic.toolUse("SELECT COUNT(*) AS n FROM messages", null);
            }
            return text("У чаті **"
                    + AnthropicStandIn.firstRow(results.get(1).path("content").asText()) + "** повідомлень.");
        });
        bot.telegram.userSends(OLENA, "Олена", "Скільки повідомлень у чаті?");
        Msg answer = bot.telegram.await(OLENA, m -> m.text != null && m.text.contains("повідомлень"), WAIT);
        assertThat(answer.text).isEqualTo("У чаті 1234 повідомлень.");
        JsonNode refused = toolResultBlocks(bot.anthropic.requests().get(1)).get(0);
        assertThat(refused.path("is_error").asBoolean()).isTrue();
        assertThat(refused.path("content").asText()).contains("chart not made", "query was not run");
        assertThat(photos()).isEmpty();
        assertThat(bot.awaitLog("outcome=ok"))
                .contains("chart_failed user=501 analyst=api title=Видалено reason=\"the chart's query was not run");
    }

    @Test
    void twoChartsGoOutAsAnAlbumWithTheCaptionOnTheFirst() throws Exception {
        harness().start();
        model(
                List.of(
                        spec("За годинами", "bar", BY_HOUR),
                        spec(
                                "За днями тижня",
                                "bar",
                                "SELECT strftime('%w', date_iso) AS weekday, COUNT(*) AS n "
                                        + "FROM messages GROUP BY 1 ORDER BY 1")),
                "[chart 1]\n\n[chart 2]\n\nЧат живе вдень.");
        int q = bot.telegram.userSends(OLENA, "Олена", "Коли люди пишуть?");
        bot.telegram.await(
                OLENA,
                m -> m.photo != null
                        && m.mediaGroupId != null
                        && bot.telegram.botMessages(OLENA).stream()
                                        .filter(x -> x.photo != null)
                                        .count()
                                == 2,
                WAIT);
        List<Msg> album = photos();
        assertThat(album).hasSize(2);
        assertThat(album.get(0).mediaGroupId).isEqualTo(album.get(1).mediaGroupId);
        assertThat(album.get(0).caption).isEqualTo("Чат живе вдень.");
        assertThat(album.get(1).caption).isNull();
        assertThat(album).allSatisfy(m -> assertThat(m.replyTo).isEqualTo(q));
        assertThat(album.get(0).photo).isNotEqualTo(album.get(1).photo);
        assertThat(bot.telegram.calls("sendMediaGroup")).isEqualTo(1);
        assertThat(bot.awaitLog("outcome=ok")).contains("delivery=album", "charts=2");
    }

    @Test
    void aTextTooLongForACaptionFollowsThePhoto() throws Exception {
        harness().start();
        String longText = "Докладно про активність. " + "Люди пишуть переважно вдень і ввечері. ".repeat(40);
        assertThat(longText.length()).isBetween(1100, Delivery.TEXT_LIMIT);
        model(List.of(spec("За годинами", "bar", BY_HOUR)), "[chart 1]\n\n" + longText);
        int q = bot.telegram.userSends(OLENA, "Олена", "Розкажи докладно, коли пишуть");
        Msg text = bot.telegram.await(OLENA, m -> m.text != null && m.text.startsWith("Докладно"), WAIT);
        Msg photo = photos().get(0);
        assertThat(photo.caption).isNull();
        assertThat(photo.messageId).isLessThan(text.messageId);
        assertThat(photo.replyTo).isEqualTo(q);
        assertThat(text.replyTo).isEqualTo(q);
        assertThat(text.text).isEqualTo(longText.strip());
    }

    @Test
    void aTopAnswerGetsItsBarChartAsThePromptAsks() throws Exception {
        harness().start();
        ObjectNode ranking = JSON.createObjectNode()
                .put("title", "Кав'ярні за рекомендаціями")
                .put("kind", "horizontal_bar")
                .put("x_label", "людей рекомендують");
        ObjectNode data = ranking.putObject("data");
        data.putArray("labels").add("Ruzafa Coffee").add("Dulce de Leche").add("Hermanos Vinagre");
        data.putArray("series")
                .addObject()
                .put("name", "людей")
                .putArray("values")
                .add(12)
                .add(7)
                .add(3);
        model(
                List.of(ranking),
                "[chart 1]\n\n1. **Ruzafa Coffee** — 12 людей радять.\n2. Dulce de Leche — 7.\n"
                        + "3. Hermanos Vinagre — 3.");
        bot.telegram.userSends(OLENA, "Олена", "Топ кав'ярень за думкою чату");
        Msg photo = bot.telegram.await(OLENA, m -> m.photo != null, WAIT);
        assertThat(photo.caption).startsWith("1. Ruzafa Coffee — 12 людей радять.");
        png(photo.photo);
        String system = bot.anthropic.requests().get(0).path("system").asText();
        assertThat(system)
                .contains("Skill: top", "horizontal_bar", "Do not draw one for a single number")
                .as("the fenced chart block is the docker analyst's way only")
                .doesNotContain("```chart");
    }

    @Test
    void aDossierAlwaysGetsMessagesPerMonthAndActiveHoursInItsPdf() throws Exception {
        harness().start();
        bot.anthropic.script(req -> {
            if (toolResultBlocks(req).isEmpty()) {
                return bot.anthropic.toolUse(
                        "SELECT COUNT(*) AS n FROM messages WHERE sender_username = 'olena_k'", null);
            }
            // the model names the person only by name; the bot finds her in the archive itself
            return text("# Досьє: Олена Коваль\n\n## Хто це\nОлена Коваль.\n\n## Активність\n- **412** "
                    + "повідомлень\n\n## Висновок\nАктивна учасниця.");
        });
        int q = bot.telegram.userSends(OLENA, "Олена", "Досьє на Олену Коваль");
        Msg report = bot.telegram.await(OLENA, m -> m.fileName != null, WAIT);
        assertThat(report.replyTo).isEqualTo(q);
        assertThat(question(bot.anthropic.requests().get(0))).isEqualTo("Досьє на Олену Коваль");
        try (PDDocument doc = Loader.loadPDF(report.file)) {
            List<BufferedImage> images = new ArrayList<>();
            for (PDPage page : doc.getPages()) {
                for (COSName name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof PDImageXObject img) {
                        images.add(img.getImage());
                    }
                }
            }
            assertThat(images).as("messages per month and active hours").hasSize(2);
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Досьє: Олена Коваль", "Активна учасниця").doesNotContain("[chart");
            assertThat(text.indexOf("Активність")).isLessThan(text.indexOf("412"));
        }
        assertThat(bot.awaitLog("outcome=ok"))
                .contains("skill=dossier", "delivery=pdf", "charts=2")
                .doesNotContain("chart_failed");
    }

    @Test
    void aDossierOnSomeoneNotInTheArchiveStillArrivesAndTheLogSaysWhyItHasNoCharts() throws Exception {
        harness().start();
        bot.anthropic.script(req -> text("# Досьє\n\nТакої людини в чаті немає."));
        bot.telegram.userSends(OLENA, "Олена", "Досьє на @nobody_here");
        Msg report = bot.telegram.await(OLENA, m -> m.fileName != null, WAIT);
        try (PDDocument doc = Loader.loadPDF(report.file)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Такої людини в чаті немає.");
        }
        assertThat(bot.awaitLog("outcome=ok"))
                .contains("chart_failed user=501 analyst=api", "cannot tell whose dossier it is", "charts=0");
    }

    @Test
    void theStatusShowsTheChartBeingDrawnAndCancelStopsItsQuery() throws Exception {
        harness().set("CHATGEIST_SQL_TIMEOUT_MS", "60000").start();
        // a query that would run for minutes: only the cancel can end it in time
        String slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) "
                + "SELECT x % 10 AS k, COUNT(*) FROM c GROUP BY 1";
        model(List.of(spec("Повільний", "bar", slow)), "не дійде");
        bot.telegram.userSends(OLENA, "Олена", "Намалюй щось повільне");
        String cancel = new CallbackData.Cancel(1).encode();
        Msg status = bot.telegram.await(
                OLENA,
                m -> m.text != null
                        && m.text.contains("Малюю графік")
                        && m.buttons().contains("❌ Скасувати=" + cancel),
                WAIT);
        long start = System.nanoTime();
        bot.telegram.userPresses(OLENA, status.messageId, cancel);
        bot.telegram.await(OLENA, m -> m.messageId == status.messageId && m.text.contains("Скасовано"), WAIT);
        assertThat(bot.awaitLog("outcome=cancelled")).contains("outcome=cancelled");
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("the query stopped, not ran to its end")
                .isLessThan(10_000);
        assertThat(photos()).isEmpty();
        assertThat(bot.anthropic.requests()).hasSize(1);
    }
}
