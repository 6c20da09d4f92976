package dev.chatgeist.telegram.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which file of a message is fetched, from where, under which name; and the settings that choose. */
class MediaDownloaderTest {
    static final TlSchema S = TlSchema.load();

    static TlObject message(TlObject media) {
        return S.make("message", "id", 7, "peer_id", S.make("peerUser", "user_id", 1L), "date", 0, "message", "",
                "media", media);
    }

    static TlObject document(String mime, long size, Object... attributes) {
        return S.make("document", "id", 5L, "access_hash", 6L, "file_reference", new byte[] {1}, "date", 0,
                "mime_type", mime, "size", size, "dc_id", 4, "attributes", List.of(attributes));
    }

    @Test
    void settingsDefaultToOffAndBadValuesAreExplained() {
        assertThat(MediaSettings.from(Settings.of(Map.of()))).isEqualTo(MediaSettings.OFF);
        MediaSettings all = MediaSettings.from(Settings.of(Map.of("CHATGEIST_DOWNLOAD_MEDIA", "ALL",
                "CHATGEIST_MEDIA_MAX_MB", "5")));
        assertThat(all.mode()).isEqualTo(MediaSettings.Mode.ALL);
        assertThat(all.maxBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(MediaSettings.from(Settings.of(Map.of("CHATGEIST_DOWNLOAD_MEDIA", "photos"))).mode())
                .isEqualTo(MediaSettings.Mode.PHOTOS);
        assertThatThrownBy(() -> MediaSettings.from(Settings.of(Map.of("CHATGEIST_DOWNLOAD_MEDIA", "yes"))))
                .isInstanceOf(UserException.class).hasMessageContaining("off, photos, all");
        assertThatThrownBy(() -> MediaSettings.from(Settings.of(Map.of("CHATGEIST_MEDIA_MAX_MB", "0"))))
                .isInstanceOf(UserException.class).hasMessageContaining("CHATGEIST_MEDIA_MAX_MB");
    }

    @Test
    void aPhotoIsFetchedInItsLargestSizeFromItsDc() {
        TlObject photo = S.make("photo", "id", 1L, "access_hash", 2L, "file_reference", new byte[] {3}, "date", 0,
                "dc_id", 2, "sizes", List.of(
                        S.make("photoStrippedSize", "type", "i", "bytes", new byte[] {1, 2}),
                        S.make("photoSize", "type", "m", "w", 320, "h", 240, "size", 9000),
                        S.make("photoSizeProgressive", "type", "y", "w", 1280, "h", 960, "sizes", List.of(100, 40000)),
                        S.make("photoSize", "type", "x", "w", 800, "h", 600, "size", 30000)));
        TlObject m = message(S.make("messageMediaPhoto", "photo", photo));
        MediaDownloader.Media media = MediaDownloader.media(S, m, MediaSettings.Mode.PHOTOS);
        assertThat(media.dc()).isEqualTo(2);
        assertThat(media.size()).isEqualTo(40000);
        assertThat(media.extension()).isEqualTo("jpg");
        assertThat(media.location().name()).isEqualTo("inputPhotoFileLocation");
        assertThat(media.location().getString("thumb_size")).isEqualTo("y");
        assertThat(MediaDownloader.media(S, m, MediaSettings.Mode.OFF)).isNull();
    }

    @Test
    void documentsOnlyInModeAllNamedByTheirFileNameOrMimeType() {
        TlObject named = message(S.make("messageMediaDocument", "document",
                document("application/octet-stream", 10L, S.make("documentAttributeFilename", "file_name", "Notes.TXT"))));
        assertThat(MediaDownloader.media(S, named, MediaSettings.Mode.PHOTOS)).isNull();
        MediaDownloader.Media media = MediaDownloader.media(S, named, MediaSettings.Mode.ALL);
        assertThat(media.extension()).isEqualTo("txt");
        assertThat(media.dc()).isEqualTo(4);
        assertThat(media.location().name()).isEqualTo("inputDocumentFileLocation");
        assertThat(media.location().getString("thumb_size")).isEmpty();

        TlObject voice = S.make("document", "id", 5L, "access_hash", 6L, "file_reference", new byte[0], "date", 0,
                "mime_type", "audio/ogg", "size", 10L, "dc_id", 1, "attributes", List.of(
                        S.make("documentAttributeFilename", "file_name", "no extension.")));
        assertThat(MediaDownloader.extension(voice)).isEqualTo("ogg");
        assertThat(MediaDownloader.extension(document("application/x-what", 1L,
                S.make("documentAttributeFilename", "file_name", "../../etc/passwd")))).isEqualTo("bin");
        assertThat(MediaDownloader.extension(document("video/mp4", 1L,
                S.make("documentAttributeFilename", "file_name", "a.tar/../x")))).isEqualTo("mp4");
    }

    @Test
    void messagesWithoutAFileHaveNoMedia() {
        assertThat(MediaDownloader.media(S, message(null), MediaSettings.Mode.ALL)).isNull();
        TlObject geo = message(S.make("messageMediaGeo", "geo", S.make("geoPointEmpty")));
        assertThat(MediaDownloader.media(S, geo, MediaSettings.Mode.ALL)).isNull();
        TlObject gone = message(S.make("messageMediaPhoto"));
        assertThat(MediaDownloader.media(S, gone, MediaSettings.Mode.ALL)).isNull();
        TlObject service = S.make("messageService", "id", 1, "peer_id", S.make("peerUser", "user_id", 1L), "date", 0,
                "action", S.make("messageActionPinMessage"));
        assertThat(MediaDownloader.media(S, service, MediaSettings.Mode.ALL)).isNull();
    }
}
