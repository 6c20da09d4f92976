package dev.chatgeist.bot;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The bot's settings from {@code .env} (real environment variables win). The token is kept out of
 * {@link #toString()} so that it cannot reach a log line.
 */
public record BotSettings(
        String token,
        URI apiUrl,
        int dailyLimit,
        Set<Long> whitelist,
        Optional<Set<Long>> allowList,
        int maxConcurrent,
        Locale locale,
        Duration statusInterval,
        int pollTimeoutSeconds,
        String analyst,
        ZoneId zone) {

    public static final String DEFAULT_API_URL = "https://api.telegram.org";

    public static BotSettings from(Settings s, ZoneId zone) {
        String token = s.require(
                "TELEGRAM_BOT_TOKEN",
                "create a bot with @BotFather in Telegram (/newbot) and put "
                        + "TELEGRAM_BOT_TOKEN=123456:ABC... in .env");
        if (!token.matches("[0-9]+:[A-Za-z0-9_-]+")) {
            throw new UserException("TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits, ':', then "
                    + "letters, e.g. 123456:ABC-DEF...); copy it again from @BotFather");
        }
        URI api;
        try {
            api = URI.create(s.get("TELEGRAM_BOT_API_URL", DEFAULT_API_URL).replaceAll("/+$", ""));
            if (api.getScheme() == null
                    || api.getHost() == null
                    || !(api.getScheme().equals("http") || api.getScheme().equals("https"))) {
                throw new IllegalArgumentException("needs http(s)://host[:port]");
            }
            if (api.getPath() != null && !api.getPath().isEmpty()) {
                throw new IllegalArgumentException("a path is not supported, only scheme, host and port");
            }
        } catch (IllegalArgumentException e) {
            throw new UserException("TELEGRAM_BOT_API_URL is not usable (" + e.getMessage() + "); use e.g. "
                    + DEFAULT_API_URL + " or http://localhost:8081 for a self-hosted Bot API server");
        }
        int limit = s.getInt("CHATGEIST_DAILY_LIMIT", 5);
        if (limit < 0) {
            throw new UserException("CHATGEIST_DAILY_LIMIT must be 0 or more (0 = only whitelisted users may ask)");
        }
        int concurrent = s.getInt("CHATGEIST_MAX_CONCURRENT", 3);
        if (concurrent < 1) {
            throw new UserException("CHATGEIST_MAX_CONCURRENT must be at least 1");
        }
        Optional<Set<Long>> allow = s.get("CHATGEIST_ALLOWED_USERS").map(v -> ids("CHATGEIST_ALLOWED_USERS", v));
        String lang = s.get("CHATGEIST_BOT_LANGUAGE", "uk").toLowerCase(Locale.ROOT);
        if (!lang.equals("uk") && !lang.equals("en")) {
            throw new UserException("CHATGEIST_BOT_LANGUAGE must be uk or en, not '" + lang + "'");
        }
        String analyst = s.get("CHATGEIST_ANALYST", "api").toLowerCase(Locale.ROOT);
        if (!analyst.equals("api") && !analyst.equals("docker")) {
            throw new UserException("CHATGEIST_ANALYST must be api (Anthropic Messages API) or docker (Claude CLI "
                    + "in the claude-sandbox container), not '" + analyst + "'");
        }
        int status = s.getInt("CHATGEIST_STATUS_SECONDS", 5);
        int poll = s.getInt("TELEGRAM_POLL_TIMEOUT_SECONDS", 50);
        if (status < 1 || poll < 0 || poll > 100) {
            throw new UserException("CHATGEIST_STATUS_SECONDS must be at least 1 and TELEGRAM_POLL_TIMEOUT_SECONDS "
                    + "between 0 and 100");
        }
        return new BotSettings(
                token,
                api,
                limit,
                ids("CHATGEIST_WHITELIST", s.get("CHATGEIST_WHITELIST", "")),
                allow,
                concurrent,
                Locale.forLanguageTag(lang),
                Duration.ofSeconds(status),
                poll,
                analyst,
                zone);
    }

    /** Parses "123, 456 789" into ids; anything else is a clear error naming the key. */
    static Set<Long> ids(String key, String value) {
        Set<Long> out = new LinkedHashSet<>();
        for (String part : value.split("[,;\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                out.add(Long.parseLong(part.strip()));
            } catch (NumberFormatException e) {
                throw new UserException(key + " holds '" + part + "', which is not a Telegram user id; list numeric "
                        + "ids separated by commas (a user sees their id in the bot's /start answer)");
            }
        }
        return Set.copyOf(out);
    }

    public boolean unlimited(long userId) {
        return whitelist.contains(userId);
    }

    public boolean allowed(long userId) {
        return allowList
                .map(a -> a.contains(userId) || whitelist.contains(userId))
                .orElse(true);
    }

    @Override
    public String toString() {
        return "BotSettings[apiUrl=" + apiUrl + ", dailyLimit=" + dailyLimit + ", whitelist=" + whitelist
                + ", maxConcurrent=" + maxConcurrent + ", analyst=" + analyst + ", token=(hidden)]";
    }
}
