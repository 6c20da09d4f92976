package dev.chatgeist.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.sql.SqlLimits;
import dev.chatgeist.sql.SqlSandbox;
import dev.chatgeist.testing.TestArchives;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specs with queries, run through the real SQL sandbox on a real archive. */
class ChartMakerTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static ChartMaker maker;
    static SqlSandbox sandbox;

    @BeforeAll
    static void archive() {
        Path dbs = dir.resolve("databases");
        TestArchives.build(dbs, "chat", 3000);
        TestArchives.build(dbs, "other", 10);
        sandbox = new SqlSandbox(dbs, ChartMaker.sqlLimits(SqlLimits.DEFAULT));
        maker = new ChartMaker(
                sandbox,
                Set.of("chat"),
                () -> false,
                new ChartRenderer(ChartFonts.installed()),
                Locale.forLanguageTag("uk"));
    }

    static Chart make(String spec) throws Exception {
        return maker.make(JSON.readTree(spec));
    }

    @Test
    void aQueryBecomesAPicture() throws Exception {
        Chart c = make("""
                {"title": "Хто пише", "kind": "horizontal_bar", "database": "chat",
                 "sql": "SELECT sender_display_name, COUNT(*) AS n FROM messages GROUP BY 1 ORDER BY 2 DESC"}""");
        assertThat(c.rows()).isEqualTo(3);
        assertThat(c.title()).isEqualTo("Хто пише");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(c.png()));
        assertThat(img.getWidth()).isEqualTo(c.width());
        assertThat(img.getHeight()).isEqualTo(c.height());
        assertThat(ChartRendererTest.dataPixels(img)).isGreaterThan(0.04);
    }

    @Test
    void aWeekdayHourHeatmapNeedsOnly168RowsAndNamesTheDays() throws Exception {
        // the only archive allowed is used when the spec names none
        Chart c = make("""
                {"title": "Коли пишуть", "kind": "heatmap",
                 "sql": "SELECT strftime('%w', date_iso), strftime('%H', date_iso), COUNT(*) FROM messages GROUP BY 1, 2"}""");
        assertThat(c.rows()).isEqualTo(24);
        ChartData data = ChartData.fromSql(
                ChartKind.HEATMAP,
                sandbox.query(
                        "chat",
                        Set.of("chat"),
                        "SELECT strftime('%w', date_iso), strftime('%H', date_iso), COUNT(*) FROM messages GROUP BY 1, 2",
                        () -> false),
                Locale.forLanguageTag("uk"));
        assertThat(data.series())
                .extracting(ChartData.Series::name)
                .containsExactly("пн", "вт", "ср", "чт", "пт", "сб", "нд");
        assertThat(data.labels()).hasSize(24).startsWith("0", "1").endsWith("23");
        double total = data.series().stream()
                .flatMap(s -> s.values().stream())
                .mapToDouble(Double::doubleValue)
                .sum();
        assertThat(total).isEqualTo(3000);
    }

    @Test
    void aLongFormStackedBarIsPivoted() throws Exception {
        ChartData data = ChartData.fromSql(
                ChartKind.STACKED_BAR,
                sandbox.query(
                        "chat",
                        Set.of("chat"),
                        "SELECT strftime('%H', date_iso) AS h, sender_display_name, COUNT(*) FROM messages GROUP BY 1, 2 ORDER BY 1",
                        () -> false),
                Locale.ROOT);
        assertThat(data.series()).hasSize(3);
        assertThat(data.labels()).hasSize(24).startsWith("00", "01");
        assertThat(data.series().get(0).values()).allMatch(v -> v >= 0);
    }

    @Test
    void refusedAndFailingQueriesComeBackAsSpecErrors() {
        assertThatThrownBy(() -> make("""
                {"title": "t", "kind": "bar", "database": "chat", "sql": "DELETE FROM messages"}"""))
                .isInstanceOf(ChartSpecException.class)
                .hasMessageStartingWith("the chart's query was not run: ")
                .hasMessageContaining("only queries that read");
        assertThatThrownBy(() -> make("""
                {"title": "t", "kind": "bar", "database": "other", "sql": "SELECT 1, 2"}"""))
                .isInstanceOf(ChartSpecException.class)
                .hasMessageContaining("unknown database 'other'");
        assertThatThrownBy(() -> make("""
                {"title": "t", "kind": "bar", "database": "chat", "sql": "SELECT nope FROM messages"}"""))
                .isInstanceOf(ChartSpecException.class)
                .hasMessageContaining("no such column: nope");
    }

    @Test
    void dataOfTheWrongShapeIsExplained() {
        assertThatThrownBy(() -> make("""
                {"title": "t", "kind": "bar", "sql": "SELECT COUNT(*) FROM messages"}"""))
                .isInstanceOf(ChartSpecException.class)
                .hasMessageContaining("the label first");
        assertThatThrownBy(() -> make("""
                {"title": "t", "kind": "bar", "sql": "SELECT id, sender_display_name FROM messages LIMIT 5"}"""))
                .isInstanceOf(ChartSpecException.class)
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> make("""
                {"title": "t", "kind": "bar", "sql": "SELECT id, views FROM messages"}"""))
                .isInstanceOf(ChartSpecException.class)
                .hasMessageContaining("aggregate");
        assertThatThrownBy(() -> make("""
                {"title": "t", "kind": "bar", "sql": "SELECT id, views FROM messages LIMIT 100"}"""))
                .isInstanceOf(ChartSpecException.class)
                .hasMessageContaining("at most 60 bars");
        assertThatThrownBy(() -> make("""
                {"title": "t", "kind": "line", "sql": "SELECT 1, 2 WHERE 0"}"""))
                .isInstanceOf(ChartSpecException.class)
                .hasMessageContaining("no data");
    }

    @Test
    void aCancelledAnalysisStopsTheQuery() {
        ChartMaker cancelled = new ChartMaker(
                sandbox, Set.of("chat"), () -> true, new ChartRenderer(ChartFonts.installed()), Locale.ROOT);
        assertThatThrownBy(() -> cancelled.make(JSON.readTree("""
                {"title": "t", "kind": "bar", "sql": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, x FROM c LIMIT 5 OFFSET 10000000"}""")))
                .isInstanceOf(ChartSpecException.class)
                .hasMessageContaining("cancelled");
    }

    /** A server whose Java cannot load fonts (no libfreetype) runs the bot; each chart then fails with the fix. */
    @Test
    void fontsThatCannotLoadFailEachChartNotTheBot() {
        int[] attempts = {0};
        ChartRenderer noFonts = ChartRenderer.loading(() -> {
            attempts[0]++;
            throw new UnsatisfiedLinkError("libfreetype.so.6: cannot open shared object file");
        });
        ChartMaker withoutFonts = new ChartMaker(sandbox, Set.of("chat"), () -> false, noFonts, Locale.ROOT);
        String spec = "{\"title\": \"t\", \"kind\": \"bar\", \"data\": {\"labels\": [\"a\"], "
                + "\"series\": [{\"name\": \"n\", \"values\": [1]}]}}";
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> withoutFonts.make(JSON.readTree(spec)))
                    .isInstanceOf(ChartSpecException.class)
                    .hasMessageContaining("cannot load fonts")
                    .hasMessageContaining("libfreetype.so.6")
                    .hasMessageContaining("apt-get install fontconfig");
        }
        assertThat(attempts[0]).as("the fonts are tried once, the failure kept").isEqualTo(1);
    }

    @Test
    void oddButValidDataIsDrawn() throws Exception {
        String[] specs = {
            "{\"title\": \"gaps\", \"kind\": \"line\", \"data\": {\"labels\": [\"2024-01\", \"2024-02\", \"2024-05\"], "
                    + "\"series\": [{\"name\": \"a\", \"values\": [1, null, 3]}]}}",
            "{\"title\": \"all null\", \"kind\": \"line\", \"data\": {\"labels\": [\"a\", \"b\"], "
                    + "\"series\": [{\"name\": \"a\", \"values\": [null, null]}]}}",
            "{\"title\": \"negative\", \"kind\": \"heatmap\", \"data\": {\"labels\": [\"x\", \"y\"], "
                    + "\"series\": [{\"name\": \"r\", \"values\": [-5, 1e12]}]}}",
            "{\"title\": \"one\", \"kind\": \"stacked_bar\", \"data\": {\"labels\": [\"2024-01-01\"], "
                    + "\"series\": [{\"values\": [0.25]}]}}",
            "{\"title\": \"same labels\", \"kind\": \"bar\", \"data\": {\"labels\": [\"a\", \"a\", \"a\"], "
                    + "\"series\": [{\"name\": \"n\", \"values\": [1, 2, 3]}]}}",
        };
        for (String spec : specs) {
            Chart c = make(spec);
            assertThat(c.png()).as(spec).isNotEmpty();
        }
    }
}
