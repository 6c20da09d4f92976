package dev.chatgeist.report;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders an answer's Markdown (headings, lists, tables, links, code) as a PDF report. Text is set in DejaVu Sans,
 * which covers Latin, Cyrillic and many symbols and comes from a Maven artifact (jasperreports-fonts), so nothing
 * depends on the fonts of the machine. Emoji that DejaVu lacks are drawn from an emoji-capable monochrome font when
 * one is installed ({@code CHATGEIST_PDF_EMOJI_FONT}, or Symbola from Debian/Ubuntu's fonts-symbola); without one
 * they are left out of the PDF's glyphs, the text stays searchable.
 */
public final class PdfReport {
    private static final String DEJAVU = "/net/sf/jasperreports/fonts/dejavu/";
    /** How Markdown names an embedded image: {@code ![caption](chart:ID)}. */
    public static final String CHART_SCHEME = "chart:";
    /** Monochrome fonts with broad emoji coverage, where their packages install them. */
    static final List<Path> KNOWN_EMOJI_FONTS = List.of(
            Path.of("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"),
            Path.of("/usr/share/fonts/TTF/Symbola.ttf"),
            Path.of("/usr/share/fonts/truetype/noto/NotoEmoji-Regular.ttf"),
            Path.of("/Library/Fonts/Symbola.ttf"));

    private final List<Extension> extensions;
    private final Parser parser;
    private final Optional<Path> emojiFont;

    public PdfReport(Optional<Path> emojiFont) {
        List<Extension> ext =
                List.of(TablesExtension.create(), StrikethroughExtension.create(), AutolinkExtension.create());
        this.extensions = ext;
        this.parser = Parser.builder().extensions(ext).build();
        this.emojiFont = emojiFont;
        XRLog.setLoggingEnabled(false); // the renderer's INFO chatter would flood the bot's console
    }

    /** The emoji font to use: the configured file if it exists, else the first known one installed. */
    public static Optional<Path> findEmojiFont(Optional<String> configured) {
        if (configured.isPresent()) {
            Path p = Path.of(configured.get());
            return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
        }
        return KNOWN_EMOJI_FONTS.stream().filter(Files::isRegularFile).findFirst();
    }

    /** The emoji font the PDFs use, for charts drawn for them. */
    public Optional<Path> emojiFont() {
        return emojiFont;
    }

    public boolean hasEmojiFont() {
        return emojiFont.isPresent();
    }

    /** The PDF of {@code markdown} under {@code title}. */
    public byte[] render(String title, String subtitle, String markdown) {
        return render(title, subtitle, markdown, Map.of());
    }

    /**
     * The PDF of {@code markdown} under {@code title}, with the PNG images the Markdown names as
     * {@code ![caption](chart:ID)} taken from {@code images} by ID and drawn where they stand, as wide as the page
     * allows. Images the map lacks, and every other image address, are left out: a report never fetches anything.
     */
    public byte[] render(String title, String subtitle, String markdown, Map<String, byte[]> images) {
        HtmlRenderer withImages = HtmlRenderer.builder()
                .extensions(extensions)
                .escapeHtml(true)
                .sanitizeUrls(true)
                .attributeProviderFactory(context -> new EmbeddedImages(images))
                .build();
        String body = withImages.render(parser.parse(clean(markdown)));
        String html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/><title>" + escape(title)
                + "</title><style>" + CSS + "</style></head><body>"
                + "<div class=\"title\">" + escape(title) + "</div><div class=\"subtitle\">" + escape(subtitle)
                + "</div>" + body + "</body></html>";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            b.withHtmlContent(html, null);
            b.withProducer("ChatGeist");
            font(b, "DejaVuSans.ttf", "DejaVu Sans", 400, BaseRendererBuilder.FontStyle.NORMAL);
            font(b, "DejaVuSans-Bold.ttf", "DejaVu Sans", 700, BaseRendererBuilder.FontStyle.NORMAL);
            font(b, "DejaVuSans-Oblique.ttf", "DejaVu Sans", 400, BaseRendererBuilder.FontStyle.ITALIC);
            font(b, "DejaVuSans-BoldOblique.ttf", "DejaVu Sans", 700, BaseRendererBuilder.FontStyle.ITALIC);
            font(b, "DejaVuSansMono.ttf", "DejaVu Sans Mono", 400, BaseRendererBuilder.FontStyle.NORMAL);
            font(b, "DejaVuSansMono-Bold.ttf", "DejaVu Sans Mono", 700, BaseRendererBuilder.FontStyle.NORMAL);
            if (emojiFont.isPresent()) {
                Path f = emojiFont.get();
                for (int weight : new int[] {400, 700}) {
                    for (var style :
                            List.of(BaseRendererBuilder.FontStyle.NORMAL, BaseRendererBuilder.FontStyle.ITALIC)) {
                        b.useFont(f.toFile(), "Emoji", weight, style, true);
                    }
                }
            }
            b.toStream(out);
            b.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the PDF report", e);
        }
        return out.toByteArray();
    }

    /** Points {@code <img>} at a data: URI of the image its {@code chart:ID} address names, or at nothing. */
    private record EmbeddedImages(Map<String, byte[]> images) implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
            if (node instanceof Image image) {
                String url = image.getDestination();
                byte[] png = url.startsWith(CHART_SCHEME) ? images.get(url.substring(CHART_SCHEME.length())) : null;
                if (png == null) {
                    attributes.remove("src");
                } else {
                    attributes.put(
                            "src",
                            "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
                    attributes.put("class", "chart");
                }
            }
        }
    }

    private static void font(
            PdfRendererBuilder b, String file, String family, int weight, BaseRendererBuilder.FontStyle style) {
        b.useFont(
                () -> {
                    InputStream in = PdfReport.class.getResourceAsStream(DEJAVU + file);
                    if (in == null) {
                        throw new IllegalStateException(
                                "font " + file + " missing from the classpath (jasperreports-fonts)");
                    }
                    return in;
                },
                family,
                weight,
                style,
                true);
    }

    /**
     * Drops characters that only steer presentation and that no font draws (emoji variation selectors, zero-width
     * joiners), and controls XML cannot hold.
     */
    static String clean(String markdown) {
        StringBuilder sb = new StringBuilder(markdown.length());
        markdown.codePoints().forEach(cp -> {
            boolean control = cp < 0x20 && cp != '\n' && cp != '\t';
            if (!control && cp != 0xFE0F && cp != 0xFE0E && cp != 0x200D && cp != 0xFFFE && cp != 0xFFFF) {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString().replace("\r", "");
    }

    private static String escape(String s) {
        return clean(s).replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static final String CSS = """
            @page { size: A4; margin: 18mm 16mm 18mm 16mm;
              @bottom-right { content: counter(page) " / " counter(pages); font-family: 'DejaVu Sans'; font-size: 8pt; color: #888; } }
            body { font-family: 'DejaVu Sans', 'Emoji'; font-size: 10.5pt; line-height: 1.45; color: #222; }
            .title { font-size: 19pt; font-weight: bold; color: #1a4d8f; }
            .subtitle { font-size: 9pt; color: #777; margin-bottom: 12pt; border-bottom: 1px solid #ccc; padding-bottom: 6pt; }
            h1, h2, h3 { page-break-after: avoid; }
            h1 { font-size: 16pt; color: #1a4d8f; margin: 14pt 0 6pt 0; }
            h2 { font-size: 13.5pt; color: #1a4d8f; margin: 12pt 0 5pt 0; }
            h3, h4, h5, h6 { font-size: 11.5pt; margin: 10pt 0 4pt 0; }
            p { margin: 0 0 7pt 0; }
            ul, ol { margin: 0 0 7pt 0; padding-left: 18pt; }
            li { margin-bottom: 2pt; }
            a { color: #1a5fb4; text-decoration: none; }
            code { font-family: 'DejaVu Sans Mono', 'Emoji'; font-size: 9pt; background: #f3f3f3; }
            pre { font-family: 'DejaVu Sans Mono', 'Emoji'; font-size: 8.5pt; background: #f6f6f6; padding: 6pt; white-space: pre-wrap; }
            blockquote { margin: 0 0 7pt 0; padding-left: 8pt; border-left: 3px solid #c8d6e8; color: #555; }
            table { border-collapse: collapse; margin: 4pt 0 9pt 0; width: 100%; -fs-table-paginate: paginate; }
            th, td { border: 1px solid #bbb; padding: 3pt 5pt; vertical-align: top; font-size: 9.5pt; }
            th { background: #e9eff7; }
            tr { page-break-inside: avoid; }
            hr { border: none; border-top: 1px solid #ccc; }
            img.chart { width: 100%; margin: 4pt 0 8pt 0; page-break-inside: avoid; }
            """;

    /** For logs and docs: which fonts a report uses. */
    public List<String> fontNames() {
        List<String> names = new ArrayList<>(List.of("DejaVu Sans", "DejaVu Sans Mono"));
        emojiFont.ifPresent(p -> names.add(p.getFileName().toString()));
        return names;
    }
}
