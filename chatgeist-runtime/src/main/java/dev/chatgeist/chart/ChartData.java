package dev.chatgeist.chart;

import dev.chatgeist.sql.SqlResult;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a chart shows: the category labels (x values; for a heatmap the columns) and one or more named series with
 * one value per label (for a heatmap, one series per row). A {@code null} value is a gap (a missing point on a
 * line, an empty cell; bars draw nothing).
 *
 * <p>From a query ({@link #fromSql}): the first column is the label, and
 * <ul>
 *   <li>bar, horizontal_bar, line: every further column is a numeric series named by its column
 *       ({@code SELECT strftime('%Y-%m', date_iso) AS month, COUNT(*) AS messages ...});</li>
 *   <li>stacked_bar: either the same wide form, or three columns {@code label, series, value} (long form, e.g.
 *       {@code month, sender, count}), recognised by a second column that is not numeric;</li>
 *   <li>heatmap: three columns {@code row, column, value}; a row that is an integer 0-6 is a weekday as
 *       {@code strftime('%w')} gives it (0 = Sunday; drawn Monday first, named in the chart's language) and a
 *       column that is an integer 0-23 is an hour (all 24 hours drawn).</li>
 * </ul>
 */
public record ChartData(List<String> labels, List<Series> series) {
    /** Most rows a query may feed into one chart; more is a spec error (aggregate or LIMIT). */
    public static final int MAX_ROWS = 1000;
    /** Most categories on a bar axis before the bars become unreadable on a phone. */
    public static final int MAX_BARS = 60;
    /** Most points on a line. */
    public static final int MAX_POINTS = 1000;
    /** Most series (legend entries). */
    public static final int MAX_SERIES = 12;
    /** Most rows or columns of a heatmap. */
    public static final int MAX_HEATMAP_SIDE = 60;

    /** One named series: a value per label, {@code null} where there is none. */
    public record Series(String name, List<Double> values) {
        public Series {
            name = name == null ? "" : name;
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    public ChartData {
        labels = List.copyOf(labels);
        series = List.copyOf(series);
    }

    public int rowCount() {
        return labels.size();
    }

    /** The largest value in any series (0 when there is none), for scales and colour ramps. */
    public double maxValue() {
        double max = 0;
        for (Series s : series) {
            for (Double v : s.values()) {
                if (v != null && v > max) {
                    max = v;
                }
            }
        }
        return max;
    }

    /** The smallest value in any series (0 when there is none). */
    public double minValue() {
        return series.stream()
                .flatMap(s -> s.values().stream())
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .min()
                .orElse(0);
    }

    /** Whether every value is a whole number (counts): the value axis then has no fractional ticks. */
    public boolean wholeNumbers() {
        return series.stream().flatMap(s -> s.values().stream()).allMatch(v -> v == null || v == Math.rint(v));
    }

    /** Checks that the data fits {@code kind}: shapes agree, sizes stay under the caps, values are finite. */
    public void validate(ChartKind kind) throws ChartSpecException {
        if (labels.isEmpty()) {
            throw new ChartSpecException("the chart has no data (no labels / the query returned no rows); a chart "
                    + "needs at least one row. Answer in text instead, or check the query's WHERE.");
        }
        if (series.isEmpty()) {
            throw new ChartSpecException("the chart has no series: give at least one numeric column after the "
                    + "label column (SQL), or data.series = [{\"name\": ..., \"values\": [...]}] (inline data)");
        }
        for (Series s : series) {
            if (s.values().size() != labels.size()) {
                throw new ChartSpecException(
                        "series '" + s.name() + "' has " + s.values().size() + " values for " + labels.size()
                                + " labels; give exactly one value per label (null for a gap)");
            }
            for (Double v : s.values()) {
                if (v != null && (v.isNaN() || v.isInfinite())) {
                    throw new ChartSpecException("series '" + s.name() + "' holds a value that is not a finite "
                            + "number; use plain numbers or null");
                }
            }
        }
        switch (kind) {
            case BAR, HORIZONTAL_BAR, STACKED_BAR -> {
                if (labels.size() > MAX_BARS) {
                    throw new ChartSpecException("a " + kind.jsonName() + " chart shows at most " + MAX_BARS
                            + " bars, got " + labels.size() + "; keep the top ones (ORDER BY ... DESC LIMIT 20) "
                            + "or group them (by month instead of day), or use kind \"line\" for a long series");
                }
            }
            case LINE -> {
                if (labels.size() > MAX_POINTS) {
                    throw new ChartSpecException("a line chart shows at most " + MAX_POINTS + " points, got "
                            + labels.size() + "; group by a coarser period (week or month)");
                }
            }
            case HEATMAP -> {
                if (labels.size() > MAX_HEATMAP_SIDE || series.size() > MAX_HEATMAP_SIDE) {
                    throw new ChartSpecException("a heatmap has at most " + MAX_HEATMAP_SIDE + " rows and columns, "
                            + "got " + series.size() + " × " + labels.size() + "; group the values more coarsely");
                }
            }
        }
        if (kind != ChartKind.HEATMAP && series.size() > MAX_SERIES) {
            throw new ChartSpecException("at most " + MAX_SERIES + " series per chart, got " + series.size()
                    + "; keep the biggest ones and fold the rest into 'other'");
        }
    }

    /** The chart's data from a query's result, by the column conventions of {@code kind} (see the class comment). */
    public static ChartData fromSql(ChartKind kind, SqlResult result, Locale locale) throws ChartSpecException {
        if (result.truncated()) {
            throw new ChartSpecException("the query returned more rows than a chart can take (" + MAX_ROWS
                    + " at most); aggregate it (GROUP BY month, COUNT(*)) or add ORDER BY ... LIMIT");
        }
        List<String> cols = result.columns();
        if (cols.size() < 2) {
            throw new ChartSpecException("the query returned " + cols.size() + " column(s); a chart needs the "
                    + "label first and at least one numeric column after it, e.g. SELECT sender_name, COUNT(*) AS "
                    + "messages FROM messages GROUP BY 1 ORDER BY 2 DESC LIMIT 15");
        }
        if (result.rows().size() > MAX_ROWS) {
            throw new ChartSpecException("the query returned " + result.rows().size() + " rows; a chart takes at "
                    + "most " + MAX_ROWS + ". Aggregate or LIMIT it.");
        }
        ChartData data;
        if (kind == ChartKind.HEATMAP) {
            data = heatmap(result, locale);
        } else if (kind == ChartKind.STACKED_BAR && cols.size() == 3 && !numericColumn(result, 1)) {
            data = longForm(result);
        } else {
            data = wide(result);
        }
        data.validate(kind);
        return data;
    }

    private static ChartData wide(SqlResult r) throws ChartSpecException {
        List<String> labels = new ArrayList<>();
        List<List<Double>> values = new ArrayList<>();
        for (int c = 1; c < r.columns().size(); c++) {
            values.add(new ArrayList<>());
        }
        for (List<String> row : r.rows()) {
            labels.add(label(row.get(0)));
            for (int c = 1; c < row.size(); c++) {
                values.get(c - 1).add(number(row.get(c), r.columns().get(c)));
            }
        }
        List<Series> series = new ArrayList<>();
        for (int c = 1; c < r.columns().size(); c++) {
            series.add(new Series(r.columns().get(c), values.get(c - 1)));
        }
        return new ChartData(labels, series);
    }

    /** {@code label, series, value} rows: labels and series in order of first appearance, missing cells 0. */
    private static ChartData longForm(SqlResult r) throws ChartSpecException {
        Map<String, Integer> labelIndex = new LinkedHashMap<>();
        Map<String, Map<Integer, Double>> cells = new LinkedHashMap<>();
        for (List<String> row : r.rows()) {
            int i = labelIndex.computeIfAbsent(label(row.get(0)), k -> labelIndex.size());
            Double v = number(row.get(2), r.columns().get(2));
            cells.computeIfAbsent(label(row.get(1)), k -> new LinkedHashMap<>())
                    .merge(i, v == null ? 0 : v, Double::sum);
        }
        return matrix(new ArrayList<>(labelIndex.keySet()), cells);
    }

    private static ChartData heatmap(SqlResult r, Locale locale) throws ChartSpecException {
        if (r.columns().size() != 3) {
            throw new ChartSpecException("a heatmap query returns three columns: row, column, value - e.g. "
                    + "SELECT strftime('%w', date_iso) AS weekday, strftime('%H', date_iso) AS hour, COUNT(*) "
                    + "FROM messages GROUP BY 1, 2; it returned " + r.columns().size());
        }
        boolean weekdays = r.rows().stream().allMatch(row -> intIn(row.get(0), 0, 6));
        boolean hours = r.rows().stream().allMatch(row -> intIn(row.get(1), 0, 23));
        List<String> rows = new ArrayList<>();
        Map<String, String> rowName = new LinkedHashMap<>();
        if (weekdays) {
            for (DayOfWeek d : DayOfWeek.values()) { // Monday first; strftime('%w') counts from Sunday = 0
                String key = Integer.toString(d.getValue() % 7);
                rowName.put(key, d.getDisplayName(TextStyle.SHORT_STANDALONE, locale));
                rows.add(key);
            }
        }
        List<String> columns = new ArrayList<>();
        if (hours) {
            for (int h = 0; h < 24; h++) {
                columns.add(Integer.toString(h));
            }
        }
        Map<String, Map<Integer, Double>> cells = new LinkedHashMap<>();
        for (String row : rows) {
            cells.put(rowName.get(row), new LinkedHashMap<>());
        }
        for (List<String> row : r.rows()) {
            String rowKey =
                    weekdays ? Integer.toString(Integer.parseInt(row.get(0).strip())) : label(row.get(0));
            String colKey = hours ? Integer.toString(Integer.parseInt(row.get(1).strip())) : label(row.get(1));
            if (!columns.contains(colKey)) {
                columns.add(colKey);
            }
            Double v = number(row.get(2), r.columns().get(2));
            cells.computeIfAbsent(rowName.getOrDefault(rowKey, rowKey), k -> new LinkedHashMap<>())
                    .merge(columns.indexOf(colKey), v == null ? 0 : v, Double::sum);
        }
        return matrix(columns, cells);
    }

    private static ChartData matrix(List<String> labels, Map<String, Map<Integer, Double>> cells) {
        List<Series> series = new ArrayList<>();
        for (var e : cells.entrySet()) {
            List<Double> values = new ArrayList<>(labels.size());
            for (int i = 0; i < labels.size(); i++) {
                values.add(e.getValue().getOrDefault(i, 0.0));
            }
            series.add(new Series(e.getKey(), values));
        }
        return new ChartData(labels, series);
    }

    private static boolean numericColumn(SqlResult r, int c) {
        return r.rows().stream().allMatch(row -> "NULL".equals(row.get(c)) || parses(row.get(c)));
    }

    private static boolean parses(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean intIn(String s, int min, int max) {
        try {
            int v = Integer.parseInt(s.strip());
            return v >= min && v <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String label(String cell) {
        return "NULL".equals(cell) ? "—" : cell;
    }

    private static Double number(String cell, String column) throws ChartSpecException {
        if (cell == null || "NULL".equals(cell) || cell.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            throw new ChartSpecException("column '" + column + "' holds '" + shorten(cell) + "', which is not a "
                    + "number; every column after the first (the label) must be numeric - put the label column "
                    + "first, or CAST(... AS INTEGER)");
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
