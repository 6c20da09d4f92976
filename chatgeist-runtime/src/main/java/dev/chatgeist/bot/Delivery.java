package dev.chatgeist.bot;

import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import dev.chatgeist.report.PdfReport;
import java.time.LocalDate;
import java.util.List;

/**
 * Sends an answer the way it reads best: up to {@value #TEXT_LIMIT} characters as formatted text (Telegram HTML,
 * plain text when Telegram refuses the markup), longer answers and every dossier as a PDF report
 * {@code report_<chat>.pdf}. Returns the id of the message that carries the answer.
 */
final class Delivery {
    static final int TEXT_LIMIT = 2500;
    /** Telegram's limit for one message's text. */
    static final int TELEGRAM_LIMIT = 4096;

    /** How the answer went out, for the log line. */
    enum Kind { TEXT, PLAIN, PDF }

    record Sent(int messageId, Kind kind) {
    }

    private final Messenger messenger;
    private final PdfReport report;
    private final Texts texts;

    Delivery(Messenger messenger, PdfReport report, Texts texts) {
        this.messenger = messenger;
        this.report = report;
        this.texts = texts;
    }

    Sent deliver(long chatId, int replyTo, String question, String markdown, List<String> databases, boolean asReport,
                 LocalDate day) throws MessengerException {
        if (!asReport && markdown.length() <= TEXT_LIMIT) {
            String html = TelegramHtml.render(markdown);
            if (html.length() <= TELEGRAM_LIMIT) {
                try {
                    return new Sent(messenger.send(chatId, html, Format.HTML, null, replyTo), Kind.TEXT);
                } catch (MessengerException e) {
                    if (!e.isMarkupRejected()) {
                        throw e;
                    }
                }
                return new Sent(messenger.send(chatId, markdown, Format.PLAIN, null, replyTo), Kind.PLAIN);
            }
        }
        String chats = String.join("_", databases);
        String file = "report_" + chats + ".pdf";
        byte[] pdf = report.render("ChatGeist — " + String.join(", ", databases), day + " · " + shorten(question, 200),
                markdown);
        String caption = asReport ? texts.get("report_caption", shorten(question, 300))
                : texts.get("report_caption_long", file);
        return new Sent(messenger.sendDocument(chatId, file, pdf, caption, replyTo), Kind.PDF);
    }

    static String shorten(String s, int max) {
        String flat = s.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
