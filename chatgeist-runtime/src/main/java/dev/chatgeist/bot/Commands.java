package dev.chatgeist.bot;

import dev.chatgeist.archive.ArchiveException;
import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.report.ChatReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The bot's commands: /start, /help, /current, /chats and /report; anything else is named as unknown. A report
 * reads the whole archive (seconds on a large one), so it is built on a worker of its own, one at a time, while the
 * bot goes on answering everybody else.
 */
final class Commands implements AutoCloseable {
    private final ChatChoice chats;
    private final DailyQuota quota;
    private final Messenger messenger;
    private final Texts texts;
    private final ChatReport chatReport;
    private final Path databasesDir;
    private final Locale locale;
    private final EventLog log;
    private final ExecutorService reports = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chat-report");
        t.setDaemon(true);
        return t;
    });

    Commands(
            ChatChoice chats,
            DailyQuota quota,
            Messenger messenger,
            Texts texts,
            ChatReport chatReport,
            Path databasesDir,
            Locale locale,
            EventLog log) {
        this.log = log;
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
                String usage = quota.unlimited(t.userId())
                        ? texts.plain("limit_unlimited")
                        : quota.used(t.userId()) + " / " + quota.limit();
                messenger.send(
                        t.chatId(),
                        texts.get("start", t.firstName() == null ? "" : t.firstName(), current, t.userId(), usage),
                        Format.HTML,
                        null,
                        null);
            }
            case "help" -> messenger.send(t.chatId(), texts.get("help", quota.limit()), Format.HTML, null, null);
            case "current" -> messenger.send(t.chatId(), texts.get("current", current), Format.HTML, null, null);
            case "chats" -> {
                if (available.isEmpty()) {
                    messenger.send(t.chatId(), texts.get("chats_empty"), Format.HTML, null, null);
                } else {
                    messenger.send(
                            t.chatId(),
                            texts.get("chats_title"),
                            Format.HTML,
                            ChatChoice.keyboard(available, current),
                            null);
                }
            }
            case "report" -> report(t, available, current);
            default ->
                messenger.send(
                        t.chatId(), texts.get("unknown_command", "/" + t.command()), Format.HTML, null, t.messageId());
        }
    }

    /** The current chat's report as a PDF (the same as `chatgeist report --chat ALIAS`): no model, no quota. */
    private void report(Incoming.Text t, List<String> available, String current) throws MessengerException {
        if (available.isEmpty()) {
            messenger.send(t.chatId(), texts.get("chats_empty"), Format.HTML, null, null);
            return;
        }
        reports.execute(() -> {
            try {
                sendReport(t, current);
            } catch (MessengerException e) {
                log.warn(
                        "cannot send the report of " + current + " to user " + t.userId() + ": " + e.getMessage(),
                        "telegram_error user=" + t.userId() + " code=" + e.code() + " error="
                                + EventLog.q(e.getMessage()));
            } catch (RuntimeException e) {
                log.error(
                        "the report of " + current + " failed: " + e,
                        "report_error user=" + t.userId() + " chat=" + current + " error=" + EventLog.q(e.toString()));
                tellFailed(t, current, e.getMessage());
            }
        });
    }

    private void sendReport(Incoming.Text t, String current) throws MessengerException {
        byte[] pdf;
        try {
            pdf = chatReport.wholeArchive(
                    current, databasesDir.resolve(current + ".db"), ZoneId.systemDefault(), locale, Instant.now());
        } catch (ArchiveException e) {
            tellFailed(t, current, e.getMessage());
            return;
        }
        messenger.sendDocument(
                t.chatId(),
                "report-" + current + ".pdf",
                pdf,
                texts.get("chat_report_caption", current),
                t.messageId());
    }

    private void tellFailed(Incoming.Text t, String current, String why) {
        try {
            messenger.send(t.chatId(), texts.get("chat_report_failed", current, why), Format.HTML, null, t.messageId());
        } catch (MessengerException e) {
            log.warn(
                    "cannot tell user " + t.userId() + " that the report failed: " + e.getMessage(),
                    "telegram_error user=" + t.userId() + " code=" + e.code() + " error=" + EventLog.q(e.getMessage()));
        }
    }

    /** Stops taking reports; one being built is given a few seconds to be sent. */
    @Override
    public void close() {
        reports.shutdown();
        try {
            reports.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
