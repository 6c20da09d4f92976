package dev.chatgeist.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.BotApiStandIn.Msg;
import dev.chatgeist.testing.PdfContents;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /report through the real bot and the Bot API stand-in: the current chat's PDF, without the analyst. */
class ChatReportBotTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final long OLENA = 501;

    @TempDir
    Path home;

    @AutoClose
    BotHarness bot;

    @Test
    void reportSendsTheCurrentChatsPdfWithCharts() throws Exception {
        bot = new BotHarness(home).archive("chat", 600).start();
        int command = bot.telegram.userSends(OLENA, "Олена", "/report");
        Msg doc = bot.telegram.await(OLENA, m -> m.fileName != null, WAIT);
        assertThat(doc.fileName).isEqualTo("report-chat.pdf");
        assertThat(doc.replyTo).isEqualTo(command);
        assertThat(doc.caption).contains("Звіт про чат chat");
        PdfContents pdf = PdfContents.read(doc.file);
        // the bot speaks Ukrainian by default: so does its report
        assertThat(pdf.text()).contains("Звіт ChatGeist: chat", "Підсумки", "600", "Олена Коваль", "Тарас Шевчук");
        assertThat(pdf.imageSizes()).hasSize(4);
        assertThat(pdf.links())
                .as("permalinks of the most reacted messages and the threads")
                .filteredOn(l -> l.startsWith("https://t.me/chat/"))
                .hasSizeGreaterThanOrEqualTo(10);
        assertThat(bot.anthropic.requests()).as("no model is asked").isEmpty();
    }

    @Test
    void withoutArchivesReportSaysSo() throws Exception {
        bot = new BotHarness(home).start();
        bot.telegram.userSends(OLENA, "Олена", "/report");
        bot.telegram.await(OLENA, m -> m.text != null && m.text.contains("chatgeist update"), WAIT);
        assertThat(bot.telegram.botMessages(OLENA)).noneMatch(m -> m.fileName != null);
    }
}
