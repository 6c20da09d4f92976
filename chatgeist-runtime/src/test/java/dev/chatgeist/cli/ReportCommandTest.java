package dev.chatgeist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.chart.ChartRenderer;
import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.PdfContents;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `chatgeist report` on an imported archive, the PDF read back with PDFBox. */
class ReportCommandTest {
    @TempDir
    static Path home;

    static TestCli cli;

    @BeforeAll
    static void archive() throws Exception {
        Path dump = Shared.generate(
                home.resolve("d.jsonl"), "-n", "5000", "--seed", "3", "--days", "300", "--start-date", "2024-01-01");
        cli = new TestCli(home);
        cli.run("chats", "add", "c", "@cccc_chat");
        assertThat(cli.run("import", "--chat", "c", dump.toString()).exitCode()).isZero();
        Path small = Shared.generate(home.resolve("s.jsonl"), "-n", "300", "--seed", "4", "--chat", "other_chat");
        assertThat(cli.run("import", "--chat", "other", small.toString()).exitCode())
                .isZero();
    }

    static PdfContents read(Path file) throws Exception {
        return PdfContents.read(Files.readAllBytes(file));
    }

    @Test
    void aChatReportHasItsFiguresChartsAndLinks() throws Exception {
        Path out = home.resolve("out/report.pdf");
        TestCli.Run run = cli.run("report", "--chat", "c", "-o", out.toString(), "--zone", "UTC");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out())
                .contains(out.toString())
                .contains(String.format(
                        "%,d messages",
                        Db.scalar(
                                home.resolve("databases/c.db"), "SELECT COUNT(*) FROM messages WHERE is_service = 0")));
        PdfContents pdf = read(out);
        Path db = home.resolve("databases/c.db");
        long messages = Db.scalar(db, "SELECT COUNT(*) FROM messages WHERE is_service = 0");
        assertThat(pdf.text())
                .contains(
                        "ChatGeist report: c",
                        "Totals",
                        "Messages per month",
                        "When people write",
                        "Top senders",
                        "Most reacted messages",
                        "Most active threads",
                        "New and gone senders",
                        String.format("%,d", messages));
        String top = Db.rows(
                        db,
                        "SELECT MAX(sender_display_name) FROM messages WHERE is_service = 0 "
                                + "GROUP BY sender_id ORDER BY COUNT(*) DESC, sender_id LIMIT 1")
                .get(0)
                .substring(5);
        assertThat(pdf.text()).contains(top);
        // four charts: months, weekday x hour, top senders, new and gone senders
        assertThat(pdf.imageSizes()).hasSize(4).allSatisfy(i -> assertThat(i[0]).isEqualTo(ChartRenderer.WIDTH));
        String mostReacted = Db.rows(
                        db,
                        "SELECT permalink FROM messages WHERE is_service = 0 "
                                + "ORDER BY reactions_count DESC, id LIMIT 1")
                .get(0)
                .substring(5);
        assertThat(pdf.links()).contains(mostReacted).allMatch(l -> l.startsWith("https://t.me/"));
    }

    @Test
    void inUkrainianForAPeriodAndForAllChats() throws Exception {
        Path uk = home.resolve("uk.pdf");
        TestCli.Run run = cli.run(
                "report",
                "--chat",
                "c",
                "--from",
                "2024-03-01",
                "--to",
                "2024-03-31",
                "--lang",
                "uk",
                "-o",
                uk.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        PdfContents pdf = read(uk);
        assertThat(pdf.text()).contains("Звіт ChatGeist: c", "Підсумки", "Найактивніші автори", "1 бер. 2024");
        Path all = home.resolve("all.pdf");
        assertThat(cli.run("report", "--all", "-o", all.toString()).exitCode()).isZero();
        PdfContents both = read(all);
        assertThat(both.text()).contains("ChatGeist report: c, other");
        assertThat(both.imageSizes()).hasSize(8);
    }

    @Test
    void badOptionsAreExplained() {
        TestCli.Run unknown = cli.run("report", "--chat", "zzz");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown chat 'zzz'");
        TestCli.Run date = cli.run("report", "--chat", "c", "--from", "1.2.2024");
        assertThat(date.err()).contains("--from '1.2.2024' is not a date; write it as YYYY-MM-DD");
        TestCli.Run order = cli.run("report", "--chat", "c", "--from", "2024-03-01", "--to", "2024-02-01");
        assertThat(order.err()).contains("before --from");
        TestCli.Run both = cli.run("report", "--chat", "c", "--all");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        TestCli.Run zone = cli.run("report", "--chat", "c", "--zone", "Mars/Olympus");
        assertThat(zone.err()).contains("unknown time zone 'Mars/Olympus'");
        TestCli.Run empty = cli.run(
                "report",
                "--chat",
                "c",
                "--from",
                "2030-01-01",
                "-o",
                home.resolve("empty.pdf").toString());
        assertThat(empty.exitCode()).as(empty.all()).isZero();
        assertThat(empty.out()).contains(": 0 messages");
    }
}
