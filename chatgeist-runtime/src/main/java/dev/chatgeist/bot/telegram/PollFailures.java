package dev.chatgeist.bot.telegram;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Locale;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Remembers why the last {@code getUpdates} failed, for {@link PollingBackOff}'s log line: TelegramBots hands its
 * back-off no reason, and "cannot poll" alone does not tell a network outage from a second bot instance polling
 * with the same token (Telegram's 409). Only the status and Telegram's description are kept — the request's URL
 * holds the token and is never looked at beyond its method name.
 */
final class PollFailures implements Interceptor {
    /** The last failed poll, or null after a successful one. */
    record Failure(int code, String description) {
        boolean conflict() {
            return code == 409;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();
    private volatile Failure last;

    Failure last() {
        return last;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        boolean poll =
                chain.request().url().encodedPath().toLowerCase(Locale.ROOT).endsWith("/getupdates");
        if (!poll) {
            return chain.proceed(chain.request());
        }
        Response response;
        try {
            response = chain.proceed(chain.request());
        } catch (IOException e) {
            last = new Failure(0, "network error: " + e.getClass().getSimpleName());
            throw e;
        }
        last = response.isSuccessful()
                ? null
                : new Failure(
                        response.code(), description(response.peekBody(4096).string()));
        return response;
    }

    /** The Bot API's {@code description} field, or a placeholder when the body is not its JSON. */
    static String description(String body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals("description") && p.currentToken() == JsonToken.VALUE_STRING) {
                        return p.getText();
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // not JSON: a proxy's error page, say
        }
        return "no Bot API description";
    }
}
