package dev.chatgeist.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker analyst's way to ask for a chart: a fenced block in its answer,
 * <pre>
 * ```chart
 * {"title": "...", "kind": "line", "database": "chat", "sql": "SELECT ..."}
 * ```
 * </pre>
 * holding the same spec as the API analyst's {@code make_chart} tool. Each block is drawn by {@link AnswerCharts}
 * and replaced by its {@code [chart n]} marker; a block that cannot be drawn is removed (the text stays whole).
 */
public final class ChartBlocks {
    /** A fence of three or more backticks or tildes tagged {@code chart}, its body, the same fence closing it. */
    private static final Pattern BLOCK =
            Pattern.compile("(?ms)^[ \\t]*(`{3,}|~{3,})[ \\t]*chart[ \\t]*\\n(.*?)\\n[ \\t]*\\1[ \\t]*$");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChartBlocks() {}

    /** {@code text} with every chart block drawn into {@code charts} and replaced by its marker, or removed. */
    public static String draw(String text, AnswerCharts charts) {
        Matcher m = BLOCK.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            AnswerCharts.Outcome o;
            try {
                JsonNode spec = JSON.readTree(m.group(2));
                o = spec != null && spec.isObject()
                        ? charts.make(spec)
                        : charts.failed("(untitled)", "the chart block does not hold a JSON object");
            } catch (IOException e) {
                o = charts.failed(
                        "(untitled)",
                        "the chart block is not valid JSON: "
                                + e.getMessage().lines().findFirst().orElse(""));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(o.made() ? ChartMarkers.of(o.number()) : ""));
        }
        m.appendTail(out);
        return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }
}
