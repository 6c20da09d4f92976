package dev.chatgeist.bot;

import dev.chatgeist.bot.Messenger.Button;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A dossier question waiting for its chats: which chats the user may pick, which are ticked, and its keyboard. */
final class DossierSelection {
    final long id;
    final long userId;
    final long chatId;
    final int questionMessageId;
    final String question;
    private final List<String> available;
    private final Set<String> selected;
    /** The picker message's id, set once it is sent. */
    volatile int keyboardMessageId;

    DossierSelection(
            long id,
            long userId,
            long chatId,
            int questionMessageId,
            String question,
            List<String> available,
            List<String> preselected) {
        this.id = id;
        this.userId = userId;
        this.chatId = chatId;
        this.questionMessageId = questionMessageId;
        this.question = question;
        this.available = List.copyOf(available);
        this.selected = new LinkedHashSet<>(preselected);
    }

    synchronized void toggle(int index) {
        if (index >= 0 && index < available.size()) {
            String a = available.get(index);
            if (!selected.remove(a)) {
                selected.add(a);
            }
        }
    }

    synchronized void selectAll() {
        selected.addAll(available);
    }

    /** The ticked chats in the order of the list. */
    synchronized List<String> chosen() {
        return available.stream().filter(selected::contains).toList();
    }

    synchronized List<List<Button>> keyboard(Texts texts) {
        List<List<Button>> rows = new ArrayList<>();
        for (int i = 0; i < available.size(); i++) {
            String a = available.get(i);
            rows.add(List.of(new Button(
                    (selected.contains(a) ? "✅ " : "⬜ ") + a, new CallbackData.DossierToggle(id, i).encode())));
        }
        rows.add(List.of(
                new Button(texts.plain("dossier_all"), new CallbackData.DossierAll(id).encode()),
                new Button(texts.plain("dossier_go"), new CallbackData.DossierGo(id).encode())));
        return rows;
    }
}
