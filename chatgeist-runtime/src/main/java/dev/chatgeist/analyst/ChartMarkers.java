package dev.chatgeist.analyst;

import dev.chatgeist.chart.Chart;
import dev.chatgeist.report.PdfReport;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the charts of an answer go: the analyst writes {@code [chart n]} on its own line where chart {@code n}
 * (1-based, in the order the charts were made) belongs. A PDF puts the picture there; a Telegram message, which
 * shows the photos above the text, drops the markers.
 */
public final class ChartMarkers {
    /** A marker, tolerant of case and spaces: {@code [chart 2]}, {@code [Chart 2]}, {@code [chart2]}. */
    public static final Pattern MARKER = Pattern.compile("\\[\\s*chart\\s*(\\d{1,2})\\s*]", Pattern.CASE_INSENSITIVE);

    private ChartMarkers() {}

    /** The marker for chart {@code n}. */
    public static String of(int n) {
        return "[chart " + n + "]";
    }

    /** The text without its chart markers (and without the blank lines they leave). */
    public static String strip(String markdown) {
        return MARKER.matcher(markdown)
                .replaceAll("")
                .replaceAll("(?m)^[ \\t]+$", "")
                .replaceAll("\n{3,}", "\n\n")
                .strip();
    }

    /** The chart numbers the text places, in order of appearance. */
    public static List<Integer> placed(String markdown) {
        List<Integer> out = new ArrayList<>();
        Matcher m = MARKER.matcher(markdown);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    /**
     * The text for a PDF: every chart as the image {@code ![title](chart:n)} (see {@link PdfReport}) at its marker,
     * charts the text does not place after the text, markers naming no chart removed.
     */
    public static String asImages(String markdown, List<Chart> charts) {
        return MARKER.matcher(complete(markdown, charts.size())).replaceAll(m -> {
            int n = Integer.parseInt(m.group(1));
            String alt = charts.get(n - 1).title().replaceAll("[\\[\\]\\\\\n]", " ");
            return Matcher.quoteReplacement("![" + alt + "](" + PdfReport.CHART_SCHEME + n + ")");
        });
    }

    /**
     * The text with a marker for every chart of {@code count} that it does not place yet, appended at the end,
     * so that a PDF shows every chart; markers naming no chart are removed.
     */
    public static String complete(String markdown, int count) {
        List<Integer> placed = placed(markdown);
        StringBuilder sb = new StringBuilder(MARKER.matcher(markdown)
                .replaceAll(m -> {
                    int n = Integer.parseInt(m.group(1));
                    return n >= 1 && n <= count ? Matcher.quoteReplacement(of(n)) : "";
                })
                .strip());
        for (int n = 1; n <= count; n++) {
            if (!placed.contains(n)) {
                sb.append("\n\n").append(of(n));
            }
        }
        return sb.toString();
    }
}
