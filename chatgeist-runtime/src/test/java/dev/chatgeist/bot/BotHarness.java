package dev.chatgeist.bot;

import dev.chatgeist.config.Home;
import dev.chatgeist.testing.AnthropicStandIn;
import dev.chatgeist.testing.BotApiStandIn;
import dev.chatgeist.testing.TestArchives;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * A home with real archives, the two stand-ins (Bot API and Messages API) and the real bot ({@link BotApp}, with
 * the real TelegramBots client) between them.
 */
final class BotHarness implements AutoCloseable {
    static final String TOKEN = "123456789:TEST-token_secret-XYZ";
    static final String API_KEY = "sk-ant-test-secret";

    final Path home;
    final BotApiStandIn telegram;
    final AnthropicStandIn anthropic;
    final Map<String, String> env = new HashMap<>();
    final StringWriter console = new StringWriter();
    BotApp app;

    BotHarness(Path home) throws Exception {
        this.home = home;
        telegram = new BotApiStandIn(TOKEN);
        anthropic = new AnthropicStandIn(API_KEY);
        env.put("TELEGRAM_BOT_TOKEN", TOKEN);
        env.put("TELEGRAM_BOT_API_URL", telegram.url().toString());
        env.put("TELEGRAM_POLL_TIMEOUT_SECONDS", "2");
        env.put("ANTHROPIC_API_KEY", API_KEY);
        env.put("ANTHROPIC_BASE_URL", anthropic.baseUrl().toString());
        env.put("ANTHROPIC_RETRY_BASE_MS", "20");
        env.put("CHATGEIST_ANALYST", "api");
        env.put("CHATGEIST_STATUS_SECONDS", "1");
        env.put("PATH", System.getenv("PATH"));
    }

    /** Builds databases/<alias>.db with {@code count} messages. */
    BotHarness archive(String alias, int count) {
        TestArchives.build(home.resolve("databases"), alias, count);
        return this;
    }

    BotHarness set(String key, String value) {
        env.put(key, value);
        return this;
    }

    BotHarness start() throws Exception {
        PrintWriter out = new PrintWriter(console, true);
        app = BotApp.create(new Home(home), env, ZoneId.of("Europe/Kyiv"), out, out);
        app.start();
        return this;
    }

    void restart() throws Exception {
        app.close();
        start();
    }

    /** The log once it contains {@code fragment} (lines are written just after an answer is sent), or after 10 s. */
    String awaitLog(String fragment) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!log().contains(fragment) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        return log();
    }

    String log() throws Exception {
        Path f = home.resolve("logs/bot.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
        telegram.close();
        anthropic.close();
    }
}
