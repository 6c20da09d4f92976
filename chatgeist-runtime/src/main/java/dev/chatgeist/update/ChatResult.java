package dev.chatgeist.update;

import dev.chatgeist.source.SourceReport;
import java.time.Duration;

/** How one chat's update or import ended. */
public record ChatResult(
        String alias,
        Outcome outcome,
        long inserted,
        long updated,
        long total,
        long lastId,
        Duration duration,
        String message,
        SourceReport report) {

    public enum Outcome {
        /** Work done (possibly nothing new). */
        OK,
        /** Another run holds the chat; nothing was done, and that is not an error. */
        BUSY,
        /** The chat could not be updated; {@code message} says why. */
        FAILED
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    static ChatResult busy(String alias, String message) {
        return new ChatResult(alias, Outcome.BUSY, 0, 0, 0, 0, Duration.ZERO, message, null);
    }

    static ChatResult failed(String alias, String message, Duration duration) {
        return new ChatResult(alias, Outcome.FAILED, 0, 0, 0, 0, duration, message, null);
    }
}
