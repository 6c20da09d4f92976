package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.cli.CliRun;
import dev.chatgeist.config.Settings;
import dev.chatgeist.telegram.client.SessionState;
import dev.chatgeist.telegram.client.SessionStore;
import dev.chatgeist.telegram.client.TelegramClient;
import dev.chatgeist.telegram.client.TelegramSettings;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.api.InputPhotoFileLocation;
import dev.chatgeist.telegram.tl.api.UploadFile;
import dev.chatgeist.telegram.tl.api.UploadGetFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `chatgeist update` with CHATGEIST_DOWNLOAD_MEDIA against the stand-in DC's chat "gallery" (src/test/node/script.js):
 * photos and documents with known bytes on DC 1 and DC 2, one with a wrong dc_id (FILE_MIGRATE), one over the size
 * limit, one the server refuses, and a location (no file).
 */
class TelegramMediaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(100, 1);

    static Map<String, String> env(Path home, String... settings) {
        Map<String, String> env = STANDIN.dc().env(home);
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        return env;
    }

    /** A logged-in home (DC 1) with the gallery as chat {@code gal}. */
    static void setUp(Path home) {
        CliRun login = CliRun.run(env(home), STANDIN.dc().loginCode() + "\n", "login", "--phone", "+15550001");
        assertThat(login.exit).as(login.toString()).isZero();
        assertThat(CliRun.run(env(home), "", "chats", "add", "gal", "@gallery").exit)
                .isZero();
    }

    static List<String> expected(Path dir, String mode, int maxMb) throws Exception {
        Path file = dir.resolve("gallery-" + mode + ".jsonl");
        STANDIN.dc()
                .command(
                        "expected",
                        "chat",
                        "gallery",
                        "file",
                        file.toString(),
                        "media",
                        Map.of("alias", "gal", "mode", mode, "maxMb", maxMb));
        return ArchiveRows.expected(file);
    }

    static JsonNode served() throws Exception {
        return STANDIN.dc().command("files", "chat", "gallery").path("served");
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Every file a row names equals what the stand-in served for that message (SHA-256); no partial files. */
    static void assertFilesByteExact(Path home, List<String> rows, int files) throws Exception {
        int checked = 0;
        for (JsonNode f : STANDIN.dc().command("files", "chat", "gallery").path("files")) {
            String row = rows.stream()
                    .filter(x -> x.startsWith("{\"id\":" + f.path("msg").asInt() + ","))
                    .findFirst()
                    .orElse("{}");
            String path = JSON.readTree(row).path("media_path").asText();
            if (!path.startsWith("media/")) {
                continue; // not stored, skipped (too big) or refused by the server
            }
            Path file = home.resolve(path);
            assertThat(file).as(path).hasSize(f.path("size").asLong());
            assertThat(sha256(file)).as(path).isEqualTo(f.path("sha256").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(files);
        try (Stream<Path> left = Files.list(home.resolve("media/gal"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no partial files left")
                    .noneMatch(n -> n.endsWith(".part"))
                    .hasSize(files);
        }
    }

    @Test
    void allMediaAreDownloadedByteExactFromTheirDcsAndARerunDownloadsNothing(@TempDir Path home) throws Exception {
        setUp(home);
        STANDIN.dc().command("clearServed");
        STANDIN.dc().command("resetStats");
        CliRun r = CliRun.run(env(home, "CHATGEIST_DOWNLOAD_MEDIA", "all"), "", "update");
        assertThat(r.exit).as(r.toString()).isZero();
        List<String> rows = ArchiveRows.archive(home.resolve("databases/gal.db"));
        assertThat(rows).isEqualTo(expected(home, "all", 20));

        assertFilesByteExact(home, rows, 7);

        // parts of 512 KiB at multiples of it; files on DC 2 (by dc_id and by FILE_MIGRATE) came from DC 2 through
        // an authorization exported from DC 1
        JsonNode served = served();
        assertThat(served)
                .allSatisfy(p ->
                        assertThat(p.path("offset").asLong() % (512 * 1024)).isZero());
        assertThat(served).anySatisfy(p -> assertThat(p.path("dc").asInt()).isEqualTo(2));
        assertThat(served).as("the document whose dc_id says 1: FILE_MIGRATE_2").anySatisfy(p -> {
            assertThat(p.path("id").asText()).isEqualTo("880007");
            assertThat(p.path("dc").asInt()).isEqualTo(2);
        });
        assertThat(served)
                .as("a file of exactly 1 MiB: two full parts, then an empty one")
                .filteredOn(p -> p.path("id").asText().equals("880002"))
                .extracting(p -> p.path("length").asInt())
                .containsExactly(512 * 1024, 512 * 1024, 0);
        JsonNode byMethod = STANDIN.dc().command("stats").path("byMethod");
        assertThat(byMethod.path("auth.ExportAuthorization").asInt()).isEqualTo(1);
        assertThat(byMethod.path("auth.ImportAuthorization").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(home.resolve("telegram.session").toFile())
                        .path("dcs")
                        .has("2"))
                .as("the DC 2 key is kept for later runs")
                .isTrue();
        String log = Files.readString(home.resolve("logs/update.log"));
        assertThat(log).contains("event=media_error chat=gal msg=8 reason=FILE_ID_INVALID");
        assertThat(log).doesNotContain(STANDIN.dc().apiHash());

        // --full reads every message again: the files are there, nothing is downloaded twice
        STANDIN.dc().command("clearServed");
        CliRun again = CliRun.run(env(home, "CHATGEIST_DOWNLOAD_MEDIA", "all"), "", "update", "--full");
        assertThat(again.exit).as(again.toString()).isZero();
        assertThat(served()).isEmpty();
        assertThat(ArchiveRows.archive(home.resolve("databases/gal.db"))).isEqualTo(expected(home, "all", 20));

        // DC 2 forgot the key this home made there: a new key is made and the lost file fetched again
        STANDIN.dc().command("forgetKeys", "dc", 2);
        Files.delete(home.resolve("media/gal/11.jpg"));
        CliRun lost = CliRun.run(env(home, "CHATGEIST_DOWNLOAD_MEDIA", "all"), "", "update", "--full");
        assertThat(lost.exit).as(lost.toString()).isZero();
        assertThat(served()).extracting(p -> p.path("id").asText()).containsExactly("880009", "880009");
        assertThat(Files.readString(home.resolve("logs/update.log"))).contains("event=auth_key_unknown dc=2");
        assertFilesByteExact(home, ArchiveRows.archive(home.resolve("databases/gal.db")), 7);
    }

    @Test
    void aDroppedConnectionOrFloodWaitMidFileResumesTheFileAndLimitDownloadsOnlyStoredMessages(@TempDir Path home)
            throws Exception {
        setUp(home);
        STANDIN.dc().command("fault", "kind", "drop", "method", "upload.GetFile", "after", 2);
        STANDIN.dc().command("fault", "kind", "flood", "method", "upload.GetFile", "after", 4, "seconds", 1);
        CliRun r = CliRun.run(env(home, "CHATGEIST_DOWNLOAD_MEDIA", "all"), "", "update", "--limit", "6");
        STANDIN.dc().command("clearFaults");
        assertThat(r.exit).as(r.toString()).isZero();
        List<String> rows = ArchiveRows.archive(home.resolve("databases/gal.db"));
        assertThat(rows).isEqualTo(expected(home, "all", 20).subList(0, 6));
        assertFilesByteExact(home, rows, 5);
        assertThat(Files.readString(home.resolve("logs/update.log")))
                .contains("event=reconnect")
                .contains("event=flood_wait seconds=1 request=upload.getFile");
    }

    @Test
    void photosOnlyWithASmallerLimit(@TempDir Path home) throws Exception {
        setUp(home);
        CliRun r = CliRun.run(
                env(home, "CHATGEIST_DOWNLOAD_MEDIA", "photos", "CHATGEIST_MEDIA_MAX_MB", "1"), "", "update");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(ArchiveRows.archive(home.resolve("databases/gal.db"))).isEqualTo(expected(home, "photos", 1));
        try (Stream<Path> files = Files.list(home.resolve("media/gal"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("2.jpg", "3.jpg", "11.jpg");
        }
    }

    @Test
    void withoutTheSettingNothingIsDownloaded(@TempDir Path home) throws Exception {
        setUp(home);
        STANDIN.dc().command("clearServed");
        CliRun r = CliRun.run(env(home), "", "update");
        assertThat(r.exit).as(r.toString()).isZero();
        List<String> rows = ArchiveRows.archive(home.resolve("databases/gal.db"));
        assertThat(rows).isEqualTo(expected(home, "off", 20));
        assertThat(rows).allSatisfy(row -> assertThat(row).contains("\"media_path\":null"));
        assertThat(served()).isEmpty();
        assertThat(home.resolve("media")).doesNotExist();
    }

    @Test
    void theStandinChecksPartsAsTelegramDoes(@TempDir Path home) throws Exception {
        setUp(home);
        TlSchema s = TlSchema.standard();
        SessionState state = SessionStore.in(home).load().orElseThrow();
        // the 150,000-byte photo of message 2, on DC 1 (the account's DC)
        InputPhotoFileLocation location =
                InputPhotoFileLocation.of(880000L, 880111L, "ref-880000".getBytes(StandardCharsets.US_ASCII), "x");
        try (TelegramClient client =
                new TelegramClient(s, TelegramSettings.from(Settings.of(env(home))), state, e -> {}, () -> {})) {
            record Bad(String error, long offset, int limit, String why) {}
            for (Bad bad : List.of(
                    new Bad("LIMIT_INVALID", 0, 1000, "not divisible by 4 KiB"),
                    new Bad("LIMIT_INVALID", 0, 2 * 1048576, "more than 1 MiB"),
                    new Bad("LIMIT_INVALID", 0, 3 * 4096, "does not divide 1 MiB"),
                    new Bad("OFFSET_INVALID", 4096, 8192, "offset not divisible by limit"))) {
                RpcException e = catchThrowableOfType(
                        RpcException.class, () -> client.call(UploadGetFile.of(location, bad.offset(), bad.limit())));
                assertThat(e).as(bad.why()).isNotNull();
                assertThat(e.error()).as(bad.why()).isEqualTo(bad.error());
            }
            UploadFile tail = (UploadFile) client.call(UploadGetFile.of(location, 131072L, 65536));
            assertThat(tail.bytes()).hasSize(150000 - 131072);
        }
    }

    @Test
    void aBadSettingStopsTheUpdateWithTheFix(@TempDir Path home) {
        setUp(home);
        CliRun r = CliRun.run(env(home, "CHATGEIST_DOWNLOAD_MEDIA", "videos"), "", "update");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("CHATGEIST_DOWNLOAD_MEDIA").contains("off, photos, all");
    }
}
