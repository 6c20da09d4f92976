package dev.chatgeist.bot;

import java.util.List;

/**
 * What the bot's core says to Telegram; the Telegram edge implements it with the TelegramBots client. Every
 * method throws {@link MessengerException} when Telegram refuses or cannot be reached (after its own retries).
 */
public interface Messenger {
    /** One inline button: its label and the callback data sent back when pressed. */
    record Button(String text, String data) {}

    /** How the text of a message is to be read by Telegram. */
    enum Format {
        HTML,
        PLAIN
    }

    /** A picture to upload as a photo: its file name (the part's name in the upload) and its bytes (PNG). */
    record Photo(String fileName, byte[] content) {}

    /** Telegram's limit for a caption, in characters of visible text (after HTML is parsed). */
    int CAPTION_LIMIT = 1024;

    /** Sends a message; returns its id. {@code replyTo} and {@code keyboard} may be null. */
    int send(long chatId, String text, Format format, List<List<Button>> keyboard, Integer replyTo)
            throws MessengerException;

    void edit(long chatId, int messageId, String text, List<List<Button>> keyboard) throws MessengerException;

    /** Sends a file; returns the message id. */
    int sendDocument(long chatId, String fileName, byte[] content, String caption, Integer replyTo)
            throws MessengerException;

    /** Sends one photo with an optional caption ({@code format} says how to read it); returns the message id. */
    int sendPhoto(long chatId, Photo photo, String caption, Format format, Integer replyTo) throws MessengerException;

    /**
     * Sends 2–10 photos as one album, {@code caption} (optional) on the first; returns the messages' ids in order.
     */
    List<Integer> sendMediaGroup(long chatId, List<Photo> photos, String caption, Format format, Integer replyTo)
            throws MessengerException;

    void answerCallback(String callbackId, String text) throws MessengerException;

    void delete(long chatId, int messageId) throws MessengerException;

    /** Telegram refused a request or could not be reached. */
    final class MessengerException extends Exception {
        private final int code;

        public MessengerException(int code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        /** Telegram's error code (400, 403, 429...), 0 for network failures. */
        public int code() {
            return code;
        }

        /** Telegram could not parse the formatting ("can't parse entities"). */
        public boolean isMarkupRejected() {
            String m = String.valueOf(getMessage());
            return code == 400 && (m.contains("can't parse entities") || m.contains("can't find end of"));
        }

        /** The edit changed nothing (Telegram refuses such edits); harmless. */
        public boolean isNotModified() {
            return code == 400 && String.valueOf(getMessage()).contains("message is not modified");
        }
    }
}
