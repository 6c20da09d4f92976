package dev.chatgeist.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Telegram Desktop "Export chat history" (machine-readable JSON) imported through the real CLI. */
class DesktopExportSourceTest {
    private static Path fixture(Path dir) throws Exception {
        Path f = dir.resolve("export/result.json");
        Files.createDirectories(f.getParent());
        Files.copy(Objects.requireNonNull(DesktopExportSourceTest.class.getResourceAsStream("/desktop/result.json")), f);
        return f;
    }

    @Test
    void importsEveryFieldTheExportCarries(@TempDir Path home) throws Exception {
        Path export = fixture(home);
        TestCli cli = new TestCli(home);
        assertThat(cli.run("chats", "add", "valencia", "@ua_valencia").exitCode()).isZero();
        TestCli.Run run = cli.run("import", "--chat", "valencia", export.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("valencia: 6 new");

        Path db = home.resolve("databases/valencia.db");
        assertThat(Db.rows(db, "SELECT id, timestamp, date_iso, message, sender_id, sender_username, sender_display_name, "
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
        TestCli.Run again = cli.run("import", "--chat", "valencia", export.getParent().toString());
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
        assertThat(run.err()).contains("unrecognised format").contains("messages.jsonl").contains("result.json");
    }
}
