package dev.chatgeist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `import` does with a file before any archive exists: refuse foreign JSON, and say how update can continue. */
class ImportFormatTest {
    @TempDir
    Path home;

    @Test
    void jsonThatIsNeitherADumpNorAnExportIsRefusedBeforeAnyArchiveExists() throws Exception {
        TestCli cli = new TestCli(home);
        Path settings = Files.writeString(home.resolve("settings.json"), "{\"theme\": \"dark\", \"size\": [1, 2]}\n");
        TestCli.Run r = cli.run("import", "--chat", "oops", settings.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("unrecognised format, nothing imported")
                .contains("each with an \"id\"")
                .contains("Export chat history");
        Path objects = Files.writeString(home.resolve("other.jsonl"), "{\"a\": 1}\n{\"b\": 2}\n");
        assertThat(cli.run("import", "--chat", "oops", objects.toString()).exitCode())
                .isEqualTo(2);
        assertThat(home.resolve("databases/oops.db")).doesNotExist();
        assertThat(cli.run("chats", "list").out()).doesNotContain("oops");
    }

    @Test
    void aDumpWhoseFirstLineHasNoIdIsStillADump() throws Exception {
        Path dump = Files.writeString(
                home.resolve("dump.json"),
                "{\"text\": \"a line the converter skips\"}\n"
                        + "{\"id\": 7, \"date\": \"2024-01-01T10:00:00+00:00\", \"text\": \"hi\", \"sender_id\": 1}\n");
        TestCli.Run r = new TestCli(home).run("import", "--chat", "dump", dump.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(home.resolve("databases/dump.db")).exists();
    }

    @Test
    void aDesktopExportSuggestsTheChatsMarkedIdSoThatUpdateCanContinueIt() throws Exception {
        Path export = home.resolve("result.json");
        try (var in = getClass().getResourceAsStream("/desktop/result.json")) {
            Files.write(export, in.readAllBytes());
        }
        TestCli.Run r = new TestCli(home).run("import", "--chat", "valencia", export.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.err())
                .contains("note: valencia is not in targets.json")
                .contains("chatgeist chats add valencia -1001234567890");
    }
}
