package dev.chatgeist.telegram.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.tl.api.Document;
import dev.chatgeist.telegram.tl.api.DocumentAttributeFilename;
import dev.chatgeist.telegram.tl.api.GeoPointEmpty;
import dev.chatgeist.telegram.tl.api.InputDocumentFileLocation;
import dev.chatgeist.telegram.tl.api.InputPhotoFileLocation;
import dev.chatgeist.telegram.tl.api.Message;
import dev.chatgeist.telegram.tl.api.MessageActionPinMessage;
import dev.chatgeist.telegram.tl.api.MessageMediaDocument;
import dev.chatgeist.telegram.tl.api.MessageMediaGeo;
import dev.chatgeist.telegram.tl.api.MessageMediaPhoto;
import dev.chatgeist.telegram.tl.api.MessageService;
import dev.chatgeist.telegram.tl.api.PeerUser;
import dev.chatgeist.telegram.tl.api.Photo;
import dev.chatgeist.telegram.tl.api.PhotoSize;
import dev.chatgeist.telegram.tl.api.PhotoSizeProgressive;
import dev.chatgeist.telegram.tl.api.PhotoStrippedSize;
import dev.chatgeist.telegram.tl.api.TypeDocumentAttribute;
import dev.chatgeist.telegram.tl.api.TypeMessageMedia;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which file of a message is fetched, from where, under which name; and the settings that choose. */
class MediaDownloaderTest {
    static Message message(TypeMessageMedia media) {
        return Message.of(7, PeerUser.of(1L), 0, "").withMedia(media);
    }

    static Document document(String mime, long size, TypeDocumentAttribute... attributes) {
        return Document.of(5L, 6L, new byte[] {1}, 0, mime, size, 4, List.of(attributes));
    }

    @Test
    void settingsDefaultToOffAndBadValuesAreExplained() {
        assertThat(MediaSettings.from(Settings.of(Map.of()))).isEqualTo(MediaSettings.OFF);
        MediaSettings all = MediaSettings.from(
                Settings.of(Map.of("CHATGEIST_DOWNLOAD_MEDIA", "ALL", "CHATGEIST_MEDIA_MAX_MB", "5")));
        assertThat(all.mode()).isEqualTo(MediaSettings.Mode.ALL);
        assertThat(all.maxBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(MediaSettings.from(Settings.of(Map.of("CHATGEIST_DOWNLOAD_MEDIA", "photos")))
                        .mode())
                .isEqualTo(MediaSettings.Mode.PHOTOS);
        assertThatThrownBy(() -> MediaSettings.from(Settings.of(Map.of("CHATGEIST_DOWNLOAD_MEDIA", "yes"))))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("off, photos, all");
        assertThatThrownBy(() -> MediaSettings.from(Settings.of(Map.of("CHATGEIST_MEDIA_MAX_MB", "0"))))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("CHATGEIST_MEDIA_MAX_MB");
    }

    @Test
    void aPhotoIsFetchedInItsLargestSizeFromItsDc() {
        Photo photo = Photo.of(
                1L,
                2L,
                new byte[] {3},
                0,
                List.of(
                        PhotoStrippedSize.of("i", new byte[] {1, 2}),
                        PhotoSize.of("m", 320, 240, 9000),
                        PhotoSizeProgressive.of("y", 1280, 960, List.of(100, 40000)),
                        PhotoSize.of("x", 800, 600, 30000)),
                2);
        Message m = message(MessageMediaPhoto.of().withPhoto(photo));
        MediaDownloader.Media media = MediaDownloader.media(m, MediaSettings.Mode.PHOTOS);
        assertThat(media.dc()).isEqualTo(2);
        assertThat(media.size()).isEqualTo(40000);
        assertThat(media.extension()).isEqualTo("jpg");
        assertThat(media.location()).isInstanceOf(InputPhotoFileLocation.class);
        assertThat(((InputPhotoFileLocation) media.location()).thumbSize()).isEqualTo("y");
        assertThat(MediaDownloader.media(m, MediaSettings.Mode.OFF)).isNull();
    }

    @Test
    void documentsOnlyInModeAllNamedByTheirFileNameOrMimeType() {
        Message named = message(MessageMediaDocument.of()
                .withDocument(document("application/octet-stream", 10L, DocumentAttributeFilename.of("Notes.TXT"))));
        assertThat(MediaDownloader.media(named, MediaSettings.Mode.PHOTOS)).isNull();
        MediaDownloader.Media media = MediaDownloader.media(named, MediaSettings.Mode.ALL);
        assertThat(media.extension()).isEqualTo("txt");
        assertThat(media.dc()).isEqualTo(4);
        assertThat(media.location()).isInstanceOf(InputDocumentFileLocation.class);
        assertThat(((InputDocumentFileLocation) media.location()).thumbSize()).isEmpty();

        Document voice = Document.of(
                5L, 6L, new byte[0], 0, "audio/ogg", 10L, 1, List.of(DocumentAttributeFilename.of("no extension.")));
        assertThat(MediaDownloader.extension(voice)).isEqualTo("ogg");
        assertThat(MediaDownloader.extension(
                        document("application/x-what", 1L, DocumentAttributeFilename.of("../../etc/passwd"))))
                .isEqualTo("bin");
        assertThat(MediaDownloader.extension(document("video/mp4", 1L, DocumentAttributeFilename.of("a.tar/../x"))))
                .isEqualTo("mp4");
    }

    @Test
    void messagesWithoutAFileHaveNoMedia() {
        assertThat(MediaDownloader.media(message(null), MediaSettings.Mode.ALL)).isNull();
        Message geo = message(MessageMediaGeo.of(GeoPointEmpty.of()));
        assertThat(MediaDownloader.media(geo, MediaSettings.Mode.ALL)).isNull();
        Message gone = message(MessageMediaPhoto.of());
        assertThat(MediaDownloader.media(gone, MediaSettings.Mode.ALL)).isNull();
        MessageService service = MessageService.of(1, PeerUser.of(1L), 0, MessageActionPinMessage.of());
        assertThat(MediaDownloader.media(service, MediaSettings.Mode.ALL)).isNull();
    }
}
