package dev.chatgeist.analyst;

import dev.chatgeist.chart.ChartMaker;
import dev.chatgeist.chart.ChartRenderer;
import dev.chatgeist.sql.SqlSandbox;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What the analysts need to draw charts: the SQL sandbox the charts' queries run through (with room for a chart's
 * rows, see {@link ChartMaker#sqlLimits}), the one renderer, and the language of numbers and weekday names.
 */
public record ChartTools(SqlSandbox sandbox, ChartRenderer renderer, Locale locale) {
    /** A chart maker for one analysis over {@code databases}, stopping when {@code cancel} is triggered. */
    ChartMaker maker(List<String> databases, Cancellation cancel) {
        return new ChartMaker(sandbox, new LinkedHashSet<>(databases), cancel::isCancelled, renderer, locale);
    }
}
