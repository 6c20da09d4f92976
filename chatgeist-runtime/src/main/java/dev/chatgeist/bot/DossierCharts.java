package dev.chatgeist.bot;

import dev.chatgeist.analyst.AnalysisCancelledException;
import dev.chatgeist.analyst.Answer;
import dev.chatgeist.analyst.AnswerCharts;
import dev.chatgeist.analyst.Cancellation;
import dev.chatgeist.analyst.ChartFailure;
import dev.chatgeist.analyst.ChartMarkers;
import dev.chatgeist.analyst.ChartTools;
import dev.chatgeist.chart.Chart;
import dev.chatgeist.chart.ChartData;
import dev.chatgeist.chart.ChartKind;
import dev.chatgeist.chart.ChartSpec;
import dev.chatgeist.sql.SqlRefusedException;
import dev.chatgeist.sql.SqlResult;
import dev.chatgeist.sql.SqlSandbox;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two charts every dossier gets, drawn by the bot itself from the archives rather than left to the model, so
 * that they are always there and always right: the person's messages per month (one series per chat) and their
 * active hours (weekday × hour, in the bot's time zone at today's offset). The person is the one named by an
 * {@code @username} or numeric id in the question, else by the first {@code @username} in the analyst's answer,
 * else by the display name that the question's capitalised words match best. The charts go after the answer's
 * "Активність"/"Activity" heading, or at its end.
 */
