package dev.chatgeist.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.bot.Messenger;
import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import dev.chatgeist.bot.Messenger.Photo;
import dev.chatgeist.testing.BotApiStandIn;
import dev.chatgeist.testing.BotApiStandIn.Msg;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * Photos and albums as the bot uploads them (the real TelegramBots client) and as the Bot API takes them: the
 * stand-in plays api.telegram.org with its documented rules for sendPhoto and sendMediaGroup (multipart uploads,
 * {@code attach://} references, 2–10 album items, captions of at most 1024 characters after parsing, image size
 * limits). The raw requests check the stand-in refuses what Telegram refuses.
 */
class PhotoUploadsTest {
    static final String TOKEN = "123456789:TEST-photos";
    static final long CHAT = 501;
    BotApiStandIn telegram;
    Messenger messenger;

    @BeforeEach
    void start() throws Exception {
        telegram = new BotApiStandIn(TOKEN);
        URI api = telegram.url();
        OkHttpTelegramClient client = new OkHttpTelegramClient(
                new ObjectMapper(),
                new OkHttpClient(),
                TOKEN,
                new TelegramUrl(api.getScheme(), api.getHost(), api.getPort(), false));
        messenger = new TelegramMessenger(client);
    }

    @AfterEach
    void stop() {
        telegram.close();
    }

    static byte[] png(int width, int height) throws Exception {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(width / 2, height / 2, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void aPhotoWithAFormattedCaptionArrivesWithItsBytes() throws Exception {
        byte[] png = png(640, 400);
        int id =
                messenger.sendPhoto(CHAT, new Photo("chart1.png", png), "<b>Графік</b> за місяцями", Format.HTML, null);
        Msg m = telegram.botMessages(CHAT).get(0);
        assertThat(m.messageId).isEqualTo(id);
        assertThat(m.photo).isEqualTo(png);
        assertThat(m.caption).isEqualTo("Графік за місяцями");
        assertThat(m.mediaGroupId).isNull();
    }

    @Test
    void theCaptionLimitCountsVisibleCharacters() throws Exception {
        String visible1024 = "<b>" + "я".repeat(1024) + "</b>";
        messenger.sendPhoto(CHAT, new Photo("a.png", png(100, 100)), visible1024, Format.HTML, null);
        assertThatThrownBy(() -> messenger.sendPhoto(
                        CHAT, new Photo("b.png", png(100, 100)), "я".repeat(1025), Format.PLAIN, null))
                .isInstanceOf(MessengerException.class)
                .hasMessageContaining("caption is too long")
                .satisfies(e -> assertThat(((MessengerException) e).code()).isEqualTo(400));
    }

    @Test
    void anAlbumIsOneRequestWithItsPhotosAsAttachedPartsAndTheCaptionOnTheFirst() throws Exception {
        byte[] a = png(300, 200);
        byte[] b = png(200, 300);
        List<Integer> ids = messenger.sendMediaGroup(
                CHAT,
                List.of(new Photo("chart1.png", a), new Photo("chart2.png", b)),
                "Два <i>графіки</i>",
                Format.HTML,
                null);
        List<Msg> sent = telegram.botMessages(CHAT);
        assertThat(ids).containsExactly(sent.get(0).messageId, sent.get(1).messageId);
        assertThat(sent.get(0).photo).isEqualTo(a);
        assertThat(sent.get(1).photo).isEqualTo(b);
        assertThat(sent.get(0).caption).isEqualTo("Два графіки");
        assertThat(sent.get(1).caption).isNull();
        assertThat(sent.get(0).mediaGroupId).isNotNull().isEqualTo(sent.get(1).mediaGroupId);
        assertThat(telegram.calls("sendMediaGroup")).isEqualTo(1);
    }

    // ---- the stand-in refuses what the real server refuses (raw multipart requests) ----

    JsonNode post(String method, Map<String, String> fields, Map<String, byte[]> files) throws Exception {
        String boundary = "b0undary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var f : fields.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                            + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (var f : files.entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"; filename=\""
                            + f.getKey() + ".png\"\r\nContent-Type: image/png\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(f.getValue());
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(telegram.url().resolve("/bot" + TOKEN + "/" + method))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    static String media(String... parts) {
        StringBuilder sb = new StringBuilder("[");
        for (String p : parts) {
            sb.append(sb.length() > 1 ? "," : "")
                    .append("{\"type\":\"photo\",\"media\":\"attach://")
                    .append(p)
                    .append("\"}");
        }
        return sb.append("]").toString();
    }

    @Test
    void albumsNeedTwoToTenItemsThatAllArrive() throws Exception {
        byte[] p = png(50, 50);
        assertThat(post("sendMediaGroup", Map.of("chat_id", "501", "media", media("a")), Map.of("a", p))
                        .path("description")
                        .asText())
                .contains("2-10 items");
        String[] eleven = new String[11];
        java.util.Arrays.fill(eleven, "a");
        assertThat(post("sendMediaGroup", Map.of("chat_id", "501", "media", media(eleven)), Map.of("a", p))
                        .path("description")
                        .asText())
                .contains("2-10 items");
        assertThat(post("sendMediaGroup", Map.of("chat_id", "501", "media", media("a", "missing")), Map.of("a", p))
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: can't parse InputMedia: media not found");
        assertThat(post("sendMediaGroup", Map.of("chat_id", "501", "media", "[{"), Map.of("a", p))
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: can't parse media JSON object");
        JsonNode ok =
                post("sendMediaGroup", Map.of("chat_id", "501", "media", media("a", "b")), Map.of("a", p, "b", p));
        assertThat(ok.path("ok").asBoolean()).isTrue();
        assertThat(ok.path("result")).hasSize(2);
        assertThat(ok.path("result").get(0).path("photo").get(0).path("width").asInt())
                .isEqualTo(50);
        assertThat(ok.path("result").get(0).path("media_group_id").asText())
                .isEqualTo(ok.path("result").get(1).path("media_group_id").asText());
    }

    @Test
    void photosMustBeImagesOfAcceptableShape() throws Exception {
        assertThat(post(
                                "sendPhoto",
                                Map.of("chat_id", "501", "photo", "attach://p"),
                                Map.of("p", "not a picture".getBytes(StandardCharsets.UTF_8)))
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: IMAGE_PROCESS_FAILED");
        assertThat(post("sendPhoto", Map.of("chat_id", "501"), Map.of("photo", png(2100, 100)))
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: PHOTO_INVALID_DIMENSIONS");
        assertThat(post("sendPhoto", Map.of("chat_id", "501", "photo", "AgACAgIAAxkBAAIB"), Map.of())
                        .path("description")
                        .asText())
                .isEqualTo("Bad Request: wrong file identifier/HTTP URL specified");
        assertThat(telegram.botMessages(CHAT)).isEmpty();
    }
}
