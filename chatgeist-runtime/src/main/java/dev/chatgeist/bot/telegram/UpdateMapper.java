package dev.chatgeist.bot.telegram;

import dev.chatgeist.bot.Incoming;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** Turns TelegramBots' {@link Update} into the bot core's {@link Incoming}. */
final class UpdateMapper {
    private UpdateMapper() {}

    static Optional<Incoming> map(Update u, long receivedNanos) {
        if (u.hasCallbackQuery()) {
            CallbackQuery cb = u.getCallbackQuery();
            if (cb.getMessage() == null || cb.getFrom() == null) {
                return Optional.empty();
            }
            return Optional.of(new Incoming.Callback(
                    cb.getId(),
                    cb.getMessage().getChatId(),
                    cb.getFrom().getId(),
                    cb.getMessage().getMessageId(),
                    cb.getData(),
                    receivedNanos));
        }
        Message m = u.getMessage();
        if (m == null || m.getFrom() == null || m.getText() == null) {
            return Optional.empty();
        }
        Integer replyTo =
                m.getReplyToMessage() == null ? null : m.getReplyToMessage().getMessageId();
        return Optional.of(new Incoming.Text(
                m.getChatId(),
                m.getFrom().getId(),
                m.getFrom().getFirstName(),
                m.getMessageId(),
                m.getText(),
                command(m.getText(), m.getEntities()),
                replyTo,
                receivedNanos));
    }

    /**
     * The bot command at the start of {@code text} ("start" for "/start@my_bot now"), or null. Read from the
     * {@code bot_command} entity at offset 0 and the message text directly: in TelegramBots 10.2.0
     * {@code Message.isCommand()}/{@code getCommand()} rely on the entity's text, which is only filled in after
     * {@code computeText()} has run (upstream PR #1602), so a freshly received "/start" could be missed.
     */
    static String command(String text, List<MessageEntity> entities) {
        if (text == null || entities == null) {
            return null;
        }
        for (MessageEntity e : entities) {
            if (e != null
                    && "bot_command".equals(e.getType())
                    && Integer.valueOf(0).equals(e.getOffset())
                    && e.getLength() != null) {
                int end = Math.min(text.length(), e.getLength());
                String cmd = text.substring(1, Math.max(1, end));
                int at = cmd.indexOf('@');
                if (at >= 0) {
                    cmd = cmd.substring(0, at);
                }
                return cmd.isEmpty() ? null : cmd.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}
