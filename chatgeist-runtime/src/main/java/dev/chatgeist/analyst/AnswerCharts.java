package dev.chatgeist.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.chart.Chart;
import dev.chatgeist.chart.ChartMaker;
import dev.chatgeist.chart.ChartSpec;
import dev.chatgeist.chart.ChartSpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * The charts of one answer, made one spec at a time through the one renderer ({@link ChartMaker}) — for the API
 * analyst's {@code make_chart} tool, the Docker analyst's {@code chart} blocks and the bot's dossier charts alike.
 * Each attempt ends in a chart (numbered in order, for its {@code [chart n]} marker) or a failure with the reason,
 * which goes back to the model and to the log; at most {@value #MAX_CHARTS} charts per answer.
 */
public final class AnswerCharts {
    /** More pictures than this make an answer harder to read, not easier. */
    public static final int MAX_CHARTS = 4;

    /** What one attempt gave: the chart's number when it was made (else 0) and the message for the model. */
    public record Outcome(int number, String message) {
        public boolean made() {
            return number > 0;
        }
    }

    private final ChartMaker maker;
    private final List<Chart> charts = new ArrayList<>();
    private final List<ChartFailure> failures = new ArrayList<>();

    /** Charts over {@code databases} (the first is the default), stopping when {@code cancel} is triggered. */
    public AnswerCharts(ChartTools tools, List<String> databases, Cancellation cancel) {
        this.maker = tools.maker(databases, cancel);
    }

    /** Validates {@code spec}, runs its query through the SQL sandbox (or takes its inline data) and draws it. */
    public Outcome make(JsonNode spec) {
        String title = spec.path("title").asText("").isBlank()
                ? "(untitled)"
                : spec.path("title").asText();
        try {
            return make(ChartSpec.fromJson(spec));
        } catch (ChartSpecException e) {
            return failed(title, e.getMessage());
        }
    }

    /** Draws a spec already read (e.g. one the bot wrote itself). */
    public Outcome make(ChartSpec spec) {
        if (charts.size() >= MAX_CHARTS) {
            return failed(
                    spec.title(),
                    "this answer already has " + MAX_CHARTS + " charts, the most one answer "
                            + "may have; place those with their [chart n] markers and answer in text");
        }
        Chart chart;
        try {
            chart = maker.make(spec);
        } catch (ChartSpecException e) {
            return failed(spec.title(), e.getMessage());
        } catch (RuntimeException e) { // a renderer bug must not cost the answer its text
            return failed(spec.title(), "the chart could not be drawn (" + e + ")");
        }
        charts.add(chart);
        int n = charts.size();
        return new Outcome(
                n,
                "chart " + n + " made: \"" + chart.title() + "\", " + chart.rows() + " rows. Write "
                        + ChartMarkers.of(n) + " on its own line where it belongs in your answer; the picture is shown "
                        + "there (in Telegram, above the text).");
    }

    /** Records a chart that could not even be read as a spec (e.g. a block that is not JSON). */
    public Outcome failed(String title, String reason) {
        failures.add(new ChartFailure(title, reason));
        return new Outcome(0, "ERROR: chart not made: " + reason);
    }

    public List<Chart> charts() {
        return List.copyOf(charts);
    }

    public List<ChartFailure> failures() {
        return List.copyOf(failures);
    }

    /** The answer with these charts. */
    public Answer answer(String markdown, int queries) {
        return new Answer(markdown, queries, charts, failures);
    }
}
