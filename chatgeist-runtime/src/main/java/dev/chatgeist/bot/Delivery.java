package dev.chatgeist.bot;

import dev.chatgeist.analyst.Answer;
import dev.chatgeist.analyst.ChartMarkers;
import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import dev.chatgeist.bot.Messenger.Photo;
import dev.chatgeist.chart.Chart;
import dev.chatgeist.report.PdfReport;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends an answer the way it reads best: up to {@value #TEXT_LIMIT} characters as formatted text (Telegram HTML,
 * plain text when Telegram refuses the markup), longer answers and every dossier as a PDF report
 * {@code report_<chat>.pdf} with the charts at their {@code [chart n]} markers. A short answer with charts goes
 * out as the photo (one chart) or an album (several), the text as the caption when it fits Telegram's
 * {@value Messenger#CAPTION_LIMIT} characters, else as a message after the photos. Returns the id of the message
 * that carries the answer's text.
 */
final class Delivery {
    static final int TEXT_LIMIT = 2500;
    /** Telegram's limit for one message's text. */
    static final int TELEGRAM_LIMIT = 4096;

    /** How the answer went out, for the log line. */
    enum Kind {
        TEXT,
        PLAIN,
        PDF,
        PHOTO,
        ALBUM
    }

    record Sent(int messageId, Kind kind) {}

    private final Messenger messenger;
    private final PdfReport report;
    private final Texts texts;

    Delivery(Messenger messenger, PdfReport report, Texts texts) {
        this.messenger = messenger;
        this.report = report;
        this.texts = texts;
    }

    Sent deliver(
            long chatId,
            int replyTo,
            String question,
            Answer answer,
            List<String> databases,
            boolean asReport,
            LocalDate day)
            throws MessengerException {
        String markdown = ChartMarkers.strip(answer.markdown());
        if (!asReport && markdown.length() <= TEXT_LIMIT) {
            String html = TelegramHtml.render(markdown);
            if (html.length() <= TELEGRAM_LIMIT) {
                if (!answer.charts().isEmpty()) {
                    return withPhotos(chatId, replyTo, markdown, html, answer.charts());
                }
                return text(chatId, replyTo, markdown, html);
            }
        }
        String chats = String.join("_", databases);
        String file = "report_" + chats + ".pdf";
        Map<String, byte[]> images = new HashMap<>();
        for (int i = 0; i < answer.charts().size(); i++) {
            images.put(Integer.toString(i + 1), answer.charts().get(i).png());
        }
        byte[] pdf = report.render(
                "ChatGeist — " + String.join(", ", databases),
                day + " · " + shorten(question, 200),
                ChartMarkers.asImages(answer.markdown(), answer.charts()),
                images);
        String caption =
                asReport ? texts.get("report_caption", shorten(question, 300)) : texts.get("report_caption_long", file);
        return new Sent(messenger.sendDocument(chatId, file, pdf, caption, replyTo), Kind.PDF);
    }

    private Sent text(long chatId, int replyTo, String markdown, String html) throws MessengerException {
        try {
            return new Sent(messenger.send(chatId, html, Format.HTML, null, replyTo), Kind.TEXT);
        } catch (MessengerException e) {
            if (!e.isMarkupRejected()) {
                throw e;
            }
        }
        return new Sent(messenger.send(chatId, markdown, Format.PLAIN, null, replyTo), Kind.PLAIN);
    }

    /** The photos with the text as their caption when it fits, else the photos and then the text. */
    private Sent withPhotos(long chatId, int replyTo, String markdown, String html, List<Chart> charts)
            throws MessengerException {
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            photos.add(new Photo("chart" + (i + 1) + ".png", charts.get(i).png()));
        }
        Kind kind = photos.size() == 1 ? Kind.PHOTO : Kind.ALBUM;
        if (markdown.isBlank()) {
            return new Sent(photos(chatId, photos, null, Format.PLAIN, replyTo), kind);
        }
        if (TelegramHtml.toPlain(html).length() > Messenger.CAPTION_LIMIT) {
            photos(chatId, photos, null, Format.PLAIN, replyTo);
            return new Sent(text(chatId, replyTo, markdown, html).messageId(), kind);
        }
        try {
            return new Sent(photos(chatId, photos, html, Format.HTML, replyTo), kind);
        } catch (MessengerException e) {
            if (!e.isMarkupRejected()) {
                throw e;
            }
        }
        return new Sent(photos(chatId, photos, markdown, Format.PLAIN, replyTo), kind);
    }

    /** One photo or an album (Telegram takes 2–10 at a time); returns the id of the first, which has the caption. */
    private int photos(long chatId, List<Photo> photos, String caption, Format format, int replyTo)
            throws MessengerException {
        if (photos.size() == 1) {
            return messenger.sendPhoto(chatId, photos.get(0), caption, format, replyTo);
        }
        return messenger
                .sendMediaGroup(chatId, photos, caption, format, replyTo)
                .get(0);
    }

    static String shorten(String s, int max) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
