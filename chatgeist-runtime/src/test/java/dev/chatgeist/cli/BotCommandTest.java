package dev.chatgeist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.update.NoLiveSource;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `chatgeist bot` refuses to start on bad configuration with a message that names the fix. */
class BotCommandTest {
    @TempDir
    Path home;

    int run(Map<String, String> env, StringWriter err) {
        Cli cli = new Cli(
                env,
                new BufferedReader(new StringReader("")),
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                false,
                ZoneId.of("UTC"),
                (h, s, o) -> new NoLiveSource());
        return Main.run(cli, "--home", home.toString(), "bot");
    }

    @Test
    void missingTokenIsAConfigurationError() {
        StringWriter err = new StringWriter();
        assertThat(run(Map.of(), err)).isEqualTo(2);
        assertThat(err.toString()).contains("TELEGRAM_BOT_TOKEN is not set").contains("@BotFather");
    }

    @Test
    void missingApiKeyNamesBothWaysOut() throws Exception {
        Files.writeString(home.resolve(".env"), "TELEGRAM_BOT_TOKEN=1:abc\n");
        StringWriter err = new StringWriter();
        assertThat(run(Map.of(), err)).isEqualTo(2);
        assertThat(err.toString()).contains("ANTHROPIC_API_KEY is not set").contains("CHATGEIST_ANALYST=docker");
    }

    @Test
    void aRejectedTokenStopsWithAClearMessage() throws Exception {
        try (var telegram = new dev.chatgeist.testing.BotApiStandIn("999:real-token")) {
            Files.writeString(
                    home.resolve(".env"),
                    "TELEGRAM_BOT_TOKEN=1:wrong\nTELEGRAM_BOT_API_URL=" + telegram.url()
                            + "\nCHATGEIST_ANALYST=docker\n");
            StringWriter err = new StringWriter();
            assertThat(run(Map.of(), err)).isEqualTo(2);
            assertThat(err.toString())
                    .contains("Telegram rejected TELEGRAM_BOT_TOKEN (401")
                    .doesNotContain("1:wrong");
        }
    }
}
