package dev.chatgeist.analyst;

import dev.chatgeist.chart.Chart;
import java.util.List;

/**
 * The analyst's final answer (Markdown), how many SQL queries it ran to get there, the charts it made and the
 * charts that could not be made. Chart {@code n} (1-based, in the order they were made) belongs where the text
 * holds the marker {@code [chart n]} (see {@link ChartMarkers}); a chart without a marker goes after the text.
 */
public record Answer(String markdown, int queries, List<Chart> charts, List<ChartFailure> chartFailures) {
    public Answer {
        charts = List.copyOf(charts);
        chartFailures = List.copyOf(chartFailures);
    }

    /** A text-only answer. */
    public Answer(String markdown, int queries) {
        this(markdown, queries, List.of(), List.of());
    }
}
