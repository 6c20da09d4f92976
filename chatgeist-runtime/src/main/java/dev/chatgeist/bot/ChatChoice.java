package dev.chatgeist.bot;

import dev.chatgeist.archive.ArchiveDirectory;
import dev.chatgeist.bot.Messenger.Button;
import dev.chatgeist.bot.Messenger.MessengerException;
import dev.chatgeist.core.log.EventLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which chat a user asks about: the archives in {@code databases/}, the one the user picked with /chats (kept in
 * bot.db) or else the first, the /chats keyboard and a press on it.
 */
final class ChatChoice {
    private final Path databasesDir;
    private final BotStore store;
    private final Messenger messenger;
    private final Texts texts;
    private final EventLog log;

    ChatChoice(Path databasesDir, BotStore store, Messenger messenger, Texts texts, EventLog log) {
        this.databasesDir = databasesDir;
        this.store = store;
        this.messenger = messenger;
        this.texts = texts;
        this.log = log;
    }

    /** The archives' aliases, read each time: an update may add a chat while the bot runs. */
    List<String> available() {
        return ArchiveDirectory.aliases(databasesDir);
    }

    /** The user's chosen chat while it still exists, else the first of {@code available} (not empty). */
    String current(long userId, List<String> available) {
        return store.chosenChat(userId).filter(available::contains).orElse(available.get(0));
    }

    /** One button per chat, the current one ticked. */
    static List<List<Button>> keyboard(List<String> available, String current) {
        List<List<Button>> rows = new ArrayList<>();
        for (int i = 0; i < available.size(); i++) {
            String a = available.get(i);
            rows.add(List.of(new Button(
                    (a.equals(current) ? "✅ " : "") + a,
                    CallbackData.ChooseChat.of(i, a).encode())));
        }
        return rows;
    }

    /** A press on the /chats keyboard: switches the user's chat unless the list changed under the button. */
    void press(Incoming.Callback cb, CallbackData.ChooseChat press) throws MessengerException {
        List<String> available = available();
        int index = press.index();
        if (index < 0 || index >= available.size() || !available.get(index).startsWith(press.aliasPrefix())) {
            messenger.answerCallback(cb.callbackId(), texts.plain("chat_unknown", press.aliasPrefix()));
            return;
        }
        String alias = available.get(index);
        store.chooseChat(cb.userId(), alias);
        messenger.answerCallback(cb.callbackId(), texts.plain("chat_switched", alias));
        try {
            messenger.edit(cb.chatId(), cb.messageId(), texts.get("chat_switched", alias), keyboard(available, alias));
        } catch (MessengerException e) {
            if (!e.isNotModified()) {
                throw e;
            }
        }
        log.fileOnly("INFO", "chat_switch user=" + cb.userId() + " chat=" + alias);
    }
}
