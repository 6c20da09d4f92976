package dev.chatgeist.bot;

/** What a Telegram update means to the bot, free of Telegram's types (the edge converts). */
public sealed interface Incoming {
    long chatId();

    long userId();

    /** When the update reached the bot ({@link System#nanoTime()}), to measure the bot's own overhead. */
    long receivedNanos();

    /**
     * A text message. {@code command} is the bot command it starts with ("start" for "/start@my_bot arg"), or
     * null; {@code replyTo} the id of the message it replies to, or null.
     */
    record Text(
            long chatId,
            long userId,
            String firstName,
            int messageId,
            String text,
            String command,
            Integer replyTo,
            long receivedNanos)
            implements Incoming {}

    /** A press on an inline button of the bot's message {@code messageId}. */
    record Callback(String callbackId, long chatId, long userId, int messageId, String data, long receivedNanos)
            implements Incoming {}
}
