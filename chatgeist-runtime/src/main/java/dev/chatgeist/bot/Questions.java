package dev.chatgeist.bot;

import dev.chatgeist.analyst.Question;
import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a text message into a question: on the user's chat, or on the chats of the conversation it replies to
 * (with that conversation as history); refused when today's questions are used up; a dossier first asks which
 * chats to search.
 */
final class Questions {
    /** Turns of a reply chain given to the analyst as history. */
    static final int MAX_HISTORY = 10;

    static final int MAX_QUESTION = 3000;

    private final ChatChoice chats;
    private final BotStore store;
    private final DailyQuota quota;
    private final DeliveryLocks deliveryLocks;
    private final DossierFlow dossier;
    private final JobRunner runner;
    private final Messenger messenger;
    private final Texts texts;
    private final QuestionLog questionLog;

    Questions(
            ChatChoice chats,
            BotStore store,
            DailyQuota quota,
            DeliveryLocks deliveryLocks,
            DossierFlow dossier,
            JobRunner runner,
            Messenger messenger,
            Texts texts,
            QuestionLog questionLog) {
        this.chats = chats;
        this.store = store;
        this.quota = quota;
        this.deliveryLocks = deliveryLocks;
        this.dossier = dossier;
        this.runner = runner;
        this.messenger = messenger;
        this.texts = texts;
        this.questionLog = questionLog;
    }

    void ask(Incoming.Text t) throws MessengerException {
        String text = t.text() == null ? "" : t.text().strip();
        if (text.isEmpty()) {
            return;
        }
        List<String> available = chats.available();
        if (available.isEmpty()) {
            messenger.send(t.chatId(), texts.get("chats_empty"), Format.HTML, null, t.messageId());
            return;
        }
        if (text.length() > MAX_QUESTION) {
            text = text.substring(0, MAX_QUESTION);
        }
        List<Question.Turn> history = new ArrayList<>();
        List<String> databases = List.of(chats.current(t.userId(), available));
        Integer parent = null;
        if (t.replyTo() != null) {
            deliveryLocks.await(t.chatId());
            List<BotStore.StoredAnswer> chain = store.chain(t.chatId(), t.replyTo(), MAX_HISTORY);
            if (!chain.isEmpty()) {
                parent = t.replyTo();
                chain.forEach(a -> history.add(new Question.Turn(a.question(), a.answer())));
                List<String> earlier = chain.get(chain.size() - 1).databases().stream()
                        .filter(available::contains)
                        .toList();
                if (!earlier.isEmpty()) {
                    databases = earlier; // a conversation continues on the chats it started on
                }
            }
        }
        Skill skill = Skill.detect(text);
        if (quota.exhausted(t.userId())) { // before a dossier's chat picker, which would be in vain
            messenger.send(t.chatId(), texts.get("limit_reached", quota.limit()), Format.HTML, null, t.messageId());
            questionLog.write(
                    "question from " + t.userId() + ": daily limit reached",
                    QuestionLog.Entry.early(t.userId(), databases, skill, 0, "limit"),
                    "");
            return;
        }
        if (skill == Skill.DOSSIER && available.size() > 1 && history.isEmpty()) {
            dossier.offer(t, text, available, databases);
            return;
        }
        runner.submit(new JobRequest(
                t.chatId(), t.userId(), t.messageId(), parent, text, skill, databases, history, t.receivedNanos()));
    }
}
