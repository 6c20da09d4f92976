package dev.chatgeist.source;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;

/**
 * The few Python behaviours the archive must reproduce so that our rows equal the Python converter's:
 * {@code int(datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp())} (CPython 3.11's C parser, naive times
 * in the local zone), truthiness, {@code str()} of numbers, and {@code str.strip()}'s idea of whitespace.
 */
public final class PythonCompat {
    private PythonCompat() {}

    /** The Python converter's {@code parse_timestamp}: unix seconds, or null where Python gives None. */
    public static Long timestamp(String date, ZoneId localZone) {
        if (date == null) {
            return null;
        }
        String s = date.replace("Z", "+00:00");
        try {
            return parse(s, localZone);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Long parse(String s, ZoneId localZone) {
        int len = s.length();
        if (len < 7) {
            return null;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) > 127) {
                return null; // CPython parses the UTF-8 bytes: any non-ASCII character breaks the layout
            }
        }
        int sep = separatorLocation(s);
        LocalDate date = parseDate(s, sep);
        if (date == null) {
            return null;
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        int micro = 0;
        Long offsetMicros = null;
        if (len > sep) {
            String t = s.substring(sep + 1);
            int tz = 0;
            while (tz < t.length() && t.charAt(tz) != 'Z' && t.charAt(tz) != '+' && t.charAt(tz) != '-') {
                tz++;
            }
            int[] hms = new int[4];
            int rv = hhmmssff(t, 0, tz, hms);
            if (rv < 0 || (tz == t.length() && rv == 1)) {
                return null;
            }
            hour = hms[0];
            minute = hms[1];
            second = hms[2];
            micro = hms[3];
            if (tz < t.length()) {
                if (t.charAt(tz) == 'Z') {
                    if (tz + 1 != t.length()) {
                        return null;
                    }
                    offsetMicros = 0L;
                } else {
                    int[] off = new int[4];
                    if (hhmmssff(t, tz + 1, t.length(), off) != 0) {
                        return null;
                    }
                    long total = (off[0] * 3600L + off[1] * 60L + off[2]) * 1_000_000L + off[3];
                    if (total >= 86_400_000_000L) {
                        return null; // timezone() wants |offset| < 24 h
                    }
                    offsetMicros = t.charAt(tz) == '-' ? -total : total;
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        LocalDateTime ldt = date.atTime(hour, minute, second);
        long seconds = offsetMicros == null ? ldt.atZone(localZone).toEpochSecond() : ldt.toEpochSecond(ZoneOffset.UTC);
        long micros = seconds * 1_000_000L + micro - (offsetMicros == null ? 0 : offsetMicros);
        return micros / 1_000_000L; // int() of the float timestamp truncates toward zero
    }

    /** CPython's {@code _find_isoformat_datetime_separator}. */
    private static int separatorLocation(String s) {
        int len = s.length();
        if (len == 7) {
            return 7;
        }
        if (s.charAt(4) == '-') {
            if (s.charAt(5) == 'W') {
                if (len > 8 && s.charAt(8) == '-') {
                    if (len == 9) {
                        throw new IllegalArgumentException();
                    }
                    if (len > 10 && isDigit(s.charAt(10))) {
                        return 8;
                    }
                    return 10;
                }
                return 8;
            }
            return 10;
        }
        if (s.charAt(4) == 'W') {
            int idx = 7;
            while (idx < len && isDigit(s.charAt(idx))) {
                idx++;
            }
            if (idx < 9) {
                return idx;
            }
            return idx % 2 == 0 ? 7 : 8;
        }
        return 8;
    }

    private static LocalDate parseDate(String s, int end) {
        String d = s.substring(0, Math.min(end, s.length()));
        int p = 0;
        int year = digits(d, p, 4);
        if (year < 1) {
            return null;
        }
        p += 4;
        boolean dash = p < d.length() && d.charAt(p) == '-';
        if (dash) {
            p++;
        }
        try {
            if (p < d.length() && d.charAt(p) == 'W') {
                p++;
                int week = digits(d, p, 2);
                if (week < 0) {
                    return null;
                }
                p += 2;
                int day = 1;
                if (p < d.length()) {
                    if (dash && d.charAt(p++) != '-') {
                        return null;
                    }
                    day = digits(d, p, 1);
                    if (day < 0) {
                        return null;
                    }
                }
                if (week < 1 || week > 53 || day < 1 || day > 7) {
                    return null;
                }
                LocalDate jan4 = LocalDate.of(year, 1, 4);
                if (week == 53 && jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum() < 53) {
                    return null;
                }
                return jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                        .with(java.time.temporal.ChronoField.DAY_OF_WEEK, day);
            }
            int month = digits(d, p, 2);
            if (month < 0) {
                return null;
            }
            p += 2;
            if (dash) {
                if (p >= d.length() || d.charAt(p) != '-') {
                    return null;
                }
                p++;
            }
            int day = digits(d, p, 2);
            if (day < 0) {
                return null;
            }
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * CPython's {@code parse_hh_mm_ss_ff} over {@code s} from {@code p} to {@code end}, reading past {@code end}
     * exactly where the C code does (the string is NUL-terminated there). Fills hour, minute, second, microsecond;
     * returns 0 at the end of the string, 1 if characters remain, negative on error.
     */
    private static int hhmmssff(String s, int p, int end, int[] out) {
        boolean hasSeparator = true;
        for (int i = 0; i < 3; i++) {
            int v = digits(s, p, 2);
            if (v < 0) {
                return -3;
            }
            out[i] = v;
            p += 2;
            char c = at(s, p++);
            if (i == 0) {
                hasSeparator = c == ':';
            }
            if (p >= end) {
                return c != '\0' ? 1 : 0;
            } else if (hasSeparator && c == ':') {
                continue;
            } else if (c == '.' || c == ',') {
                break;
            } else if (!hasSeparator) {
                p--;
            } else {
                return -4;
            }
        }
        int toParse = Math.min(end - p, 6);
        int f = digits(s, p, toParse);
        if (toParse < 1 || f < 0) {
            return -3;
        }
        p += toParse;
        for (int i = toParse; i < 6; i++) {
            f *= 10;
        }
        out[3] = f;
        while (isDigit(at(s, p))) {
            p++;
        }
        return at(s, p) != '\0' ? 1 : 0;
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private static int digits(String s, int from, int n) {
        if (from + n > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Python's {@code str.isspace()} for one character (what {@code str.strip()} removes). */
    public static boolean isSpace(int cp) {
        return switch (cp) {
            case 0x09,
                    0x0A,
                    0x0B,
                    0x0C,
                    0x0D,
                    0x1C,
                    0x1D,
                    0x1E,
                    0x1F,
                    0x20,
                    0x85,
                    0xA0,
                    0x1680,
                    0x2028,
                    0x2029,
                    0x202F,
                    0x205F,
                    0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** The fewest significant digits that read back as {@code d} (JDK 17's Double.toString is not always shortest). */
    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal candidate = exact.round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
    }

    /** Python's {@code repr(float)} (also its {@code str()}): shortest round-trip digits, Python's layout. */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = shortest(d);
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
