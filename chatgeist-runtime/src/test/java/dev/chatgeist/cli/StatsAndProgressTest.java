package dev.chatgeist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsAndProgressTest {
    @TempDir
    Path home;

    @Test
    void statsShowTotalsTopSendersAndMonthsComputedFromTheArchive() throws Exception {
        Path dump = Shared.generate(
                home.resolve("d.jsonl"), "-n", "3000", "--seed", "8", "--days", "90", "--start-date", "2024-01-01");
        TestCli cli = new TestCli(home);
        cli.run("chats", "add", "c", "@cccc_chat");
        cli.run("chats", "add", "empty", "@empty_chat");
        assertThat(cli.run("import", "--chat", "c", dump.toString()).exitCode()).isZero();
        TestCli.Run run = cli.run("stats", "--top", "3");
        assertThat(run.exitCode()).as(run.all()).isZero();
        Path db = home.resolve("databases/c.db");
        assertThat(run.out())
                .contains("c: 3,000 messages, last id " + Db.scalar(db, "SELECT MAX(id) FROM messages"))
                .contains("empty: no archive yet")
                .contains("Top senders:")
                .contains("Messages per month:");
        // the top sender and month counts are the archive's
        String topName = Db.rows(
                        db,
                        "SELECT MAX(sender_display_name) FROM messages WHERE is_service = 0 "
                                + "GROUP BY sender_id ORDER BY COUNT(*) DESC, sender_id LIMIT 1")
                .get(0)
                .substring(5);
        long topCount = Db.scalar(
                db,
                "SELECT COUNT(*) AS n FROM messages WHERE is_service = 0 GROUP BY sender_id "
                        + "ORDER BY n DESC LIMIT 1");
        assertThat(run.out())
                .containsPattern(
                        "1 +" + java.util.regex.Pattern.quote(topName) + ".* +" + String.format("%,d", topCount));
        long jan = Db.scalar(db, "SELECT COUNT(*) FROM messages WHERE date_iso LIKE '2024-01%'");
        assertThat(run.out()).containsPattern("2024-01 +" + String.format("%,d", jan) + " +#+");
        assertThat(run.out().lines().filter(l -> l.matches(" +\\d+ .*")).count())
                .isEqualTo(3);

        TestCli.Run unknown = cli.run("stats", "--chat", "zzz");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown chat 'zzz'");
    }

    @Test
    void progressIsShownOnATerminalOnly() throws Exception {
        Path dump = Shared.generate(home.resolve("d.jsonl"), "-n", "20000", "--seed", "2");
        TestCli.Run onTerminal = new TestCli(home).terminal(true).run("import", "--chat", "a", dump.toString());
        assertThat(onTerminal.err())
                .containsPattern("\ra: [\\d,]+ messages +[\\d,]+/s")
                .doesNotContain("\u001b[");
        TestCli.Run offTerminal = new TestCli(home).terminal(false).run("import", "--chat", "b", dump.toString());
        assertThat(offTerminal.err()).doesNotContain("\r").doesNotContain("messages ");
        assertThat(offTerminal.out()).contains("b: 20,000 new");
        for (String line : Files.readAllLines(home.resolve("logs/update.log"))) {
            assertThat(line).doesNotContain("\u001b[").matches("\\S+ (INFO|WARN|ERROR) \\S+ .*");
        }
    }

    @Test
    void sameFileTwiceGivesTheSameArchive() throws Exception {
        Path dump = Shared.generate(home.resolve("d.jsonl"), "-n", "2500", "--seed", "12", "--dirty", "0.05");
        TestCli cli = new TestCli(home);
        cli.run("import", "--chat", "c", dump.toString());
        Path db = home.resolve("databases/c.db");
        var first = Db.messages(db);
        var ftsFirst =
                Db.rows(db, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'так OR yes' ORDER BY rowid");
        TestCli.Run again = cli.run("import", "--chat", "c", dump.toString());
        // the dirty dump repeats some ids with edited text: they are written twice per run, ending as before
        assertThat(again.out()).contains("c: 0 new,");
        assertThat(Db.messages(db)).isEqualTo(first);
        assertThat(Db.rows(db, "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'так OR yes' ORDER BY rowid"))
                .isEqualTo(ftsFirst)
                .isNotEmpty();
        Db.assertSearchIndexConsistent(db);
    }
}