final class DossierCharts {
    private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}_])@([A-Za-z][A-Za-z0-9_]{3,31})");
    private static final Pattern ID = Pattern.compile("(?<![\\p{L}\\p{N}])(\\d{3,15})(?![\\p{L}\\p{N}])");
    private static final Pattern NAME_WORD = Pattern.compile("\\p{Lu}[\\p{L}'’-]{2,}");
    private static final Pattern ACTIVITY_HEADING =
            Pattern.compile("(?miu)^#{1,6}.*(активн|activity).*$|^\\*\\*" + "(активн|activity)[^\\n]*$");

    /** Who the dossier is about: the stable sender id and a name for the charts' titles. */
    record Person(long senderId, String name) {}

    private final SqlSandbox sandbox;
    private final ChartTools tools;
    private final Texts texts;
    private final Locale locale;
    private final ZoneId zone;

    DossierCharts(ChartTools tools, Texts texts, Locale locale, ZoneId zone) {
        this.sandbox = tools.sandbox();
        this.tools = tools;
        this.texts = texts;
        this.locale = locale;
        this.zone = zone;
    }

    /** {@code answer} with the dossier's two charts added (or their failures, when the person cannot be found). */
    Answer add(Answer answer, String question, List<String> databases, Cancellation cancel)
            throws AnalysisCancelledException {
        AnswerCharts own = new AnswerCharts(tools, databases, cancel);
        Optional<Person> person = person(question, answer.markdown(), databases, cancel);
        if (person.isEmpty()) {
            own.failed(
                    texts("dossier"),
                    "cannot tell whose dossier it is: no @username, id or member's name of "
                            + String.join(", ", databases) + " in the question or the answer");
        } else {
            Person p = person.get();
            try {
                own.make(monthly(p, databases, cancel));
            } catch (SqlRefusedException e) {
                own.failed(title("monthly", p), e.getMessage());
            }
            try {
                own.make(hours(p, databases, cancel));
            } catch (SqlRefusedException e) {
                own.failed(title("hours", p), e.getMessage());
            }
        }
        if (cancel.isCancelled()) {
            throw new AnalysisCancelledException();
        }
        List<Chart> charts = new ArrayList<>(answer.charts());
        StringBuilder markers = new StringBuilder();
        for (Chart c : own.charts()) {
            charts.add(c);
            markers.append("\n\n").append(ChartMarkers.of(charts.size()));
        }
        List<ChartFailure> failures = new ArrayList<>(answer.chartFailures());
        failures.addAll(own.failures());
        return new Answer(place(answer.markdown(), markers.toString()), answer.queries(), charts, failures);
    }

    /** The markers after the activity heading (its line), or at the end. */
    static String place(String markdown, String markers) {
        if (markers.isEmpty()) {
            return markdown;
        }
        Matcher m = ACTIVITY_HEADING.matcher(markdown);
        if (!m.find()) {
            return markdown.strip() + markers;
        }
        return markdown.substring(0, m.end()) + markers + "\n" + markdown.substring(m.end());
    }

    Optional<Person> person(String question, String answer, List<String> databases, Cancellation cancel) {
        List<String> conditions = new ArrayList<>();
        handles(question).forEach(h -> conditions.add("sender_username = " + literal(h) + " COLLATE NOCASE"));
        Matcher id = ID.matcher(question);
        while (id.find()) {
            conditions.add("sender_id = " + id.group(1));
        }
        handles(answer).stream()
                .limit(1)
                .forEach(h -> conditions.add("sender_username = " + literal(h) + " COLLATE NOCASE"));
        for (String where : conditions) {
            Optional<Person> p = mostActive(where, databases, cancel);
            if (p.isPresent()) {
                return p;
            }
        }
        return byName(question, databases, cancel);
    }

    private static List<String> handles(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = HANDLE.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The sender matching most of the question's capitalised words (as stems, for declined names). */
    private Optional<Person> byName(String question, List<String> databases, Cancellation cancel) {
        Map<Long, Integer> hits = new HashMap<>();
        Map<Long, Person> people = new HashMap<>();
        Map<Long, Long> counts = new HashMap<>();
        Matcher w = NAME_WORD.matcher(question);
        while (w.find()) {
            String word = w.group();
            String stem = word.length() > 4 ? word.substring(0, word.length() - 1) : word;
            for (String db : databases) {
                for (List<String> row : rows(
                        db,
                        "SELECT sender_id, MAX(sender_display_name), COUNT(*) FROM messages "
                                + "WHERE sender_display_name LIKE " + literal("%" + stem + "%") + " AND is_service = 0 "
                                + "GROUP BY sender_id ORDER BY COUNT(*) DESC LIMIT 5",
                        databases,
                        cancel)) {
                    long sender = Long.parseLong(row.get(0));
                    hits.merge(sender, 1, Integer::sum);
                    people.putIfAbsent(sender, new Person(sender, row.get(1)));
                    counts.merge(sender, Long.parseLong(row.get(2)), Long::sum);
                }
            }
        }
        return hits.keySet().stream()
                .max((a, b) -> hits.get(a).equals(hits.get(b))
                        ? Long.compare(counts.get(a), counts.get(b))
                        : Integer.compare(hits.get(a), hits.get(b)))
                .map(people::get);
    }

    private Optional<Person> mostActive(String where, List<String> databases, Cancellation cancel) {
        for (String db : databases) {
            List<List<String>> rows = rows(
                    db,
                    "SELECT sender_id, MAX(sender_display_name) FROM messages WHERE " + where
                            + " GROUP BY sender_id ORDER BY COUNT(*) DESC LIMIT 1",
                    databases,
                    cancel);
            if (!rows.isEmpty()) {
                return Optional.of(new Person(
                        Long.parseLong(rows.get(0).get(0)), rows.get(0).get(1)));
            }
        }
        return Optional.empty();
    }

    /** Messages per month across the chats, every month from the first to the last (0 where none). */
    private ChartSpec monthly(Person p, List<String> databases, Cancellation cancel) throws SqlRefusedException {
        Map<String, Map<YearMonth, Double>> perChat = new LinkedHashMap<>();
        TreeMap<YearMonth, Boolean> seen = new TreeMap<>();
        for (String db : databases) {
            Map<YearMonth, Double> months = new HashMap<>();
            for (List<String> row : query(
                            db,
                            "SELECT substr(date_iso, 1, 7) AS month, COUNT(*) FROM messages WHERE " + "sender_id = "
                                    + p.senderId() + " AND is_service = 0 GROUP BY month ORDER BY month",
                            databases,
                            cancel)
                    .rows()) {
                YearMonth m = YearMonth.parse(row.get(0));
                months.put(m, Double.parseDouble(row.get(1)));
                seen.put(m, true);
            }
            perChat.put(db, months);
        }
        List<String> labels = new ArrayList<>();
        List<YearMonth> all = new ArrayList<>();
        if (!seen.isEmpty()) {
            for (YearMonth m = seen.firstKey(); !m.isAfter(seen.lastKey()); m = m.plusMonths(1)) {
                all.add(m);
                labels.add(m.toString());
            }
        }
        List<ChartData.Series> series = new ArrayList<>();
        for (var e : perChat.entrySet()) {
            series.add(new ChartData.Series(
                    e.getKey(),
                    all.stream().map(m -> e.getValue().getOrDefault(m, 0.0)).toList()));
        }
        ChartKind kind = labels.size() <= ChartData.MAX_BARS ? ChartKind.STACKED_BAR : ChartKind.LINE;
        return ChartSpec.inline(
                title("monthly", p), kind, texts("month"), texts("messages"), new ChartData(labels, series));
    }

    /** Messages by weekday and hour across the chats. */
    private ChartSpec hours(Person p, List<String> databases, Cancellation cancel) throws SqlRefusedException {
        long offset = zone.getRules().getOffset(Instant.now()).getTotalSeconds();
        double[][] cells = new double[7][24];
        for (String db : databases) {
            for (List<String> row : query(
                            db,
                            "SELECT CAST(strftime('%w', timestamp + " + offset + ", 'unixepoch') "
                                    + "AS INTEGER), CAST(strftime('%H', timestamp + " + offset
                                    + ", 'unixepoch') AS INTEGER), "
                                    + "COUNT(*) FROM messages WHERE sender_id = " + p.senderId()
                                    + " AND is_service = 0 GROUP BY 1, 2",
                            databases,
                            cancel)
                    .rows()) {
                cells[Integer.parseInt(row.get(0))][Integer.parseInt(row.get(1))] += Double.parseDouble(row.get(2));
            }
        }
        List<String> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(Integer.toString(h));
        }
        List<ChartData.Series> days = new ArrayList<>();
        for (DayOfWeek d : DayOfWeek.values()) { // Monday first; strftime('%w') counts from Sunday = 0
            List<Double> values = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                values.add(cells[d.getValue() % 7][h]);
            }
            days.add(new ChartData.Series(d.getDisplayName(TextStyle.SHORT_STANDALONE, locale), values));
        }
        return ChartSpec.inline(
                title("hours", p),
                ChartKind.HEATMAP,
                texts("hour") + " (" + zone.getId() + ")",
                texts("weekday"),
                new ChartData(hours, days));
    }

    private SqlResult query(String db, String sql, List<String> databases, Cancellation cancel)
            throws SqlRefusedException {
        return sandbox.query(db, new LinkedHashSet<>(databases), sql, cancel::isCancelled);
    }

    /** Rows of a lookup; a refused lookup (e.g. a timeout on a huge archive) finds nobody. */
    private List<List<String>> rows(String db, String sql, List<String> databases, Cancellation cancel) {
        try {
            return query(db, sql, databases, cancel).rows();
        } catch (SqlRefusedException e) {
            return List.of();
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private String title(String which, Person p) {
        return texts(which) + ": " + p.name();
    }

    private String texts(String key) {
        return texts.plain("chart_" + key);
    }
}
