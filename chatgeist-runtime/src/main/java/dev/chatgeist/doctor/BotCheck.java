package dev.chatgeist.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.bot.BotSettings;
import dev.chatgeist.core.secret.Secrets;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** When the bot is configured: Telegram accepts TELEGRAM_BOT_TOKEN (getMe). The token never appears in a finding. */
final class BotCheck implements Check {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "TELEGRAM_BOT_TOKEN";

    @Override
    public List<Finding> run(Examination exam) {
        String topic = "bot token";
        var token = exam.settings().get(TOKEN);
        if (token.isEmpty()) {
            return List.of(Finding.ok(topic, "the bot is not configured (no " + TOKEN + "); skipped"));
        }
        String t = token.get();
        String base = exam.settings()
                .get("TELEGRAM_BOT_API_URL", BotSettings.DEFAULT_API_URL)
                .replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(base + "/bot" + t + "/getMe");
        } catch (IllegalArgumentException e) {
            return List.of(Finding.fail(
                    topic,
                    TOKEN + " (" + Secrets.tail(t) + ") or TELEGRAM_BOT_API_URL does " + "not make a URL",
                    "copy the token again from @BotFather (/token) into .env"));
        }
        Http.Reply r = Http.get(uri, Map.of(), exam.networkTimeout());
        if (r.status() == 0) {
            return List.of(Finding.fail(
                    topic,
                    "cannot reach " + base + ": " + Secrets.scrub(r.failure(), List.of(t)),
                    "check the network (and TELEGRAM_BOT_API_URL if set)"));
        }
        if (r.status() == 401 || r.status() == 404) {
            return List.of(Finding.fail(
                    topic,
                    "Telegram rejected " + TOKEN + " (" + Secrets.tail(t) + ", HTTP " + r.status() + ")",
                    "copy the token again from @BotFather (/token) into .env"));
        }
        try {
            JsonNode me = JSON.readTree(r.body());
            if (r.status() == 200 && me.path("ok").asBoolean()) {
                return List.of(Finding.ok(
                        topic,
                        "accepted: @" + me.path("result").path("username").asText()));
            }
        } catch (IOException e) {
            // not JSON: reported below
        }
        return List.of(Finding.fail(
                topic,
                base + " answered getMe with HTTP " + r.status() + ", not the Bot API",
                "check TELEGRAM_BOT_API_URL (default " + BotSettings.DEFAULT_API_URL + ") and any proxy"));
    }
}
