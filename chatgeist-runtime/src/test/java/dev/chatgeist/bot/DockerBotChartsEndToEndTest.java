package dev.chatgeist.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.BotApiStandIn.Msg;
import dev.chatgeist.testing.DockerStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker analyst asks for charts with fenced {@code chart} blocks (the docker stand-in plays the Claude CLI);
 * the bot draws them from the archives on this machine with the same spec and renderer as the API analyst's
 * {@code make_chart}, sends the photo, and drops the blocks it cannot draw while the text still arrives.
 */
class DockerBotChartsEndToEndTest {
    @TempDir
    Path home;

    @Test
    void chartBlocksBecomePhotosAndABrokenBlockIsLeftOutAndLogged() throws Exception {
        DockerStandIn docker = new DockerStandIn(home.resolve("fakebin"));
        docker.answer("""
                Активність чату за годинами:

                ```chart
                {"title": "Повідомлення за годинами", "kind": "bar", "x_label": "година", "database": "chat",
                 "sql": "SELECT strftime('%H', date_iso) AS hour, COUNT(*) AS messages FROM messages GROUP BY 1 ORDER BY 1"}
                ```

                Найбільше пишуть **зранку**.

                ```chart
                {"title": "Без даних", "kind": "bar"}
                ```
                ```chart
                {"title": "Не JSON", "kind": bar}
                ```
                """);
        try (BotHarness bot = new BotHarness(home)) {
            bot.archive("chat", 300)
                    .set("CHATGEIST_ANALYST", "docker")
                    .set("PATH", docker.path())
                    .start();
            int q = bot.telegram.userSends(501, "Олена", "Коли пишуть у чаті?");
            Msg photo = bot.telegram.await(501, m -> m.photo != null, Duration.ofSeconds(20));
            assertThat(photo.replyTo).isEqualTo(q);
            assertThat(photo.caption).isEqualTo("Активність чату за годинами:\n\nНайбільше пишуть зранку.");
            assertThat(photo.photo).startsWith(0x89, 'P', 'N', 'G');
            List<String> exec = docker.calls().get(1);
            assertThat(exec.get(7))
                    .contains("## Asking for a chart", "```chart", "A chart is a JSON object", "one of chat");
            String log = bot.awaitLog("outcome=ok");
            assertThat(log)
                    .contains("chart_failed user=501 analyst=docker title=\"Без даних\"")
                    .contains("chart_failed user=501 analyst=docker title=(untitled) reason=\"the chart block is "
                            + "not valid JSON")
                    .contains("delivery=photo", "charts=1");
            assertThat(bot.anthropic.requests()).isEmpty();
        }
    }
}
