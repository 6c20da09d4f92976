package dev.chatgeist.doctor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One GET with a deadline, for the checks that ask a service whether it accepts a key. */
final class Http {
    /** The status and body, or the reason there was none (status 0). */
    record Reply(int status, String body, String failure) {}

    private Http() {}

    static Reply get(URI uri, Map<String, String> headers, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(request::header);
        try {
            HttpResponse<String> r =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body(), null);
        } catch (HttpTimeoutException e) {
            return new Reply(0, "", "no answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return new Reply(0, "", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, "", "interrupted");
        }
    }
}
