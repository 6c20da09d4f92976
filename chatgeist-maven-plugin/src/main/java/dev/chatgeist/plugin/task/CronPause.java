package dev.chatgeist.plugin.task;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * A paused job in a crontab: its line stays in the managed block, commented out with {@value #PREFIX} so that cron
 * skips it and chatgeist:start can restore it exactly. A job's line is the one that appends to its
 * {@code logs/<job>.out.log} (every built-in crontab line does).
 */
public final class CronPause {
    public static final String PREFIX = "#paused# ";

    private CronPause() {}

    /** Whether {@code line} is a command line of {@code job} (paused or not). */
    public static boolean isLineOf(String line, String job) {
        return line.contains("/logs/" + job + ".out.log") && !line.startsWith("# ");
    }

    /** {@code text} (a crontab or a block) with the lines of {@code jobs} commented out; other lines unchanged. */
    public static String pause(String text, Collection<String> jobs) {
        return text.lines()
                .map(l -> !l.startsWith("#") && jobs.stream().anyMatch(j -> isLineOf(l, j)) ? PREFIX + l : l)
                .collect(Collectors.joining("\n", "", text.endsWith("\n") ? "\n" : ""));
    }

    /** {@code text} with the paused lines of {@code job} restored. */
    public static String resume(String text, String job) {
        return text.lines()
                .map(l -> l.startsWith(PREFIX) && isLineOf(l, job) ? l.substring(PREFIX.length()) : l)
                .collect(Collectors.joining("\n", "", text.endsWith("\n") ? "\n" : ""));
    }
}
