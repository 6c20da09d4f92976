package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.Shell;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The archives part of chatgeist:status: each archive's size, and the runtime's own {@code stats} summary line
 * (messages, last id, first .. last message date). A chat whose last message is {@value #STALE_DAYS} or more days
 * older than the newest chat's is flagged: its updates probably fail or its target changed.
 */
public final class Archives {
    static final int STALE_DAYS = 2;
    private static final Pattern LAST_DATE = Pattern.compile("\\.\\. (\\d{4}-\\d{2}-\\d{2})");

    private Archives() {}

    /** Prints "bytes file.db" per archive. */
    public static String sizesProbe(Host host) {
        return "cd " + Shell.quote(host.appDir() + "/databases") + " 2>/dev/null || exit 0; for f in *.db; do"
                + " [ -f \"$f\" ] && echo \"$(wc -c < \"$f\") $f\"; done; true";
    }

    /** The runtime's {@code stats --top 1} through the installed launcher, as the app user; exit 3: none yet. */
    public static String statsProbe(Host host, boolean asOwner) {
        return "[ -x " + Shell.quote(host.launcher()) + " ] || exit 3; "
                + (asOwner ? "" : "sudo -n -u " + Shell.quote(host.user()) + " ")
                + String.join(
                        " ",
                        "env",
                        "CHATGEIST_JAVA=" + Shell.quote(host.java()),
                        Shell.quote(host.launcher()),
                        "--home",
                        Shell.quote(host.appDir()),
                        "stats",
                        "--top",
                        "1");
    }

    /** The report's lines after "archives:", each starting with a newline; " none yet" when there are none. */
    public static String describe(ProbeResult sizes, ProbeResult stats, String installHint) {
        Map<String, String> size = new LinkedHashMap<>();
        sizes.text().lines().forEach(l -> {
            String[] f = l.strip().split(" ", 2);
            if (f.length == 2 && f[0].matches("\\d+")) {
                size.put(f[1].replaceFirst("\\.db$", ""), megabytes(Long.parseLong(f[0])));
            }
        });
        StringBuilder sb = new StringBuilder();
        if (stats.ok()) {
            List<String> summaries = new ArrayList<>();
            for (String line : stats.text().lines().toList()) {
                if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                    summaries.add(line); // top senders and months are indented: status shows the summary only
                }
            }
            Optional<LocalDate> newest = summaries.stream()
                    .map(Archives::lastDate)
                    .flatMap(Optional::stream)
                    .max(LocalDate::compareTo);
            for (String line : summaries) {
                String alias = line.contains(":") ? line.substring(0, line.indexOf(':')) : line;
                String mb = size.remove(alias);
                sb.append("\n    ").append(line).append(mb == null ? "" : " (" + mb + ")");
                Optional<LocalDate> last = lastDate(line);
                if (last.isPresent() && newest.isPresent()) {
                    long days = ChronoUnit.DAYS.between(last.get(), newest.get());
                    if (days >= STALE_DAYS) {
                        sb.append("  <- STALE: last message ")
                                .append(days)
                                .append(" days older than the newest"
                                        + " chat's; chatgeist:logs -Dchatgeist.job=update shows why");
                    }
                }
            }
        } else if (stats.exitCode() == 3) {
            sb.append("\n    (no bin/chatgeist yet: ").append(installHint).append(')');
        } else {
            String err = stats.stderr().strip();
            sb.append("\n    (stats failed, exit ")
                    .append(stats.exitCode())
                    .append(
                            err.isEmpty()
                                    ? ""
                                    : ": " + err.lines().reduce((a, b) -> b).orElse(""))
                    .append(')');
        }
        size.forEach((alias, mb) ->
                sb.append("\n    ").append(alias).append(".db (").append(mb).append(')'));
        return sb.length() == 0 ? " none yet" : sb.toString();
    }

    static Optional<LocalDate> lastDate(String summary) {
        Matcher m = LAST_DATE.matcher(summary);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(m.group(1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String megabytes(long bytes) {
        return bytes < 1_048_576
                ? (bytes + 1023) / 1024 + " kB"
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }
}
