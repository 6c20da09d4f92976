package dev.chatgeist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.chart.ChartRenderer;
import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.PDFTextStripper;
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
        Path dump = Shared.generate(home.resolve("d.jsonl"), "-n", "5000", "--seed", "3", "--days", "300",
                "--start-date", "2024-01-01");
        cli = new TestCli(home);
        cli.run("chats", "add", "c", "@cccc_chat");
        assertThat(cli.run("import", "--chat", "c", dump.toString()).exitCode()).isZero();
        Path small = Shared.generate(home.resolve("s.jsonl"), "-n", "300", "--seed", "4", "--chat", "other_chat");
        assertThat(cli.run("import", "--chat", "other", small.toString()).exitCode()).isZero();
    }

    record Pdf(String text, List<PDImageXObject> images, List<String> links, int pages) {
    }

    static Pdf read(Path file) throws Exception {
        try (PDDocument doc = Loader.loadPDF(Files.readAllBytes(file))) {
            List<PDImageXObject> images = new ArrayList<>();
            List<String> links = new ArrayList<>();
            for (PDPage page : doc.getPages()) {
                for (COSName name : page.getResources().getXObjectNames()) {
                    if (page.getResources().getXObject(name) instanceof PDImageXObject img) {
                        images.add(img);
                    }
                }
                for (var a : page.getAnnotations()) {
                    if (a instanceof PDAnnotationLink l && l.getAction() instanceof PDActionURI uri) {
                        links.add(uri.getURI());
                    }
                }
            }
            return new Pdf(new PDFTextStripper().getText(doc), images, links, doc.getNumberOfPages());
        }
    }

    @Test
    void aChatReportHasItsFiguresChartsAndLinks() throws Exception {
        Path out = home.resolve("out/report.pdf");
        TestCli.Run run = cli.run("report", "--chat", "c", "-o", out.toString(), "--zone", "UTC");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains(out.toString()).contains(String.format("%,d messages", Db.scalar(home.resolve("databases/c.db"), "SELECT COUNT(*) FROM messages WHERE is_service = 0")));
        Pdf pdf = read(out);
        Path db = home.resolve("databases/c.db");
        long messages = Db.scalar(db, "SELECT COUNT(*) FROM messages WHERE is_service = 0");
        assertThat(pdf.text()).contains("ChatGeist report: c", "Totals", "Messages per month", "When people write",
                "Top senders", "Most reacted messages", "Most active threads", "New and gone senders",
                String.format("%,d", messages));
        String top = Db.rows(db, "SELECT MAX(sender_display_name) FROM messages WHERE is_service = 0 "
                + "GROUP BY sender_id ORDER BY COUNT(*) DESC, sender_id LIMIT 1").get(0).substring(5);
        assertThat(pdf.text()).contains(top);
        // four charts: months, weekday x hour, top senders, new and gone senders
        assertThat(pdf.images()).hasSize(4).allSatisfy(i -> assertThat(i.getWidth()).isEqualTo(ChartRenderer.WIDTH));
        String mostReacted = Db.rows(db, "SELECT permalink FROM messages WHERE is_service = 0 "
                + "ORDER BY reactions_count DESC, id LIMIT 1").get(0).substring(5);
        assertThat(pdf.links()).contains(mostReacted).allMatch(l -> l.startsWith("https://t.me/"));
    }

    @Test
    void inUkrainianForAPeriodAndForAllChats() throws Exception {
        Path uk = home.resolve("uk.pdf");
        TestCli.Run run = cli.run("report", "--chat", "c", "--from", "2024-03-01", "--to", "2024-03-31",
                "--lang", "uk", "-o", uk.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        Pdf pdf = read(uk);
        assertThat(pdf.text()).contains("Звіт ChatGeist: c", "Підсумки", "Найактивніші автори", "1 бер. 2024");
        Path all = home.resolve("all.pdf");
        assertThat(cli.run("report", "--all", "-o", all.toString()).exitCode()).isZero();
        Pdf both = read(all);
        assertThat(both.text()).contains("ChatGeist report: c, other");
        assertThat(both.images()).hasSize(8);
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
        TestCli.Run empty = cli.run("report", "--chat", "c", "--from", "2030-01-01", "-o",
                home.resolve("empty.pdf").toString());
        assertThat(empty.exitCode()).as(empty.all()).isZero();
        assertThat(empty.out()).contains(": 0 messages");
    }
}
