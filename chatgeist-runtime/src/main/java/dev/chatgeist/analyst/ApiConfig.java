package dev.chatgeist.analyst;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import java.net.URI;
import java.time.Duration;

/**
 * Settings of the Anthropic Messages API analyst. The key is kept out of {@link #toString()} so that it can never
 * reach a log line.
 */
public record ApiConfig(
        URI baseUrl,
        String apiKey,
        String model,
        int maxTokens,
        int maxToolRounds,
        int maxRetries,
        Duration retryBase,
        Duration requestTimeout) {
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String DEFAULT_MODEL = "claude-sonnet-4-5";

    public static ApiConfig from(Settings s) {
        String key = s.require(
                "ANTHROPIC_API_KEY",
                "put ANTHROPIC_API_KEY=sk-ant-... in .env (console.anthropic.com "
                        + "-> API keys), or set CHATGEIST_ANALYST=docker to use the Claude CLI sandbox instead");
        URI base;
        try {
            base = URI.create(s.get("ANTHROPIC_BASE_URL", DEFAULT_BASE_URL).replaceAll("/+$", ""));
            if (base.getScheme() == null || base.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            throw new UserException(
                    "ANTHROPIC_BASE_URL is not a URL (" + e.getMessage() + "); use e.g. " + DEFAULT_BASE_URL);
        }
        return new ApiConfig(
                base,
                key,
                s.get("ANTHROPIC_MODEL", DEFAULT_MODEL),
                positive(s, "ANTHROPIC_MAX_TOKENS", 4096),
                positive(s, "CHATGEIST_MAX_TOOL_ROUNDS", 15),
                s.getInt("ANTHROPIC_MAX_RETRIES", 5),
                Duration.ofMillis(s.getInt("ANTHROPIC_RETRY_BASE_MS", 1000)),
                Duration.ofSeconds(positive(s, "ANTHROPIC_TIMEOUT_SECONDS", 300)));
    }

    private static int positive(Settings s, String key, int def) {
        int v = s.getInt(key, def);
        if (v < 1) {
            throw new UserException(key + " must be at least 1; fix it in .env");
        }
        return v;
    }

    @Override
    public String toString() {
        return "ApiConfig[baseUrl=" + baseUrl + ", model=" + model + ", maxTokens=" + maxTokens + ", maxToolRounds="
                + maxToolRounds + ", apiKey=(hidden)]";
    }
}
