package dev.chatgeist.bot;

import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import dev.chatgeist.core.log.EventLog;
import java.util.concurrent.Executor;
import java.util.function.ToIntFunction;

/**
 * The life of a job's status message in the user's chat: sent when the question is queued, edited as the queue
 * moves and the analysis advances, replaced by a final word or removed once the answer is there. Every Telegram
 * call here runs off the answer's path and a failure only goes to the log: the status is a courtesy.
 */
final class StatusMessages {
    private final Messenger messenger;
    private final Texts texts;
    private final StatusView view;
    private final ToIntFunction<Job> queuePosition;
    private final Executor executor;
    private final EventLog log;

    StatusMessages(
            Messenger messenger, Texts texts, ToIntFunction<Job> queuePosition, Executor executor, EventLog log) {
        this.messenger = messenger;
        this.texts = texts;
        this.view = new StatusView(texts);
        this.queuePosition = queuePosition;
        this.executor = executor;
        this.log = log;
    }

    /** The first status text of a job just submitted: its place when it has to wait, else its stage. */
    String initial(Job job, boolean waits) {
        return waits ? texts.get("status_queued", queuePosition.applyAsInt(job) + 1) : view.text(job, 0);
    }

    /** Sends the status message (unless the job already finished) and records its id, 0 when there is none. */
    void send(Job job) {
        if (job.finished()) {
            job.statusMessage.complete(0);
            return;
        }
        try {
            job.statusMessage.complete(messenger.send(
                    job.chatId, job.shownStatus, Format.HTML, view.keyboard(job), job.questionMessageId));
        } catch (MessengerException e) {
            job.statusMessage.complete(0);
            log.fileOnly("WARN", "status_send_failed user=" + job.userId + " error=" + EventLog.q(e.getMessage()));
        }
    }

    /** Edits the status message when what it shows has changed (Telegram refuses identical edits). */
    void refresh(Job job) {
        int statusId = job.statusMessage.getNow(0);
        if (job.cancellation.isCancelled() || statusId == 0) {
            return;
        }
        String text = view.text(job, queuePosition.applyAsInt(job));
        synchronized (job) {
            if (text.equals(job.shownStatus)) {
                return;
            }
            job.shownStatus = text;
        }
        try {
            messenger.edit(job.chatId, statusId, text, view.keyboard(job));
        } catch (MessengerException e) {
            if (!e.isNotModified()) {
                log.fileOnly("WARN", "status_edit_failed user=" + job.userId + " error=" + EventLog.q(e.getMessage()));
            }
        }
    }

    /** Replaces the status by a final word and removes its cancel button (or sends the word if it cannot). */
    void showFinal(Job job, String text) {
        job.statusMessage.thenAcceptAsync(
                id -> {
                    try {
                        if (id == 0) {
                            throw new MessengerException(0, "no status message", null);
                        }
                        messenger.edit(job.chatId, id, text, null);
                    } catch (MessengerException e) {
                        replyQuietly(job, text);
                    }
                },
                executor);
    }

    /** Removes the status message once it exists (it is sent asynchronously). */
    void delete(Job job) {
        job.statusMessage.thenAcceptAsync(
                id -> {
                    if (id == 0) {
                        return;
                    }
                    try {
                        messenger.delete(job.chatId, id);
                    } catch (MessengerException e) {
                        log.fileOnly(
                                "WARN",
                                "status_delete_failed user=" + job.userId + " error=" + EventLog.q(e.getMessage()));
                    }
                },
                executor);
    }

    /** Replies to the job's question; a failure is only logged (the user may have blocked the bot). */
    void replyQuietly(Job job, String html) {
        try {
            messenger.send(job.chatId, html, Format.HTML, null, job.questionMessageId);
        } catch (MessengerException e) {
            log.fileOnly("WARN", "telegram_error user=" + job.userId + " error=" + EventLog.q(e.getMessage()));
        }
    }
}
