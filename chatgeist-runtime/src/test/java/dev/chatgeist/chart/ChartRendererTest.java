package dev.chatgeist.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Looks at the rendered pictures: their size, a plot area with drawn data, every label drawn (through the
 * renderer's text hook) in a font that has its glyphs - Cyrillic, CJK and emoji included - and the samples on
 * Telegram's light and dark chat backgrounds written to target/chart-samples for a person to look at.
 */
class ChartRendererTest {
    static final Locale UK = Locale.forLanguageTag("uk");
    /** Telegram's chat backgrounds: the default light theme and the night theme. */
    static final Color TELEGRAM_LIGHT = new Color(0xFFFFFF);

    static final Color TELEGRAM_DARK = new Color(0x0E1621);

    static ChartFonts fonts;

    @BeforeAll
    static void fonts() {
        fonts = ChartFonts.installed();
        assertThat(ChartFonts.KNOWN_CJK_FONTS)
                .as("a CJK font: run .ci/setup-bot.sh (installs fonts-wqy-microhei)")
                .anyMatch(Files::isRegularFile);
        assertThat(fonts.fallbacks())
                .as("the CJK and emoji fallbacks (.ci/setup-bot.sh)")
                .hasSize(2);
    }

    record Drawn(String text, Font font) {}

    static List<Drawn> render(ChartSpec spec, Locale locale, List<BufferedImage> image) throws Exception {
        List<Drawn> drawn = new ArrayList<>();
        byte[] png =
                new ChartRenderer(fonts).renderPng(spec, spec.data(), locale, (t, f) -> drawn.add(new Drawn(t, f)));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        image.add(ImageIO.read(new ByteArrayInputStream(png)));
        return drawn;
    }

    static String all(List<Drawn> drawn) {
        StringBuilder sb = new StringBuilder();
        drawn.forEach(d -> sb.append(d.text()).append('\n'));
        return sb.toString();
    }

    @Test
    void everyKindDrawsItsDataAndLabelsInFontsThatHaveTheGlyphs() throws Exception {
        Path samples = Path.of("target/chart-samples");
        Files.createDirectories(samples);
        for (ChartSpec spec : ChartSamples.all()) {
            List<BufferedImage> img = new ArrayList<>();
            List<Drawn> drawn = render(spec, UK, img);
            BufferedImage image = img.get(0);
            assertThat(image.getWidth()).isEqualTo(ChartRenderer.WIDTH);
            assertThat(image.getHeight()).isEqualTo(ChartRenderer.HEIGHT);
            // the data is drawn: a good share of the middle of the picture is in the chart's colours
            assertThat(dataPixels(image))
                    .as(spec.kind() + ": coloured data pixels in the plot area")
                    .isGreaterThan(spec.kind() == ChartKind.LINE ? 0.01 : 0.04);
            String text = all(drawn);
            assertThat(text).contains(spec.title());
            if (!spec.yLabel().isEmpty()) {
                assertThat(text).contains(spec.yLabel());
            }
            for (Drawn d : drawn) {
                assertThat(d.font().canDisplayUpTo(d.text()))
                        .as("'" + d.text() + "' in " + d.font().getFontName() + " has every glyph")
                        .isEqualTo(-1);
            }
            for (Color bg : List.of(TELEGRAM_LIGHT, TELEGRAM_DARK)) {
                ImageIO.write(
                        onBackground(image, bg),
                        "png",
                        samples.resolve(spec.kind().jsonName() + "-on-" + (bg == TELEGRAM_DARK ? "dark" : "light")
                                        + ".png")
                                .toFile());
            }
        }
    }

    @Test
    void theDataPixelMeasureSeesAnEmptyPlot() throws Exception {
        ChartSpec zeros = ChartSpec.inline(
                "Нічого",
                ChartKind.BAR,
                "",
                "",
                new ChartData(List.of("a", "b", "c"), List.of(new ChartData.Series("n", List.of(0.0, 0.0, 0.0)))));
        List<BufferedImage> img = new ArrayList<>();
        render(zeros, UK, img);
        assertThat(dataPixels(img.get(0))).isLessThan(0.002);
    }

    @Test
    void cyrillicCjkAndEmojiLabelsAreDrawnFromFontsThatHaveThem() throws Exception {
        List<Drawn> drawn = render(ChartSamples.topSenders(), UK, new ArrayList<>());
        assertThat(drawn).anySatisfy(d -> {
            assertThat(d.text()).isEqualTo("田中太郎");
            assertThat(d.font().getFamily()).isNotEqualTo("DejaVu Sans");
        });
        assertThat(drawn).anySatisfy(d -> assertThat(d.text()).isEqualTo("김민준"));
        assertThat(drawn).anySatisfy(d -> {
            assertThat(d.text()).isEqualTo("Олена Коваль");
            assertThat(d.font().getFamily()).isEqualTo("DejaVu Sans");
        });
        // the emoji in a name is its own run in the emoji font, the Cyrillic around it stays in DejaVu Sans
        assertThat(drawn).anySatisfy(d -> {
            assertThat(d.text()).isEqualTo("🚀 ");
            assertThat(d.font().getFontName()).containsIgnoringCase("Symbola");
        });
        assertThat(drawn).anySatisfy(d -> {
            assertThat(d.text()).isEqualTo("Шевчук");
            assertThat(d.font().getFamily()).isEqualTo("DejaVu Sans");
        });
    }

    @Test
    void longLabelsAreShortenedAndNumbersFollowTheLanguage() throws Exception {
        String uk = all(render(ChartSamples.topSenders(), UK, new ArrayList<>()));
        assertThat(uk).doesNotContain("von Habsburg").containsPattern("Alexandra Konstantinopol\\S*…");
        assertThat(uk).contains("12\u00A0345").contains("6\u00A0172,5");
        String en = all(render(ChartSamples.topSenders(), Locale.ENGLISH, new ArrayList<>()));
        assertThat(en).contains("12,345").contains("6,172.5");
    }

    @Test
    void monthsOnATimeAxisAreNamedInTheLanguage() throws Exception {
        String uk = all(render(ChartSamples.monthlyLine(), UK, new ArrayList<>()));
        assertThat(uk).containsPattern("(січ|кві|лип|жов|гру|сер|кві)\\S* 202[3-5]");
        String en = all(render(ChartSamples.monthlyLine(), Locale.ENGLISH, new ArrayList<>()));
        assertThat(en).containsPattern("(Jan|Apr|Jul|Oct|Dec|Aug) 202[3-5]");
    }

    @Test
    void fallbackFontsCoverTheScriptsChatsUse() {
        assertThat(fonts.canDisplay("Олена ґанок їжак")).isTrue();
        assertThat(fonts.canDisplay("田中太郎 こんにちは 김민준")).isTrue();
        assertThat(fonts.canDisplay("👍🔥🚀")).isTrue();
        assertThat(fonts.regular().canDisplayUpTo("田中"))
                .as("DejaVu alone lacks CJK: the fallback matters")
                .isEqualTo(0);
    }

    /** Share of the plot's middle area (where bars, lines and cells are) in saturated, non-grey colours. */
    static double dataPixels(BufferedImage image) {
        int coloured = 0;
        int total = 0;
        for (int y = image.getHeight() / 6; y < image.getHeight() * 5 / 6; y += 2) {
            for (int x = image.getWidth() / 5; x < image.getWidth() * 9 / 10; x += 2) {
                Color c = new Color(image.getRGB(x, y));
                float[] hsb = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
                if (hsb[1] > 0.15f) {
                    coloured++;
                }
                total++;
            }
        }
        return (double) coloured / total;
    }

    /** The chart as a chat shows it: on the chat's background with a margin around. */
    static BufferedImage onBackground(BufferedImage chart, Color background) {
        BufferedImage out =
                new BufferedImage(chart.getWidth() + 80, chart.getHeight() + 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(chart, 40, 40, null);
        g.dispose();
        return out;
    }
}
