package dev.chatgeist.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.chart.ChartData;
import dev.chatgeist.chart.ChartFonts;
import dev.chatgeist.chart.ChartKind;
import dev.chatgeist.chart.ChartRenderer;
import dev.chatgeist.chart.ChartSpec;
import dev.chatgeist.testing.PdfContents;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** Renders real reports and reads them back with PDFBox. */
class PdfReportTest {
    static final String MD = """
            # Досьє: Олена Коваль 👍

            ## Активність
            - Повідомлень: **1 234**
            - Найактивніша година: _20:00_
            1. перше
            2. друге

            | Місяць | Повідомлень |
            |---|---|
            | 2025-01 | 410 |
            | 2025-02 | 824 |

            Посилання: [повідомлення](https://t.me/chat/42) і https://t.me/chat/43

            > Цитата з чату ❤️ 🔥

            `SELECT COUNT(*) FROM messages` — ґанок, їжак, «лапки»
            """;

    static Optional<java.nio.file.Path> emojiFont() {
        Optional<java.nio.file.Path> f = PdfReport.findEmojiFont(Optional.empty());
        assertThat(f)
                .as("an emoji font: run .ci/setup-bot.sh (installs fonts-symbola)")
                .isPresent();
        return f;
    }

    @Test
    void reportHasTheCyrillicTextTablesAndLinks() throws Exception {
        byte[] pdf = new PdfReport(emojiFont()).render("ChatGeist — chat", "2026-01-10", MD);
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains(
                            "Досьє: Олена Коваль",
                            "Активність",
                            "Повідомлень: 1 234",
                            "перше",
                            "2025-02",
                            "824",
                            "ґанок, їжак, «лапки»",
                            "Цитата з чату",
                            "SELECT COUNT(*) FROM messages");
            assertThat(text).contains("👍", "🔥", "❤");
            List<String> fonts = new ArrayList<>();
            List<String> links = new ArrayList<>();
            for (PDPage page : doc.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont f = page.getResources().getFont(name);
                    fonts.add(f.getName());
                }
                for (var a : page.getAnnotations()) {
                    if (a instanceof PDAnnotationLink l && l.getAction() instanceof PDActionURI uri) {
                        links.add(uri.getURI());
                    }
                }
            }
            assertThat(fonts)
                    .anyMatch(n -> n.contains("DejaVuSans"))
                    .anyMatch(n -> n.contains("DejaVuSans-Bold"))
                    .anyMatch(n -> n.contains("Symbola"));
            assertThat(links).contains("https://t.me/chat/42", "https://t.me/chat/43");
        }
    }

    @Test
    void rawHtmlAndControlCharactersCannotBreakTheReport() throws Exception {
        byte[] pdf = new PdfReport(Optional.empty())
                .render(
                        "t <b>",
                        "s & s",
                        "<script>alert(1)</script> текст \u0001 & <b>не тег</b> [x](javascript:alert(1))");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("<script>alert(1)</script> текст", "<b>не тег</b>");
        }
    }

    @Test
    void longAnswersFlowOverPages() throws Exception {
        StringBuilder md = new StringBuilder("# Довгий звіт\n\n| № | Текст |\n|---|---|\n");
        for (int i = 1; i <= 300; i++) {
            md.append("| ").append(i).append(" | рядок номер ").append(i).append(" |\n");
        }
        byte[] pdf = new PdfReport(Optional.empty()).render("t", "s", md.toString());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(3);
            assertThat(new PDFTextStripper().getText(doc)).contains("рядок номер 300");
        }
    }

    @Test
    void chartImagesAreEmbeddedWhereTheMarkdownPutsThem() throws Exception {
        ChartSpec spec = ChartSpec.inline(
                "Повідомлень на місяць",
                ChartKind.BAR,
                "",
                "",
                new ChartData(List.of("2025-01", "2025-02"), List.of(new ChartData.Series("n", List.of(3.0, 5.0)))));
        byte[] png = new ChartRenderer(ChartFonts.installed()).renderPng(spec, spec.data(), Locale.ROOT);
        String md = "# Звіт\n\nПерший абзац.\n\n![Повідомлень на місяць](chart:1)\n\nДругий абзац.\n\n"
                + "![немає](chart:9) ![зовнішнє](https://example.invalid/x.png)\n";
        byte[] pdf = new PdfReport(Optional.empty()).render("t", "s", md, Map.of("1", png));
        PdfContents read = PdfContents.read(pdf);
        assertThat(read.imageSizes())
                .as("one embedded chart; the unknown id and the web address are left out")
                .singleElement()
                .satisfies(size -> assertThat(size).containsExactly(ChartRenderer.WIDTH, ChartRenderer.HEIGHT));
        assertThat(read.text()).contains("Перший абзац.", "Другий абзац.");
        List<String> topDown = PdfContents.firstPageTopDown(pdf);
        assertThat(topDown).containsSubsequence("Перший абзац.", "image", "Другий абзац.");
    }
}
