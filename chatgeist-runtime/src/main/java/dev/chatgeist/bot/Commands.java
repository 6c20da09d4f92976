package dev.chatgeist.bot;

import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import java.util.List;

/** The bot's commands: /start, /help, /current and /chats; anything else is named as unknown. */
final class Commands {
    private final ChatChoice chats;
    private final DailyQuota quota;
    private final Messenger messenger;
    private final Texts texts;

    Commands(ChatChoice chats, DailyQuota quota, Messenger messenger, Texts texts) {
        this.chats = chats;
        this.quota = quota;
        this.messenger = messenger;
        this.texts = texts;
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
            default -> messenger.send(t.chatId(), texts.get("unknown_command", "/" + t.command()), Format.HTML, null,
                    t.messageId());
        }
    }
}
