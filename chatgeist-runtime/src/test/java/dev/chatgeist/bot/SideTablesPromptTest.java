package dev.chatgeist.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.archive.Archive;
import dev.chatgeist.archive.RefreshWriter;
import dev.chatgeist.sql.SqlLimits;
import dev.chatgeist.sql.SqlResult;
import dev.chatgeist.sql.SqlSandbox;
import dev.chatgeist.testing.TestArchives;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "What was deleted?" / "what was edited?": the prompts tell the model about the side tables, and the queries they
 * show run in the bot's read-only SQL sandbox (real worker processes) on a real archive and find the recorded rows.
 */
class SideTablesPromptTest {
    @TempDir
    Path dir;

    @Test
    void thePromptsShowTheSideTablesAndTheirQueriesAnswerInTheSandbox() throws Exception {
        Path dbs = dir.resolve("databases");
        Path db = TestArchives.build(dbs, "chat", 30);
        try (Archive a = Archive.openForWrite(db, s -> {});
                RefreshWriter w = a.refreshWriter(Instant.parse("2026-12-03T12:00:00Z"))) {
            w.gone(List.of(4L, 9L));
            w.current(TestArchives.withText(TestArchives.rows(a).get(1), "виправлений текст"));
            w.finish();
        }

        String prompt = new Prompts(dir.resolve("prompts")).system(Skill.SEARCH, List.of("chat"), LocalDate.now());
        assertThat(prompt)
                .contains("CREATE TABLE IF NOT EXISTS deleted_messages", "CREATE TABLE IF NOT EXISTS message_edits")
                .contains("What was deleted:", "What was edited:");
        List<String> sideQueries = Pattern.compile("`(SELECT [^`]*)`")
                .matcher(prompt)
                .results()
                .map(m -> m.group(1))
                .filter(q -> q.contains("deleted_messages d") || q.contains("message_edits e"))
                .toList();
        assertThat(sideQueries).hasSize(2);

        try (SqlSandbox sandbox = new SqlSandbox(dbs, SqlLimits.DEFAULT)) {
            SqlResult deleted = sandbox.query("chat", Set.of("chat"), sideQueries.get(0), () -> false);
            assertThat(deleted.rows()).extracting(r -> r.get(0)).containsExactly("9", "4");
            assertThat(deleted.rows().get(0).get(4)).isEqualTo("2026-12-03 12:00:00");
            SqlResult edited = sandbox.query("chat", Set.of("chat"), sideQueries.get(1), () -> false);
            assertThat(edited.rows()).hasSize(1);
            assertThat(edited.rows().get(0))
                    .containsExactly(
                            "2",
                            TestArchives.TARAS.name(),
                            "2026-12-03 12:00:00",
                            "Раджу кафе Ruzafa Coffee, там смачно #2",
                            "виправлений текст");
        }
    }
}
