package dev.chatgeist.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.bot.CallbackData;
import dev.chatgeist.bot.Incoming;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Commands are read from the bot_command entity and the text of a freshly deserialized update, without relying on
 * TelegramBots 10.2.0's Message.isCommand()/getCommand() (they need the entities' text computed first, PR #1602).
 */
class UpdateMapperTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Incoming.Text text(String text, String entities) throws Exception {
        String json = "{\"update_id\":1,\"message\":{\"message_id\":5,\"date\":1700000000,"
                + "\"from\":{\"id\":42,\"is_bot\":false,\"first_name\":\"Олена\"},"
                + "\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":" + JSON.writeValueAsString(text)
                + (entities == null ? "" : ",\"entities\":" + entities) + "}}";
        Update u = JSON.readValue(json, Update.class);
        return (Incoming.Text) UpdateMapper.map(u, 0).orElseThrow();
    }

    @Test
    void freshCommandsAreRecognised() throws Exception {
        assertThat(text("/start", "[{\"type\":\"bot_command\",\"offset\":0,\"length\":6}]")
                        .command())
                .isEqualTo("start");
        assertThat(text("/chats@chatgeist_bot", "[{\"type\":\"bot_command\",\"offset\":0,\"length\":20}]")
                        .command())
                .isEqualTo("chats");
        assertThat(text("/HELP me", "[{\"type\":\"bot_command\",\"offset\":0,\"length\":5}]")
                        .command())
                .isEqualTo("help");
    }

    @Test
    void textThatIsNotACommandIsAQuestion() throws Exception {
        assertThat(text("Скільки /start згадок?", "[{\"type\":\"bot_command\",\"offset\":7,\"length\":6}]")
                        .command())
                .isNull();
        assertThat(text("/ це не команда", null).command()).isNull();
        assertThat(text("**жирний**", "[{\"type\":\"bold\",\"offset\":0,\"length\":6}]")
                        .command())
                .isNull();
    }

    @Test
    void repliesAndButtonsAreMapped() throws Exception {
        String json = "{\"update_id\":2,\"message\":{\"message_id\":9,\"date\":1700000000,"
                + "\"from\":{\"id\":42,\"is_bot\":false,\"first_name\":\"O\"},\"chat\":{\"id\":42,\"type\":\"private\"},"
                + "\"text\":\"А далі?\",\"reply_to_message\":{\"message_id\":7,\"date\":1700000000,"
                + "\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"відповідь\"}}}";
        Incoming.Text t = (Incoming.Text)
                UpdateMapper.map(JSON.readValue(json, Update.class), 0).orElseThrow();
        assertThat(t.replyTo()).isEqualTo(7);
        String cancel = new CallbackData.Cancel(3).encode();
        String cb = "{\"update_id\":3,\"callback_query\":{\"id\":\"q1\",\"from\":{\"id\":42,\"is_bot\":false,"
                + "\"first_name\":\"O\"},\"message\":{\"message_id\":8,\"date\":1700000000,\"chat\":{\"id\":42,"
                + "\"type\":\"private\"},\"text\":\"x\"},\"chat_instance\":\"c\",\"data\":\"" + cancel + "\"}}";
        Incoming.Callback c = (Incoming.Callback)
                UpdateMapper.map(JSON.readValue(cb, Update.class), 0).orElseThrow();
        assertThat(c.data()).isEqualTo(cancel);
        assertThat(c.messageId()).isEqualTo(8);
        assertThat(c.chatId()).isEqualTo(42);
    }
}
