package dev.chatgeist.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.ChildCli;
import dev.chatgeist.testing.Db;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump of megabyte messages (each line under the 1 MiB limit) imports within the scheduled jobs' 64 MB heap:
 * the source's chunks and the writer's batches end at a size as well as at a count. Before they did, 100 such
 * rows waited in one 512-row chunk and the import died with an OutOfMemoryError.
 */
class LargeMessagesImportTest {
    @TempDir
    Path dir;

    @Test
    void megabyteMessagesImportWithinTheJobsHeap() throws Exception {
        Path dump = dir.resolve("big.jsonl");
        String text = "слово ".repeat(80_000); // 480,000 characters, 880,000 bytes of UTF-8: under the 1 MiB line limit
        try (BufferedWriter w = Files.newBufferedWriter(dump, StandardCharsets.UTF_8)) {
            for (int id = 1; id <= 100; id++) {
                w.write("{\"id\": " + id + ", \"date\": \"2024-01-01T00:00:00+00:00\", \"message\": \"" + id + " "
                        + text + "\", \"sender_id\": 1, \"sender_display_name\": \"A\", \"is_service\": false}\n");
            }
        }
        Path home = Files.createDirectories(dir.resolve("home"));
        Path out = dir.resolve("import.out");
        Process p = ChildCli.start(home, out, "import", "--chat", "big", dump.toString()); // runs with -Xmx64m
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the import ended").isTrue();
        assertThat(p.exitValue()).as(Files.readString(out)).isZero();
        assertThat(Files.readString(out)).doesNotContain("OutOfMemoryError");
        Path db = home.resolve("databases/big.db");
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM messages")).isEqualTo(100);
        assertThat(Db.scalar(db, "SELECT SUM(length(message)) FROM messages"))
                .isEqualTo(100L * text.length() + 9 * 2 + 90 * 3 + 4);
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH 'слово'"))
                .isEqualTo(100);
    }
}
