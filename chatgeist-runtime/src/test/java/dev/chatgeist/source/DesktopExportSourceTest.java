package dev.chatgeist.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.TestCli;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Telegram Desktop "Export chat history" (machine-readable JSON) imported through the real CLI. */
class DesktopExportSourceTest {
    private static Path fixture(Path dir) throws Exception {
        Path f = dir.resolve("export/result.json");
        Files.createDirectories(f.getParent());
        Files.copy(
                Objects.requireNonNull(DesktopExportSourceTest.class.getResourceAsStream("/desktop/result.json")), f);
        return f;
    }

    @Test
    void importsEveryFieldTheExportCarries(@TempDir Path home) throws Exception {
        Path export = fixture(home);
        TestCli cli = new TestCli(home);
        assertThat(cli.run("chats", "add", "valencia", "@ua_valencia").exitCode())
                .isZero();
        TestCli.Run run = cli.run("import", "--chat", "valencia", export.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("valencia: 6 new");

        Path db = home.resolve("databases/valencia.db");
        assertThat(
                        Db.rows(
                                db,
                                "SELECT id, timestamp, date_iso, message, sender_id, sender_username, sender_display_name, "
                                        + "reply_to_msg_id, reactions_count, reactions_detail, permalink, media_path, is_service FROM messages ORDER BY id"))
                .containsExactly(
                        "int:1 | int:1704110400 | text:2024-01-01T12:00:00+00:00 | text: | int:-1001234567890 | null "
                                + "| text:Українці у Валенсії | null | int:0 | text: | text:https://t.me/ua_valencia/1 | null | int:1",
                        "int:2 | int:1704110700 | text:2024-01-01T12:05:00+00:00 | text:Привіт усім! Хто знає гарну каву в центрі? "
                                + "| int:123456789 | null | text:Олена Коваленко | null | int:4 | text:👍 (3), ❤ (1) "
                                + "| text:https://t.me/ua_valencia/2 | null | int:0",
                        "int:3 | int:1704110850 | text:2024-01-01T12:07:30+00:00 | text:Дивіться https://example.com/cafe — там найкраща кава "
                                + "| int:222333444 | null | text:Andrii S | int:2 | int:2 | text:custom:5368324170671202286 (2) "
                                + "| text:https://t.me/ua_valencia/3 | null | int:0",
                        "int:5 | int:1704182400 | text:2024-01-02T08:00:00+00:00 | text: | int:987654 | null | text:987654 "
                                + "| null | int:0 | text: | text:https://t.me/ua_valencia/5 | text:photos/photo_1@02-01-2024_09-00-00.jpg | int:0",
                        "int:6 | int:1704184200 | text:2024-01-02T08:30:00+00:00 | text:Правила чату | int:-1001234567890 | null "
                                + "| text:Українці у Валенсії | null | int:0 | text: | text:https://t.me/ua_valencia/6 | text:files/rules.pdf | int:0",
                        "int:7 | int:1704189600 | text:2024-01-02T10:00:00+00:00 | text: | int:123456789 | null "
                                + "| text:Олена Коваленко | null | int:0 | text: | text:https://t.me/ua_valencia/7 | null | int:1");
        Db.assertSearchIndexConsistent(db);
        // a second import of the same export changes nothing
        TestCli.Run again =
                cli.run("import", "--chat", "valencia", export.getParent().toString());
        assertThat(again.out()).contains("0 new, 0 updated, 6 total");
    }

    @Test
    void fullAccountExportIsRefusedWithTheWayOut(@TempDir Path home) throws Exception {
        Path f = home.resolve("result.json");
        Files.writeString(f, "{\"about\": \"x\", \"chats\": {\"about\": \"y\", \"list\": []}}");
        TestCli.Run run = new TestCli(home).run("import", "--chat", "x", f.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("full account export").contains("Export chat history");
        assertThat(home.resolve("databases/x.db")).doesNotExist();
    }

    @Test
    void unknownFormatIsNamed(@TempDir Path home) throws Exception {
        Path f = home.resolve("notes.txt");
        Files.writeString(f, "just some text\nnot json\n");
        TestCli.Run run = new TestCli(home).run("import", "--chat", "x", f.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("unrecognised format")
                .contains("messages.jsonl")
                .contains("result.json");
    }

    /** A result.json holding {@code messages} (JSON objects, as text) in its messages array. */
    private static Path export(Path dir, String... messages) throws Exception {
        Path f = dir.resolve("export-" + System.nanoTime() + "/result.json");
        Files.createDirectories(f.getParent());
        Files.writeString(
                f,
                "{\n \"name\": \"Test\",\n \"type\": \"public_supergroup\",\n \"id\": 1,\n \"messages\": [\n  "
                        + String.join(",\n  ", messages) + "\n ]\n}\n");
        return f;
    }

    private static String message(long id, String text) {
        return "{\"id\": " + id + ", \"type\": \"message\", \"date\": \"2024-01-01T00:00:00\", \"date_unixtime\": \""
                + (1704067200 + id) + "\", \"from\": \"A\", \"from_id\": \"user42\", \"text\": \"" + text + "\"}";
    }

    @Test
    void idsOutsideTelegramsRangeAreRefusedAndOverwriteNothing(@TempDir Path home) throws Exception {
        TestCli cli = new TestCli(home);
        assertThat(cli.run(
                                "import",
                                "--chat",
                                "c",
                                export(home, message(5, "five"), message(6, "six"))
                                        .toString())
                        .exitCode())
                .isZero();
        Path db = home.resolve("databases/c.db");
        // 2^64 + 5 used to wrap to 5 and overwrite message 5; 1e30 became Long.MAX_VALUE and the archive's last id
        Path bad = export(
                home,
                "{\"id\": 18446744073709551621, \"type\": \"message\", \"text\": \"wrapped\"}",
                "{\"id\": 1e30, \"type\": \"message\", \"text\": \"huge\"}",
                "{\"id\": -3, \"type\": \"message\", \"text\": \"negative\"}",
                "{\"id\": 2147483648, \"type\": \"message\", \"text\": \"33 bits\"}",
                "{\"id\": \"7\", \"type\": \"message\", \"text\": \"text id\"}",
                message(8, "eight"));
        TestCli.Run run = cli.run("import", "--chat", "c", bad.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err())
                .contains(
                        "messages[0] (line 6): id 18446744073709551621 is not a whole number from 1 to 2147483647 (a Telegram "
                                + "message id); correct it in the export or export the chat again",
                        "messages[1] (line 7): id 1.0E30 is not a whole number from 1 to 2147483647",
                        "messages[2] (line 8): id -3 is not",
                        "messages[3] (line 9): id 2147483648 is not",
                        "messages[4] (line 10): id \"7\" is not");
        assertThat(run.out()).contains("1 new").contains("5 bad lines").contains("last id 8");
        assertThat(Db.rows(db, "SELECT id, message FROM messages ORDER BY id"))
                .containsExactly("int:5 | text:five", "int:6 | text:six", "int:8 | text:eight");
        assertThat(Db.rows(db, "SELECT value FROM metadata WHERE key = 'last_id'"))
                .containsExactly("text:8");
    }

    @Test
    void otherNumbersAreTakenExactlyOrTheMessageIsRefused(@TempDir Path home) throws Exception {
        Path f = export(
                home,
                "{\"id\": 1, \"type\": \"message\", \"text\": \"r\", \"reply_to_message_id\": 18446744073709551617}",
                "{\"id\": 2, \"type\": \"message\", \"text\": \"r\", \"reply_to_message_id\": \"5\"}",
                "{\"id\": 3, \"type\": \"message\", \"text\": \"r\", \"reactions\": [{\"type\": \"emoji\", "
                        + "\"emoji\": \"👍\", \"count\": 4294967297}]}",
                "{\"id\": 4, \"type\": \"message\", \"text\": \"r\", \"views\": \"many\"}",
                "{\"id\": 5, \"type\": \"message\", \"text\": \"r\", \"date_unixtime\": \"99999999999999999\"}",
                "{\"id\": 6, \"type\": \"message\", \"text\": \"r\", \"date_unixtime\": \"1e9\"}",
                "{\"id\": 7, \"type\": \"message\", \"text\": \"r\", \"from_id\": \"user99999999999999999999\"}",
                "{\"id\": 8, \"type\": \"message\", \"text\": \"r\", \"from_id\": \"channel9223372036854775807\"}",
                "{\"id\": 9, \"type\": \"message\", \"text\": \"lone \\ud800 surrogate\"}",
                "{\"id\": 10, \"type\": \"message\", \"text\": \"twice\", \"id\": 11}",
                "null",
                "{\"id\": 12, \"type\": \"message\", \"date_unixtime\": \"-86400\", \"from_id\": \"channel4503599627370495\", "
                        + "\"reply_to_message_id\": 2147483647, \"text\": [\"pair \\ud83d\\ude00 \", {\"type\": \"bold\", \"text\": \"ok\"}]}");
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", f.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err())
                .contains(
                        "messages[0] (line 6): reply_to_message_id 18446744073709551617 is not a whole number from 1 to 2147483647",
                        "messages[1] (line 7): reply_to_message_id \"5\" is not a whole number",
                        "messages[2] (line 8): reaction count 4294967297 is not a whole number from 0 to 2147483647",
                        "messages[3] (line 9): views \"many\" is not a whole number",
                        "messages[4] (line 10): date_unixtime \"99999999999999999\" is not a unix time in the years 1 to 9999",
                        "messages[5] (line 11): date_unixtime \"1e9\" is not a unix time",
                        "messages[6] (line 12): sender id \"user99999999999999999999\" is not of the form user123",
                        "messages[7] (line 13): sender id \"channel9223372036854775807\" is not of the form",
                        "messages[8] (line 14): text holds a lone UTF-16 surrogate (\\ud800 at character 5)",
                        "messages[9] (line 15): the message has a key twice (Duplicate field 'id'");
        assertThat(run.out()).contains("1 new").contains("11 bad lines");
        assertThat(Files.readString(home.resolve("logs/update.log")))
                .contains("messages[10] (line 16): not a JSON object");
        // the limits themselves are taken: a date before 1970, the largest channel id, the largest message id
        assertThat(Db.rows(
                        home.resolve("databases/c.db"),
                        "SELECT id, timestamp, date_iso, sender_id, reply_to_msg_id, message FROM messages"))
                .containsExactly("int:12 | int:-86400 | text:1969-12-31T00:00:00+00:00 | int:-4504599627370495 "
                        + "| int:2147483647 | text:pair 😀 ok");
    }

    @Test
    void aFileCutShortKeepsTheMessagesBeforeTheCut(@TempDir Path home) throws Exception {
        Path f = export(home, message(1, "one"), message(2, "two"));
        String whole = Files.readString(f);
        Files.writeString(f, whole.substring(0, whole.indexOf("{\"id\": 2") + 20));
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", f.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err()).contains("line 7: the file is not valid JSON (Unexpected end-of-input");
        assertThat(Db.rows(home.resolve("databases/c.db"), "SELECT id FROM messages"))
                .containsExactly("int:1");
    }

    @Test
    void aByteOrderMarkIsAccepted(@TempDir Path home) throws Exception {
        Path f = export(home, message(1, "with BOM"));
        byte[] body = Files.readAllBytes(f);
        try (var out = Files.newOutputStream(f)) {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            out.write(body);
        }
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", f.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(Db.rows(home.resolve("databases/c.db"), "SELECT id, message FROM messages"))
                .containsExactly("int:1 | text:with BOM");
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    /** An export with message 1 ("before"), then {@code head}, {@code body} and {@code tail} as message 2, then 3. */
    private static Path streamedExport(Path dir, String head, Body body, String tail) throws IOException {
        Path f = dir.resolve("streamed/result.json");
        Files.createDirectories(f.getParent());
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
            w.write("{\"name\": \"Test\", \"messages\": [" + message(1, "before") + ",\n" + head);
            body.write(w);
            w.write(tail + ",\n" + message(3, "after") + "]}\n");
        }
        return f;
    }

    @Test
    void aMessageOverTheSizeLimitIsRefusedAndTheNextOneImported(@TempDir Path home) throws Exception {
        // 3 MiB of small reactions: no single value is long, the message is
        Path f = streamedExport(
                home,
                "{\"id\": 2, \"type\": \"message\", \"text\": \"big\", \"reactions\": [",
                w -> {
                    for (int i = 0; i < 100_000; i++) {
                        w.write((i > 0 ? "," : "") + "{\"type\": \"emoji\", \"emoji\": \"👍\", \"count\": 1}");
                    }
                },
                "]}");
        assertThat(Files.size(f)).isGreaterThan(3L << 20);
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", f.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err())
                .contains("messages[1] (line 2): the message is longer than 1 MiB, the most one message " + "may take");
        assertThat(Db.rows(home.resolve("databases/c.db"), "SELECT id, message FROM messages ORDER BY id"))
                .containsExactly("int:1 | text:before", "int:3 | text:after");
    }

    @Test
    void nestingBeyondTheLimitEndsWithAMessageNotACrash(@TempDir Path home) throws Exception {
        // 200,000 levels used to end in a raw NullPointerException
        Path f = streamedExport(
                home,
                "{\"id\": 2, \"text\": ",
                w -> {
                    w.write("[".repeat(200_000));
                    w.write("]".repeat(200_000));
                },
                "}");
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", f.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err())
                .contains("line 2: the file breaks an import limit (Document nesting depth (1001) exceeds "
                        + "the maximum allowed (1000")
                .contains("so the messages from there on cannot be read; export the chat " + "again")
                .doesNotContain("Exception");
        assertThat(run.out()).contains("1 new").contains("1 bad lines");
        assertThat(Db.rows(home.resolve("databases/c.db"), "SELECT id FROM messages"))
                .isEqualTo(List.of("int:1"));
    }
}
