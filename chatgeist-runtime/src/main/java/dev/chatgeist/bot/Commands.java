package dev.chatgeist.bot;

import dev.chatgeist.archive.ArchiveException;
import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import dev.chatgeist.report.ChatReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** The bot's commands: /start, /help, /current, /chats and /report; anything else is named as unknown. */
final class Commands {
    private final ChatChoice chats;
    private final DailyQuota quota;
    private final Messenger messenger;
    private final Texts texts;
    private final ChatReport chatReport;
    private final Path databasesDir;
    private final Locale locale;

    Commands(ChatChoice chats, DailyQuota quota, Messenger messenger, Texts texts, ChatReport chatReport,
             Path databasesDir, Locale locale) {
        this.chats = chats;
        this.quota = quota;
        this.messenger = messenger;
        this.texts = texts;
        this.chatReport = chatReport;
        this.databasesDir = databasesDir;
        this.locale = locale;
    }

    void run(Incoming.Text t) throws MessengerException {
        List<String> available = chats.available();
        String current = available.isEmpty() ? "—" : chats.current(t.userId(), available);
        switch (t.command()) {
            case "start" -> {
                String usage = quota.unlimited(t.userId()) ? texts.plain("limit_unlimited")
                        : quota.used(t.userId()) + " / " + quota.limit();
                messenger.send(t.chatId(), texts.get("start", t.firstName() == null ? "" : t.firstName(), current,
                        t.userId(), usage), Format.HTML, null, null);
            }
            case "help" -> messenger.send(t.chatId(), texts.get("help", quota.limit()), Format.HTML, null, null);
            case "current" -> messenger.send(t.chatId(), texts.get("current", current), Format.HTML, null, null);
            case "chats" -> {
                if (available.isEmpty()) {
                    messenger.send(t.chatId(), texts.get("chats_empty"), Format.HTML, null, null);
                } else {
                    messenger.send(t.chatId(), texts.get("chats_title"), Format.HTML,
                            ChatChoice.keyboard(available, current), null);
                }
            }
            case "report" -> report(t, available, current);
            default -> messenger.send(t.chatId(), texts.get("unknown_command", "/" + t.command()), Format.HTML, null,
                    t.messageId());
        }
    }

    /** The current chat's report as a PDF (the same as `chatgeist report --chat ALIAS`): no model, no quota. */
    private void report(Incoming.Text t, List<String> available, String current) throws MessengerException {
        if (available.isEmpty()) {
            messenger.send(t.chatId(), texts.get("chats_empty"), Format.HTML, null, null);
            return;
        }
        byte[] pdf;
        try {
            pdf = chatReport.wholeArchive(current, databasesDir.resolve(current + ".db"), ZoneId.systemDefault(),
                    locale, Instant.now());
        } catch (ArchiveException e) {
            messenger.send(t.chatId(), texts.get("chat_report_failed", current, e.getMessage()), Format.HTML, null,
                    t.messageId());
            return;
        }
        messenger.sendDocument(t.chatId(), "report-" + current + ".pdf", pdf, texts.get("chat_report_caption", current),
                t.messageId());
    }
}
