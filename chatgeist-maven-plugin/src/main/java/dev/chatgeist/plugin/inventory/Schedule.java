package dev.chatgeist.plugin.inventory;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** When a batch job runs: every fixed interval ({@code "1h"}) or on a five-field cron expression. */
public sealed interface Schedule permits Schedule.Every, Schedule.Cron {
    /** As written in the inventory. */
    String source();

    /** The same schedule as a cron expression, if cron can say it exactly. */
    Optional<CronExpression> asCron();

    String describe();

    Pattern INTERVAL = Pattern.compile("(\\d{1,5})\\s*([mhd])");

    /**
     * Parses {@code "30m"}, {@code "1h"}, {@code "4h"}, {@code "1d"} or a five-field cron expression.
     *
     * @throws IllegalArgumentException with a message saying what is expected
     */
    static Schedule parse(String text) {
        String s = text.trim();
        Matcher m = INTERVAL.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            if (n <= 0) {
                throw new IllegalArgumentException("bad interval \"" + text + "\": it must be at least 1m");
            }
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return new Every(d, s);
        }
        if (s.contains(" ")) { // cron-like: let the cron parser say what is wrong with it
            return new Cron(CronExpression.parse(s));
        }
        throw new IllegalArgumentException("bad schedule \"" + text + "\": expected an interval such as \"30m\", "
                + "\"1h\", \"4h\", \"1d\", a five-field cron expression such as \"0 */4 * * *\", or false");
    }

    record Every(Duration period, String source) implements Schedule {
        public long seconds() {
            return period.toSeconds();
        }

        @Override
        public Optional<CronExpression> asCron() {
            long minutes = period.toMinutes();
            String expr = null;
            if (minutes == 1) {
                expr = "* * * * *";
            } else if (minutes < 60 && 60 % minutes == 0) {
                expr = "*/" + minutes + " * * * *";
            } else if (minutes % 60 == 0) {
                long hours = minutes / 60;
                if (hours == 1) {
                    expr = "0 * * * *";
                } else if (hours < 24 && 24 % hours == 0) {
                    expr = "0 */" + hours + " * * *";
                } else if (hours == 24) {
                    expr = "0 0 * * *";
                }
            }
            return Optional.ofNullable(expr).map(CronExpression::parse);
        }

        @Override
        public String describe() {
            return "every " + source;
        }
    }

    record Cron(CronExpression expression) implements Schedule {
        @Override
        public String source() {
            return expression.source();
        }

        @Override
        public Optional<CronExpression> asCron() {
            return Optional.of(expression);
        }

        @Override
        public String describe() {
            return "cron \"" + expression.source() + "\"";
        }
    }
}
