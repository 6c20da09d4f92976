package dev.chatgeist.plugin.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** Hands a command's output to a consumer line by line as it arrives ({@link Transport#stream}). */
final class LineStream {
    private LineStream() {}

    /**
     * Feeds every line to {@code lines} until it returns false, then drains the rest unread, so the command never
     * blocks on a full pipe while it is being stopped.
     *
     * @return nothing: streamed output is not kept
     */
    static byte[] feed(InputStream in, Predicate<String> lines) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean wanted = true;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (wanted) {
                    wanted = lines.test(line);
                }
            }
        }
        return new byte[0];
    }
}
