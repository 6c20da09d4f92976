package dev.chatgeist.chart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.sql.SqlLimits;
import dev.chatgeist.sql.SqlRefusedException;
import dev.chatgeist.sql.SqlResult;
import dev.chatgeist.sql.SqlSandbox;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Turns a spec into a chart for one analysis: runs its query through the SQL sandbox on one of the allowed
 * archives (or takes its inline data), checks the data fits the kind and renders it. Every problem - a bad spec,
 * a refused or failing query, data of the wrong shape - is a {@link ChartSpecException} whose message goes back
 * to the model; nothing here throws for a spec's sake otherwise.
 *
 * <p>The sandbox should allow {@link ChartData#MAX_ROWS} rows ({@link #sqlLimits}): a weekday × hour heatmap
 * alone needs 168; with fewer, bigger results are refused with a message that says to aggregate.
 */
public final class ChartMaker {
    private final SqlSandbox sandbox;
    private final Set<String> allowed;
    private final BooleanSupplier cancelled;
    private final ChartRenderer renderer;
    private final Locale locale;

    public ChartMaker(
            SqlSandbox sandbox, Set<String> allowed, BooleanSupplier cancelled, ChartRenderer renderer, Locale locale) {
        this.sandbox = sandbox;
        this.allowed = Set.copyOf(allowed);
        this.cancelled = cancelled;
        this.renderer = renderer;
        this.locale = locale;
    }

    /** {@code base} with room for a chart's rows ({@link ChartData#MAX_ROWS}) and their bytes. */
    public static SqlLimits sqlLimits(SqlLimits base) {
        return base.withAtLeast(ChartData.MAX_ROWS, 200_000);
    }

    /** Reads, validates and renders a spec as the model wrote it. */
    public Chart make(JsonNode spec) throws ChartSpecException {
        return make(ChartSpec.fromJson(spec));
    }

    public Chart make(ChartSpec spec) throws ChartSpecException {
        ChartData data = spec.hasQuery() ? query(spec) : spec.data();
        data.validate(spec.kind());
        byte[] png;
        try {
            png = renderer.renderPng(spec, data, locale);
        } catch (RuntimeException e) { // odd data JFreeChart trips over must not break the answer either
            throw new ChartSpecException(
                    "the chart could not be drawn (" + e + "); simplify the data: fewer "
                            + "series, plain numbers, distinct labels",
                    e);
        }
        return new Chart(spec.title(), png, ChartRenderer.WIDTH, ChartRenderer.HEIGHT, data.rowCount());
    }

    private ChartData query(ChartSpec spec) throws ChartSpecException {
        String database = spec.database();
        if (database == null || database.isBlank()) {
            if (allowed.size() != 1) {
                throw new ChartSpecException("name the archive the query runs on: \"database\": one of "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            database = allowed.iterator().next();
        }
        SqlResult result;
        try {
            result = sandbox.query(database, allowed, spec.sql(), cancelled);
        } catch (SqlRefusedException e) {
            throw new ChartSpecException("the chart's query was not run: " + e.getMessage(), e);
        }
        return ChartData.fromSql(spec.kind(), result, locale);
    }
}
