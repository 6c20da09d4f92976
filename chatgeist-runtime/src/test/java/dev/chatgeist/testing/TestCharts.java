package dev.chatgeist.testing;

import dev.chatgeist.analyst.ChartTools;
import dev.chatgeist.chart.ChartFonts;
import dev.chatgeist.chart.ChartMaker;
import dev.chatgeist.chart.ChartRenderer;
import dev.chatgeist.sql.SqlLimits;
import dev.chatgeist.sql.SqlSandbox;
import java.nio.file.Path;
import java.util.Locale;

/** The real chart tools over a folder of archives, as the bot builds them (Ukrainian numbers and weekdays). */
public final class TestCharts {
    private TestCharts() {}

    public static ChartTools tools(Path databasesDir) {
        return new ChartTools(
                new SqlSandbox(databasesDir, ChartMaker.sqlLimits(SqlLimits.DEFAULT)),
                new ChartRenderer(ChartFonts.installed()),
                Locale.forLanguageTag("uk"));
    }
}
