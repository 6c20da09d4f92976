package dev.chatgeist.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.BotApiStandIn.Msg;
import dev.chatgeist.testing.DockerStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot with CHATGEIST_ANALYST=docker, the docker stand-in first on PATH, and a prompt overridden in the home. */
class DockerBotEndToEndTest {
    @TempDir
    Path home;

    @Test
    void theBotAsksTheClaudeCliInTheSandboxAndUsesTheHomesPrompts() throws Exception {
        DockerStandIn docker = new DockerStandIn(home.resolve("fakebin"));
        docker.answer("За даними чату, найактивніша — **Олена Коваль** (412 повідомлень).");
        Files.createDirectories(home.resolve("prompts"));
        Files.writeString(home.resolve("prompts/base.md"), "Власний базовий промпт для {{databases}}.");
        try (BotHarness bot = new BotHarness(home)) {
            bot.archive("chat", 20)
                    .set("CHATGEIST_ANALYST", "docker")
                    .set("PATH", docker.path())
                    .start();
            int q = bot.telegram.userSends(501, "Олена", "Хто найактивніший?");
            Msg answer = bot.telegram.await(
                    501,
                    m -> m.text != null
                            && m.text.contains("найактивніша")
                            && Integer.valueOf(q).equals(m.replyTo),
                    Duration.ofSeconds(15));
            assertThat(answer.text).isEqualTo("За даними чату, найактивніша — Олена Коваль (412 повідомлень).");
            List<String> exec = docker.calls().get(1);
            assertThat(exec.subList(0, 7))
                    .containsExactly(
                            "exec",
                            "-u",
                            "node",
                            "claude-sandbox",
                            "claude",
                            "--print",
                            "--dangerously-skip-permissions");
            assertThat(exec.get(7))
                    .startsWith("Власний базовий промпт для chat.")
                    .contains("/workspace/dbs/chat.db")
                    .contains("Хто найактивніший?");
            assertThat(bot.awaitLog("outcome=ok"))
                    .contains("analyst=docker duration_ms")
                    .contains("outcome=ok");
            assertThat(bot.anthropic.requests()).isEmpty();
        }
    }

    @Test
    void dockerNotRunningIsToldToTheUser() throws Exception {
        DockerStandIn docker = new DockerStandIn(home.resolve("fakebin"));
        docker.mode("nodaemon");
        try (BotHarness bot = new BotHarness(home)) {
            bot.archive("chat", 20)
                    .set("CHATGEIST_ANALYST", "docker")
                    .set("PATH", docker.path())
                    .start();
            bot.telegram.userSends(501, "Олена", "Скільки?");
            Msg m = bot.telegram.await(
                    501, x -> x.text != null && x.text.contains("Не вдалося"), Duration.ofSeconds(15));
            assertThat(m.text).contains("Docker is not running");
        }
    }
}
