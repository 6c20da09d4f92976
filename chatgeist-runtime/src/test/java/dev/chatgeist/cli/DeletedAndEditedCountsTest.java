package dev.chatgeist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.archive.Archive;
import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.archive.RefreshWriter;
import dev.chatgeist.testing.TestArchives;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stats} and {@code chats list} show how many archived messages were deleted and edited in Telegram. */
class DeletedAndEditedCountsTest {
    @TempDir
    Path home;

    @Test
    void statsAndChatsListShowTheSideTablesCounts() throws Exception {
        Path db = TestArchives.build(home.resolve("databases"), "c", 40);
        TestArchives.build(home.resolve("databases"), "quiet", 5);
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        try (Archive a = Archive.openForWrite(db, s -> {})) {
            List<MessageRow> rows = TestArchives.rows(a);
            for (int round = 0; round < 2; round++) { // message 1 edited twice: one edited message, two texts kept
                try (RefreshWriter w = a.refreshWriter(now.plusSeconds(round))) {
                    w.gone(List.of(3L, 5L, 7L));
                    w.current(TestArchives.withText(rows.get(0), "нова версія " + round));
                    w.current(TestArchives.withText(rows.get(1), "інша версія"));
                    w.finish();
                }
            }
        }
        TestCli cli = new TestCli(home);
        TestCli.Run stats = cli.run("stats", "--chat", "c");
        assertThat(stats.exitCode()).as(stats.all()).isZero();
        assertThat(stats.out())
                .contains("c: 40 messages, last id 40, ")
                .contains("  Deleted on Telegram (kept here): 3; edited: 2 (3 earlier texts kept)");
        TestCli.Run list = cli.run("chats", "list");
        assertThat(list.exitCode()).as(list.all()).isZero();
        assertThat(list.out())
                .containsPattern("ALIAS +TARGET +MESSAGES +LAST ID +FIRST +LAST +DELETED +EDITED")
                .containsPattern(
                        "\\bc +\\(not in targets\\.json\\) +40 +40 +2025-01-01 10:01 +2025-01-01 10:40 +3 +2\\b")
                .containsPattern(
                        "quiet +\\(not in targets\\.json\\) +5 +5 +2025-01-01 10:01 +2025-01-01 10:05 +0 +0\\b");
    }
}
