package dev.chatgeist.chart;

import dev.chatgeist.report.PdfReport;
import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fonts charts are drawn with: DejaVu Sans (regular and bold, from the jasperreports-fonts artifact, as the PDF
 * reports) first, then fallbacks for what it lacks - a CJK font and a monochrome emoji font where the machine has
 * them. Java2D draws a string in one font, so text is split into runs per character by {@link #fontFor}.
 *
 * @param regular   the primary face, size 1 (derive sizes from it)
 * @param bold      its bold face
 * @param fallbacks faces tried in order for characters the primary lacks
 */
public record ChartFonts(Font regular, Font bold, List<Font> fallbacks) {
    private static final String DEJAVU = "/net/sf/jasperreports/fonts/dejavu/";
    /** CJK fonts where Debian/Ubuntu packages and macOS put them; the smallest that covers Han, kana and Hangul first. */
    static final List<Path> KNOWN_CJK_FONTS = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
            Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
            Path.of("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
            Path.of("/System/Library/Fonts/PingFang.ttc"),
            Path.of("/System/Library/Fonts/Hiragino Sans GB.ttc"),
            Path.of("/System/Library/Fonts/STHeiti Light.ttc"),
            Path.of("/Library/Fonts/Arial Unicode.ttf"),
            Path.of("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"));

    public ChartFonts {
        fallbacks = List.copyOf(fallbacks);
    }

    /** DejaVu Sans plus the CJK and emoji fonts found on this machine ({@code emojiFont} as for the PDFs). */
    public static ChartFonts load(Optional<Path> emojiFont) {
        List<Font> fallbacks = new ArrayList<>();
        KNOWN_CJK_FONTS.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .flatMap(ChartFonts::file)
                .ifPresent(fallbacks::add);
        emojiFont.flatMap(ChartFonts::file).ifPresent(fallbacks::add);
        return new ChartFonts(classpath("DejaVuSans.ttf"), classpath("DejaVuSans-Bold.ttf"), fallbacks);
    }

    /** {@link #load} with the emoji font the PDFs would use ({@code CHATGEIST_PDF_EMOJI_FONT} unset). */
    public static ChartFonts installed() {
        return load(PdfReport.findEmojiFont(Optional.empty()));
    }

    /** The font that draws code point {@code cp}: the primary when it can, else the first fallback that can. */
    public Font fontFor(Font primary, int cp) {
        if (primary.canDisplay(cp)) {
            return primary;
        }
        for (Font f : fallbacks) {
            if (f.canDisplay(cp)) {
                return f.deriveFont(primary.getStyle(), primary.getSize2D());
            }
        }
        return primary;
    }

    /** Whether some font here draws every character of {@code text} (a test and a log line use it). */
    public boolean canDisplay(String text) {
        return text.codePoints()
                .allMatch(cp -> Character.isWhitespace(cp)
                        || Character.getType(cp) == Character.FORMAT
                        || regular.canDisplay(cp)
                        || fallbacks.stream().anyMatch(f -> f.canDisplay(cp)));
    }

    private static Font classpath(String file) {
        try (InputStream in = ChartFonts.class.getResourceAsStream(DEJAVU + file)) {
            if (in == null) {
                throw new IllegalStateException("font " + file + " missing from the classpath (jasperreports-fonts)");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException | FontFormatException e) {
            throw new IllegalStateException("cannot load font " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Font> file(Path p) {
        try {
            Font[] fonts = Font.createFonts(p.toFile());
            return fonts.length == 0 ? Optional.empty() : Optional.of(fonts[0]);
        } catch (IOException | FontFormatException e) {
            return Optional.empty(); // an unreadable optional font only costs its glyphs
        }
    }
}
