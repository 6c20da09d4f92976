package dev.chatgeist.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatgeist.testing.TestArchives;
import dev.chatgeist.testing.TestCharts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One answer's charts on a real archive through the real sandbox and renderer: numbering and the cap, the Docker
 * analyst's fenced blocks, and the {@code [chart n]} markers in Telegram text and in a PDF.
 */
class AnswerChartsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BY_HOUR = "SELECT strftime('%H', date_iso) AS hour, COUNT(*) FROM messages GROUP BY 1";

    @TempDir
    static Path dir;

    @BeforeAll
    static void archive() {
        TestArchives.build(dir.resolve("databases"), "chat", 200);
    }

    static AnswerCharts charts() {
        return new AnswerCharts(TestCharts.tools(dir.resolve("databases")), List.of("chat"), new Cancellation());
    }

    static ObjectNode spec(String title) {
        return JSON.createObjectNode().put("title", title).put("kind", "bar").put("sql", BY_HOUR);
    }

    @Test
    void chartsAreNumberedInOrderAndCappedPerAnswer() {
        AnswerCharts charts = charts();
        for (int i = 1; i <= AnswerCharts.MAX_CHARTS; i++) {
            AnswerCharts.Outcome o = charts.make(spec("Графік " + i));
            assertThat(o.number()).isEqualTo(i);
            assertThat(o.message())
                    .startsWith("chart " + i + " made: \"Графік " + i + "\"")
                    .contains("[chart " + i + "]");
        }
        AnswerCharts.Outcome fifth = charts.make(spec("Зайвий"));
        assertThat(fifth.made()).isFalse();
        assertThat(fifth.message()).startsWith("ERROR: chart not made").contains("already has 4 charts");
        assertThat(charts.charts())
                .hasSize(4)
                .allSatisfy(c -> assertThat(c.png()).startsWith(0x89, 'P', 'N', 'G'));
        assertThat(charts.failures())
                .containsExactly(
                        new ChartFailure("Зайвий", fifth.message().substring("ERROR: chart not made: ".length())));
    }

    @Test
    void aQueryOnAnArchiveNotAllowedIsRefused() {
        AnswerCharts charts = charts();
        AnswerCharts.Outcome o = charts.make(spec("Чужий").put("database", "secret"));
        assertThat(o.made()).isFalse();
        assertThat(o.message()).contains("query was not run");
        assertThat(charts.failures()).extracting(ChartFailure::title).containsExactly("Чужий");
    }

    @Test
    void chartBlocksBecomeMarkersAndBrokenOnesDisappear() {
        AnswerCharts charts = charts();
        String text = """
                Ось активність:

                ```chart
                {"title": "За годинами", "kind": "bar", "sql": "%s"}
                ```

                Висновок.
                ~~~chart
                {"title": "Кругова", "kind": "pie", "sql": "%s"}
                ~~~
                ```sql
                SELECT 1
                ```
                """.formatted(BY_HOUR, BY_HOUR);
        String out = ChartBlocks.draw(text, charts);
        assertThat(out).isEqualTo("Ось активність:\n\n[chart 1]\n\nВисновок.\n\n```sql\nSELECT 1\n```");
        assertThat(charts.charts()).extracting(c -> c.title()).containsExactly("За годинами");
        assertThat(charts.failures()).extracting(ChartFailure::title).containsExactly("Кругова");
        assertThat(charts.failures().get(0).reason()).contains("pie");
    }

    @Test
    void markersAreDroppedForTelegramAndBecomeImagesInAPdf() {
        AnswerCharts charts = charts();
        charts.make(spec("Перший [графік]"));
        charts.make(spec("Другий"));
        String md = "Текст.\n\n[Chart 2]\n\nЩе текст. [chart 7]";
        assertThat(ChartMarkers.strip(md)).isEqualTo("Текст.\n\nЩе текст.");
        assertThat(ChartMarkers.placed(md)).containsExactly(2, 7);
        assertThat(ChartMarkers.asImages(md, charts.charts()))
                .isEqualTo("Текст.\n\n![Другий](chart:2)\n\nЩе текст.\n\n![Перший  графік ](chart:1)");
    }
}
