package dev.chatgeist.chart;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jfree.data.time.Day;
import org.jfree.data.time.Month;
import org.jfree.data.time.RegularTimePeriod;
import org.jfree.data.time.Year;

/** Labels as a chart shows them: shortened, dates in the chart's language, numbers formatted for it. */
public final class ChartLabels {
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Locale locale;

    ChartLabels(Locale locale) {
        this.locale = locale;
    }

    Locale locale() {
        return locale;
    }

    /** Grouped numbers in the chart's language, at most one decimal (counts are whole, averages are not). */
    NumberFormat numbers() {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMaximumFractionDigits(1);
        return f;
    }

    /** {@code text} on one line, cut to {@code max} characters with an ellipsis (never inside a surrogate pair). */
    public static String shorten(String text, int max) {
        String t = text.strip().replaceAll("\\s+", " ");
        if (t.codePointCount(0, t.length()) <= max) {
            return t;
        }
        return t.substring(0, t.offsetByCodePoints(0, max - 1)).stripTrailing() + "…";
    }

    /**
     * Category labels as shown: ISO months and days in the chart's language ("трав. 2024"), long ones shortened;
     * distinct, as JFreeChart keys categories by label (a repeated label gets a zero-width suffix).
     */
    List<String> categories(List<String> labels, int max) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>(labels.size());
        for (String l : labels) {
            String shown = shorten(date(l).orElse(l), max);
            while (!seen.add(shown)) {
                shown = shown + "\u200B";
            }
            out.add(shown);
        }
        return out;
    }

    private Optional<String> date(String label) {
        String l = label.strip();
        try {
            if (MONTH.matcher(l).matches()) {
                return Optional.of(YearMonth.parse(l).format(DateTimeFormatter.ofPattern("LLL yyyy", locale)));
            }
            if (DAY.matcher(l).matches()) {
                return Optional.of(LocalDate.parse(l)
                        .format(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
                                .withLocale(locale)));
            }
        } catch (RuntimeException e) {
            return Optional.empty(); // "2024-13" is a label, not a date
        }
        return Optional.empty();
    }

    /** A time axis for labels that are all years, all ISO months or all ISO days; empty otherwise. */
    record TimeAxis(List<RegularTimePeriod> periods, String pattern) {}

    Optional<TimeAxis> timeAxis(List<String> labels) {
        if (labels.size() < 2) {
            return Optional.empty();
        }
        try {
            if (labels.stream().allMatch(l -> MONTH.matcher(l.strip()).matches())) {
                List<RegularTimePeriod> p = new ArrayList<>();
                for (String l : labels) {
                    YearMonth ym = YearMonth.parse(l.strip());
                    p.add(new Month(ym.getMonthValue(), ym.getYear()));
                }
                return distinct(p, "LLL yyyy");
            }
            if (labels.stream().allMatch(l -> DAY.matcher(l.strip()).matches())) {
                List<RegularTimePeriod> p = new ArrayList<>();
                for (String l : labels) {
                    LocalDate d = LocalDate.parse(l.strip());
                    p.add(new Day(d.getDayOfMonth(), d.getMonthValue(), d.getYear()));
                }
                return distinct(p, "d MMM yyyy");
            }
            if (labels.stream().allMatch(l -> YEAR.matcher(l.strip()).matches())) {
                List<RegularTimePeriod> p = new ArrayList<>();
                for (String l : labels) {
                    p.add(new Year(Integer.parseInt(l.strip())));
                }
                return distinct(p, "yyyy");
            }
        } catch (RuntimeException e) {
            return Optional.empty(); // not all dates after all: a category axis then
        }
        return Optional.empty();
    }

    private static Optional<TimeAxis> distinct(List<RegularTimePeriod> periods, String pattern) {
        return new LinkedHashSet<>(periods).size() == periods.size()
                ? Optional.of(new TimeAxis(periods, pattern))
                : Optional.empty();
    }
}
