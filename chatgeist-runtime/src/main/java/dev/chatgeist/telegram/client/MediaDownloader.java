package dev.chatgeist.telegram.client;

import dev.chatgeist.config.Home;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.api.Document;
import dev.chatgeist.telegram.tl.api.DocumentAttributeFilename;
import dev.chatgeist.telegram.tl.api.InputDocumentFileLocation;
import dev.chatgeist.telegram.tl.api.InputPhotoFileLocation;
import dev.chatgeist.telegram.tl.api.Message;
import dev.chatgeist.telegram.tl.api.MessageMediaDocument;
import dev.chatgeist.telegram.tl.api.MessageMediaPhoto;
import dev.chatgeist.telegram.tl.api.Photo;
import dev.chatgeist.telegram.tl.api.PhotoSize;
import dev.chatgeist.telegram.tl.api.PhotoSizeProgressive;
import dev.chatgeist.telegram.tl.api.TypeDocumentAttribute;
import dev.chatgeist.telegram.tl.api.TypeInputFileLocation;
import dev.chatgeist.telegram.tl.api.TypeMessage;
import dev.chatgeist.telegram.tl.api.TypePhotoSize;
import dev.chatgeist.telegram.tl.api.TypeUploadFile;
import dev.chatgeist.telegram.tl.api.UploadFile;
import dev.chatgeist.telegram.tl.api.UploadGetFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Downloads a message's photo or document to {@code <home>/media/<alias>/<msg_id>.<ext>} with upload.getFile in
 * 512 KiB parts (https://core.telegram.org/api/files), from the file's own DC: another DC gets a second connection
 * authorized with auth.exportAuthorization/importAuthorization, the home connection stays for the history. What the
 * row's media_path gets: the path relative to the home, {@code SKIPPED: ...} or {@code ERROR: ...}; a failed file
 * never fails the update.
 */
public final class MediaDownloader implements AutoCloseable {
    /** Part size: a multiple of 4 KiB dividing 1 MiB, so every offset (a multiple of it) is valid. */
    static final int PART = 512 * 1024;

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("image/jpeg", "jpg"),
            Map.entry("image/png", "png"),
            Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"),
            Map.entry("video/mp4", "mp4"),
            Map.entry("video/quicktime", "mov"),
            Map.entry("video/webm", "webm"),
            Map.entry("audio/ogg", "ogg"),
            Map.entry("audio/mpeg", "mp3"),
            Map.entry("audio/mp4", "m4a"),
            Map.entry("application/pdf", "pdf"),
            Map.entry("application/zip", "zip"),
            Map.entry("text/plain", "txt"),
            Map.entry("application/x-tgsticker", "tgs"));

    /** A downloadable file: its location, DC, size in bytes and file name extension. */
    record Media(TypeInputFileLocation location, int dc, long size, String extension) {}

    private final TelegramClient client;
    private final MediaSettings settings;
    private final Home home;
    private final Consumer<String> events;
    private final Map<Integer, TelegramClient> otherDcs = new HashMap<>();
    private int downloaded;

    public MediaDownloader(TelegramClient client, MediaSettings settings, Home home, Consumer<String> events) {
        this.client = client;
        this.settings = settings;
        this.home = home;
        this.events = events;
    }

    /** Files written so far. */
    public int downloaded() {
        return downloaded;
    }

    /**
     * media_path for {@code message} of chat {@code alias}: null when it has no media this mode downloads. The file
     * is named after {@code storedId}, the row's id (a migrated supergroup's ids are stored at an offset).
     */
    String mediaPath(String alias, TypeMessage message, long storedId) throws InterruptedException {
        Media media = media(message, settings.mode());
        if (media == null) {
            return null;
        }
        if (media.size() > settings.maxBytes()) {
            return String.format(
                    Locale.ROOT, "SKIPPED: %.1f MB > %d MB", media.size() / 1048576.0, settings.maxMegabytes());
        }
        long id = storedId;
        Path target = home.mediaDir(alias).resolve(id + "." + media.extension());
        String relative = home.dir().relativize(target).toString().replace('\\', '/');
        try {
            if (Files.isRegularFile(target) && Files.size(target) == media.size()) {
                return relative; // complete from an earlier run
            }
            download(media, target);
            downloaded++;
            return relative;
        } catch (RpcException | IOException e) {
            if (e instanceof InterruptedIOException) {
                throw new InterruptedException(e.getMessage());
            }
            String reason = e instanceof RpcException r
                    ? r.error()
                    : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            events.accept(
                    "telegram event=media_error chat=" + alias + " msg=" + id + " reason=" + reason.replace(' ', '_'));
            return "ERROR: " + reason;
        }
    }

    private void download(Media media, Path target) throws IOException, RpcException, InterruptedException {
        Files.createDirectories(target.getParent());
        Path part = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".part");
        try {
            long offset = 0;
            TelegramClient dcClient = clientFor(media.dc());
            boolean migrated = false;
            try (OutputStream out = Files.newOutputStream(part)) {
                while (true) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                    TypeUploadFile file;
                    try {
                        file = dcClient.call(UploadGetFile.of(media.location(), offset, PART));
                    } catch (RpcException e) {
                        if (e.code() == 303 && e.is("FILE_MIGRATE") && !migrated) {
                            migrated = true; // the file lives on another DC than its dc_id said
                            dcClient = clientFor(e.number());
                            continue;
                        }
                        throw e;
                    }
                    if (!(file instanceof UploadFile chunk)) {
                        throw new IOException("Telegram redirected the file to a CDN, which this client does not use");
                    }
                    byte[] bytes = chunk.bytes();
                    out.write(bytes);
                    offset += bytes.length;
                    if (bytes.length < PART) {
                        break;
                    }
                }
            }
            if (offset != media.size()) {
                throw new IOException("got " + offset + " bytes of " + media.size());
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private TelegramClient clientFor(int dc) throws IOException, RpcException {
        if (dc == client.dc()) {
            return client;
        }
        TelegramClient c = otherDcs.get(dc);
        if (c == null) {
            c = client.authorizedOn(dc);
            otherDcs.put(dc, c);
        }
        return c;
    }

    /** The photo (largest size) or, in mode all, the document of {@code message}; null for anything else. */
    static Media media(TypeMessage message, MediaSettings.Mode mode) {
        if (!(message instanceof Message withMedia) || withMedia.media() == null || mode == MediaSettings.Mode.OFF) {
            return null;
        }
        if (withMedia.media() instanceof MessageMediaPhoto m && m.photo() instanceof Photo photo) {
            String best = null;
            long bestSize = -1;
            for (TypePhotoSize s : photo.sizes()) {
                long size = s instanceof PhotoSize p
                        ? p.size()
                        : s instanceof PhotoSizeProgressive p ? last(p) : -1; // stripped/path/cached: inline previews
                if (size > bestSize) {
                    best = s instanceof PhotoSize p ? p.type() : ((PhotoSizeProgressive) s).type();
                    bestSize = size;
                }
            }
            if (best == null) {
                return null;
            }
            return new Media(
                    InputPhotoFileLocation.of(photo.id(), photo.accessHash(), photo.fileReference(), best),
                    photo.dcId(),
                    bestSize,
                    "jpg");
        }
        if (mode == MediaSettings.Mode.ALL
                && withMedia.media() instanceof MessageMediaDocument m
                && m.document() instanceof Document doc) {
            return new Media(
                    InputDocumentFileLocation.of(doc.id(), doc.accessHash(), doc.fileReference(), ""),
                    doc.dcId(),
                    doc.size(),
                    extension(doc));
        }
        return null;
    }

    private static long last(PhotoSizeProgressive progressive) {
        var sizes = progressive.sizes();
        return sizes.isEmpty() ? -1 : Integer.toUnsignedLong(sizes.get(sizes.size() - 1));
    }

    /** The file name attribute's extension when it is plain, else one for the mime type, else {@code bin}. */
    static String extension(Document document) {
        for (TypeDocumentAttribute a : document.attributes()) {
            if (a instanceof DocumentAttributeFilename f) {
                String name = f.fileName();
                int dot = name.lastIndexOf('.');
                if (dot >= 0 && name.substring(dot + 1).matches("[A-Za-z0-9]{1,10}")) {
                    return name.substring(dot + 1).toLowerCase(Locale.ROOT);
                }
            }
        }
        String mime = document.mimeType().toLowerCase(Locale.ROOT);
        return EXTENSIONS.getOrDefault(mime, "bin");
    }

    @Override
    public void close() {
        for (TelegramClient c : otherDcs.values()) {
            c.close();
        }
        otherDcs.clear();
    }
}
