package dev.chatgeist.telegram.client;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import java.util.Locale;

/**
 * Which media {@code update} downloads: CHATGEIST_DOWNLOAD_MEDIA = off (default, so hourly updates stay fast) |
 * photos | all (photos and documents: videos, voice notes, files...), and CHATGEIST_MEDIA_MAX_MB (default 20):
 * larger files are skipped.
 */
public record MediaSettings(Mode mode, int maxMegabytes) {
    public static final String DOWNLOAD = "CHATGEIST_DOWNLOAD_MEDIA";
    public static final String MAX_MB = "CHATGEIST_MEDIA_MAX_MB";
    public static final int DEFAULT_MAX_MB = 20;

    public enum Mode {
        OFF,
        PHOTOS,
        ALL
    }

    public static final MediaSettings OFF = new MediaSettings(Mode.OFF, DEFAULT_MAX_MB);

    public static MediaSettings from(Settings settings) {
        String text = settings.get(DOWNLOAD, "off").toLowerCase(Locale.ROOT);
        Mode mode = switch (text) {
            case "off" -> Mode.OFF;
            case "photos" -> Mode.PHOTOS;
            case "all" -> Mode.ALL;
            default ->
                throw new UserException(DOWNLOAD + "='" + text + "' is not one of off, photos, all; fix it in "
                        + ".env or the environment");
        };
        int max = settings.getInt(MAX_MB, DEFAULT_MAX_MB);
        if (max <= 0) {
            throw new UserException(
                    MAX_MB + " must be a positive number of megabytes; fix it in .env or the environment");
        }
        return new MediaSettings(mode, max);
    }

    public long maxBytes() {
        return maxMegabytes * 1024L * 1024L;
    }
}
