package dev.chatgeist.bot.telegram;

import dev.chatgeist.bot.Messenger;
import java.io.ByteArrayInputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMediaGroup;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.media.InputMediaPhoto;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * {@link Messenger} over the TelegramBots client. Requests that never reached Telegram (connection refused, DNS)
 * and 429 "retry after" answers are retried a few times; anything else is reported at once, so that a message is
 * never sent twice.
 */
final class TelegramMessenger implements Messenger {
    private static final int ATTEMPTS = 4;

    private final TelegramClient client;

    TelegramMessenger(TelegramClient client) {
        this.client = client;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws TelegramApiException;
    }

    @Override
    public int send(long chatId, String text, Format format, List<List<Button>> keyboard, Integer replyTo)
            throws MessengerException {
        SendMessage.SendMessageBuilder<?, ?> b = SendMessage.builder()
                .chatId(chatId)
                .text(text)
                .linkPreviewOptions(
                        LinkPreviewOptions.builder().isDisabled(true).build());
        if (format == Format.HTML) {
            b.parseMode(ParseMode.HTML);
        }
        if (keyboard != null) {
            b.replyMarkup(markup(keyboard));
        }
        if (replyTo != null) {
            b.replyParameters(ReplyParameters.builder()
                    .messageId(replyTo)
                    .allowSendingWithoutReply(true)
                    .build());
        }
        SendMessage m = b.build();
        return call("sendMessage", () -> client.execute(m)).getMessageId();
    }

    @Override
    public void edit(long chatId, int messageId, String text, List<List<Button>> keyboard) throws MessengerException {
        EditMessageText.EditMessageTextBuilder<?, ?> b = EditMessageText.builder()
                .chatId(chatId)
                .messageId(messageId)
                .text(text)
                .parseMode(ParseMode.HTML)
                .linkPreviewOptions(
                        LinkPreviewOptions.builder().isDisabled(true).build());
        if (keyboard != null) {
            b.replyMarkup(markup(keyboard));
        }
        EditMessageText m = b.build();
        call("editMessageText", () -> client.execute(m));
    }

    @Override
    public int sendDocument(long chatId, String fileName, byte[] content, String caption, Integer replyTo)
            throws MessengerException {
        return call("sendDocument", () -> {
                    SendDocument.SendDocumentBuilder<?, ?> b = SendDocument.builder()
                            .chatId(chatId)
                            .document(new InputFile(new ByteArrayInputStream(content), fileName))
                            .caption(caption)
                            .parseMode(ParseMode.HTML);
                    if (replyTo != null) {
                        b.replyParameters(ReplyParameters.builder()
                                .messageId(replyTo)
                                .allowSendingWithoutReply(true)
                                .build());
                    }
                    return client.execute(b.build());
                })
                .getMessageId();
    }

    @Override
    public int sendPhoto(long chatId, Photo photo, String caption, Format format, Integer replyTo)
            throws MessengerException {
        return call("sendPhoto", () -> {
                    SendPhoto.SendPhotoBuilder<?, ?> b = SendPhoto.builder()
                            .chatId(chatId)
                            .photo(new InputFile(new ByteArrayInputStream(photo.content()), photo.fileName()));
                    if (caption != null) {
                        b.caption(caption);
                        if (format == Format.HTML) {
                            b.parseMode(ParseMode.HTML);
                        }
                    }
                    if (replyTo != null) {
                        b.replyParameters(reply(replyTo));
                    }
                    return client.execute(b.build());
                })
                .getMessageId();
    }

    @Override
    public List<Integer> sendMediaGroup(long chatId, List<Photo> photos, String caption, Format format, Integer replyTo)
            throws MessengerException {
        List<Message> sent = call("sendMediaGroup", () -> {
            List<InputMediaPhoto> media = new ArrayList<>();
            for (Photo p : photos) {
                // uploaded as its own multipart part, referenced from the media JSON as attach://<name>
                InputMediaPhoto m = new InputMediaPhoto(new ByteArrayInputStream(p.content()), p.fileName());
                if (media.isEmpty() && caption != null) {
                    m.setCaption(caption);
                    if (format == Format.HTML) {
                        m.setParseMode(ParseMode.HTML);
                    }
                }
                media.add(m);
            }
            SendMediaGroup.SendMediaGroupBuilder<?, ?> b =
                    SendMediaGroup.builder().chatId(chatId).medias(media);
            if (replyTo != null) {
                b.replyParameters(reply(replyTo));
            }
            return client.execute(b.build());
        });
        return sent.stream().map(Message::getMessageId).toList();
    }

    private static ReplyParameters reply(int messageId) {
        return ReplyParameters.builder()
                .messageId(messageId)
                .allowSendingWithoutReply(true)
                .build();
    }

    @Override
    public void answerCallback(String callbackId, String text) throws MessengerException {
        AnswerCallbackQuery a = AnswerCallbackQuery.builder()
                .callbackQueryId(callbackId)
                .text(text)
                .build();
        call("answerCallbackQuery", () -> client.execute(a));
    }

    @Override
    public void delete(long chatId, int messageId) throws MessengerException {
        DeleteMessage d =
                DeleteMessage.builder().chatId(chatId).messageId(messageId).build();
        call("deleteMessage", () -> client.execute(d));
    }

    private static InlineKeyboardMarkup markup(List<List<Button>> keyboard) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        for (List<Button> row : keyboard) {
            InlineKeyboardRow r = new InlineKeyboardRow();
            for (Button b : row) {
                r.add(InlineKeyboardButton.builder()
                        .text(b.text())
                        .callbackData(b.data())
                        .build());
            }
            rows.add(r);
        }
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    private static <T> T call(String method, Call<T> call) throws MessengerException {
        long wait = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (TelegramApiRequestException e) {
                Integer retryAfter =
                        e.getParameters() == null ? null : e.getParameters().getRetryAfter();
                int code = e.getErrorCode() == null ? 0 : e.getErrorCode();
                if (code == 429 && attempt < ATTEMPTS) {
                    sleep(retryAfter == null ? wait : Math.min(30_000L, retryAfter * 1000L));
                    wait *= 2;
                    continue;
                }
                throw new MessengerException(
                        code, method + ": " + (e.getApiResponse() == null ? e.getMessage() : e.getApiResponse()), null);
            } catch (TelegramApiException e) {
                if (neverSent(e) && attempt < ATTEMPTS) {
                    sleep(wait);
                    wait *= 2;
                    continue;
                }
                throw new MessengerException(0, method + ": cannot reach Telegram (" + rootCause(e) + ")", null);
            }
        }
    }

    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
            if (t instanceof InterruptedIOException) {
                return false; // a timeout: the request may have arrived
            }
        }
        return false;
    }

    /** The innermost cause's class and message; OkHttp's messages name host and port, never the token path. */
    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static void sleep(long millis) throws MessengerException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessengerException(0, "interrupted", e);
        }
    }
}
