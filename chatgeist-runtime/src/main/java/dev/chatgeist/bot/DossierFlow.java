package dev.chatgeist.bot;

import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dossier on someone usually spans several chats: before it runs, the user ticks the chats to search on a
 * keyboard (the current chat ticked), then presses start. Selections live in memory; after a restart their
 * buttons answer "expired".
 */
final class DossierFlow {
    private final Messenger messenger;
    private final Texts texts;
    private final JobRunner runner;
    private final Map<Long, DossierSelection> selections = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    DossierFlow(Messenger messenger, Texts texts, JobRunner runner) {
        this.messenger = messenger;
        this.texts = texts;
        this.runner = runner;
    }

    /** Asks which of {@code available} chats the dossier {@code question} should search. */
    void offer(Incoming.Text t, String question, List<String> available, List<String> preselected)
            throws MessengerException {
        DossierSelection sel = new DossierSelection(
                ids.incrementAndGet(), t.userId(), t.chatId(), t.messageId(), question, available, preselected);
        selections.put(sel.id, sel);
        sel.keyboardMessageId =
                messenger.send(t.chatId(), texts.get("dossier_pick"), Format.HTML, sel.keyboard(texts), t.messageId());
    }

    void press(Incoming.Callback cb, CallbackData.DossierPress press) throws MessengerException {
        DossierSelection sel = selections.get(press.selectionId());
        if (StalePresses.refused(messenger, texts, cb, sel == null ? null : sel.userId)) {
            return;
        }
        if (press instanceof CallbackData.DossierGo) {
            start(cb, sel);
            return;
        }
        if (press instanceof CallbackData.DossierToggle toggle) {
            sel.toggle(toggle.index());
        } else if (press instanceof CallbackData.DossierAll) {
            sel.selectAll();
        }
        messenger.answerCallback(cb.callbackId(), null);
        try {
            messenger.edit(sel.chatId, sel.keyboardMessageId, texts.get("dossier_pick"), sel.keyboard(texts));
        } catch (MessengerException e) {
            if (!e.isNotModified()) {
                throw e;
            }
        }
    }

    /** Closes the picker, showing the chosen chats, and submits the dossier (the quota is checked there). */
    private void start(Incoming.Callback cb, DossierSelection sel) throws MessengerException {
        List<String> chosen = sel.chosen();
        if (chosen.isEmpty()) {
            messenger.answerCallback(cb.callbackId(), texts.plain("dossier_none"));
            return;
        }
        selections.remove(sel.id);
        messenger.answerCallback(cb.callbackId(), null);
        messenger.edit(
                sel.chatId,
                sel.keyboardMessageId,
                texts.get("dossier_pick") + "\n\n✅ " + Texts.escape(String.join(", ", chosen)),
                null);
        runner.submit(new JobRequest(
                sel.chatId,
                sel.userId,
                sel.questionMessageId,
                null,
                sel.question,
                Skill.DOSSIER,
                chosen,
                List.of(),
                cb.receivedNanos()));
    }
}
