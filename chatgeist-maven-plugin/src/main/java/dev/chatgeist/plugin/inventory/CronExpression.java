package dev.chatgeist.plugin.inventory;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) as Debian's cron reads it:
 * {@code *}, {@code N}, {@code A-B}, steps ({@code *}{@code /N}, {@code A-B/N}), lists, and month/day names.
 * Converts to launchd's StartCalendarInterval and systemd's OnCalendar, and computes the next run.
 */
public record CronExpression(String source, List<Field> fields) {
    private static final String[] MONTHS = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
    };
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    private static final String[] SYSTEMD_DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    /** launchd needs one dictionary per combination; past this the plist gets absurd, so we refuse. */
    static final int MAX_LAUNCHD_ENTRIES = 300;

    /** One field: the allowed values and whether it was an unrestricted {@code *}. */
    public record Field(String name, int min, int max, BitSet values, boolean star) {
        boolean matches(int v) {
            return values.get(v);
        }

        List<Integer> list() {
            return values.stream().boxed().toList();
        }
    }

    public Field minute() {
        return fields.get(0);
    }

    public Field hour() {
        return fields.get(1);
    }

    public Field dayOfMonth() {
        return fields.get(2);
    }

    public Field month() {
        return fields.get(3);
    }

    public Field dayOfWeek() {
        return fields.get(4);
    }

    /** @throws IllegalArgumentException naming the bad field and what is expected */
    public static CronExpression parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("bad cron expression \"" + text + "\": expected five fields "
                    + "(minute hour day-of-month month day-of-week), e.g. \"0 */4 * * *\"");
        }
        List<Field> fields = new ArrayList<>();
        fields.add(field(text, "minute", parts[0], 0, 59, null));
        fields.add(field(text, "hour", parts[1], 0, 23, null));
        fields.add(field(text, "day-of-month", parts[2], 1, 31, null));
        fields.add(field(text, "month", parts[3], 1, 12, MONTHS));
        Field dow = field(text, "day-of-week", parts[4], 0, 7, DAYS);
        if (dow.values().get(7)) { // 7 is Sunday too
            BitSet v = (BitSet) dow.values().clone();
            v.clear(7);
            v.set(0);
            dow = new Field(dow.name(), 0, 6, v, dow.star());
        } else {
            dow = new Field(dow.name(), 0, 6, dow.values(), dow.star());
        }
        fields.add(dow);
        return new CronExpression(String.join(" ", parts), List.copyOf(fields));
    }

    private static Field field(String expr, String name, String text, int min, int max, String[] names) {
        BitSet values = new BitSet();
        boolean star = text.equals("*");
        for (String item : text.split(",", -1)) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(expr, name, item.substring(slash + 1), 1, max, null);
            }
            int lo;
            int hi;
            if (range.equals("*")) {
                lo = min;
                hi = name.equals("day-of-week") ? 6 : max;
            } else if (range.contains("-")) {
                String[] ab = range.split("-", -1);
                if (ab.length != 2) {
                    throw bad(expr, name, item, min, max);
                }
                lo = number(expr, name, ab[0], min, max, names);
                hi = number(expr, name, ab[1], min, max, names);
                if (hi < lo) {
                    throw new IllegalArgumentException("bad cron expression \"" + expr + "\": " + name + " range \""
                            + range + "\" runs backwards; write it low-high");
                }
            } else {
                lo = number(expr, name, range, min, max, names);
                hi = slash >= 0 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) {
                values.set(v);
            }
        }
        return new Field(name, min, max, values, star);
    }

    private static int number(String expr, String name, String s, int min, int max, String[] names) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(s.toLowerCase(Locale.ROOT))) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw bad(expr, name, s, min, max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw bad(expr, name, s, min, max);
        }
    }

    private static IllegalArgumentException bad(String expr, String name, String item, int min, int max) {
        return new IllegalArgumentException("bad cron expression \"" + expr + "\": " + name + " \"" + item
                + "\" is not valid; expected *, a number " + min + "-" + max + ", a range A-B, a step */N or a "
                + "comma-separated list of those");
    }

    /** Cron runs a day when day-of-month OR day-of-week matches if both are restricted, else when both match. */
    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = dayOfMonth().matches(t.getDayOfMonth());
        boolean dow = dayOfWeek().matches(t.getDayOfWeek().getValue() % 7);
        if (!dayOfMonth().star() && !dayOfWeek().star()) {
            return dom || dow;
        }
        return dom && dow;
    }

    /** The first run strictly after {@code from}, searched for up to about four years; empty if none. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime from) {
        ZonedDateTime t = from.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = from.plusYears(4).plusDays(2);
        while (t.isBefore(limit)) {
            if (!month().matches(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hour().matches(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minute().matches(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return Optional.of(t);
        }
        return Optional.empty();
    }

    /**
     * launchd's StartCalendarInterval: one dictionary per combination of the restricted fields (unrestricted
     * fields are left out, which launchd reads as "every"). Day-of-month and day-of-week both restricted give
     * the union of two sets of dictionaries, as cron's OR rule says.
     *
     * @throws IllegalArgumentException when it would need more than {@value #MAX_LAUNCHD_ENTRIES} dictionaries
     */
    public List<Map<String, Integer>> toLaunchdCalendar() {
        List<Map<String, Integer>> out = new ArrayList<>();
        boolean both = !dayOfMonth().star() && !dayOfWeek().star();
        if (both) {
            expand(out, List.of(minute(), hour(), dayOfMonth(), month()));
            expand(out, List.of(minute(), hour(), month(), dayOfWeek()));
        } else {
            expand(out, fields);
        }
        if (out.size() > MAX_LAUNCHD_ENTRIES) {
            throw new IllegalArgumentException("cron expression \"" + source + "\" needs " + out.size()
                    + " launchd calendar entries; use an interval such as \"30m\" or a simpler expression");
        }
        return out;
    }

    private static void expand(List<Map<String, Integer>> out, List<Field> fs) {
        List<Map<String, Integer>> acc = new ArrayList<>();
        acc.add(new LinkedHashMap<>());
        for (Field f : fs) {
            if (f.star()) {
                continue;
            }
            List<Map<String, Integer>> next = new ArrayList<>();
            for (Map<String, Integer> m : acc) {
                for (int v : f.list()) {
                    Map<String, Integer> copy = new LinkedHashMap<>(m);
                    copy.put(launchdKey(f.name()), v);
                    next.add(copy);
                    if (next.size() > MAX_LAUNCHD_ENTRIES * 4) {
                        out.addAll(next);
                        return;
                    }
                }
            }
            acc = next;
        }
        out.addAll(acc);
    }

    private static String launchdKey(String field) {
        return switch (field) {
            case "minute" -> "Minute";
            case "hour" -> "Hour";
            case "day-of-month" -> "Day";
            case "month" -> "Month";
            default -> "Weekday";
        };
    }

    /**
     * systemd's OnCalendar form ({@code [DOW] *-MM-DD HH:MM:00}).
     *
     * @throws IllegalArgumentException when both day fields are restricted (systemd ANDs them, cron ORs them)
     */
    public String toSystemdOnCalendar() {
        if (!dayOfMonth().star() && !dayOfWeek().star()) {
            throw new IllegalArgumentException("cron expression \"" + source + "\" restricts both day-of-month and "
                    + "day-of-week, which systemd timers cannot express; use chatgeist_scheduler: cron or restrict "
                    + "only one of them");
        }
        StringBuilder sb = new StringBuilder();
        if (!dayOfWeek().star()) {
            List<String> days = new ArrayList<>();
            for (int d : dayOfWeek().list()) {
                days.add(SYSTEMD_DAYS[d]);
            }
            sb.append(String.join(",", days)).append(' ');
        }
        sb.append("*-")
                .append(systemd(month(), 2))
                .append('-')
                .append(systemd(dayOfMonth(), 2))
                .append(' ')
                .append(systemd(hour(), 2))
                .append(':')
                .append(systemd(minute(), 2))
                .append(":00");
        return sb.toString();
    }

    private static String systemd(Field f, int width) {
        if (f.star()) {
            return "*";
        }
        List<Integer> v = f.list();
        if (v.size() > 2) {
            int step = v.get(1) - v.get(0);
            boolean progression = true;
            for (int i = 1; i < v.size(); i++) {
                progression &= v.get(i) - v.get(i - 1) == step;
            }
            if (progression && v.get(v.size() - 1) + step > f.max() && step > 1) {
                return pad(v.get(0), width) + "/" + step;
            }
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < v.size()) {
            int j = i;
            while (j + 1 < v.size() && v.get(j + 1) == v.get(j) + 1) {
                j++;
            }
            parts.add(j - i >= 2 ? pad(v.get(i), width) + ".." + pad(v.get(j), width) : pad(v.get(i), width));
            if (j - i == 1) {
                parts.add(pad(v.get(j), width));
            }
            i = j + 1;
        }
        return String.join(",", parts);
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }
}
