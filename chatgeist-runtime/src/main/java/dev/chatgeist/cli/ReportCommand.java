package dev.chatgeist.cli;

import dev.chatgeist.archive.ArchiveDirectory;
import dev.chatgeist.chart.ChartRenderer;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.files.AtomicFiles;
import dev.chatgeist.report.ChatReport;
import dev.chatgeist.report.ChatStats;
import dev.chatgeist.report.ChatStatsReader;
import dev.chatgeist.report.PdfReport;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a PDF about a chat from its archive: totals, messages per month, weekday × hour, "
                    + "top senders, most reacted messages, busiest threads, new and gone senders. No network, no model."
        })
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    static final class Which {
        @Option(names = "--chat", paramLabel = "ALIAS", required = true, description = "The chat to report on.")
        String chat;

        @Option(names = "--all", required = true, description = "Every chat with an archive, one section each.")
        boolean all;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--from", paramLabel = "DATE", description = "First day (YYYY-MM-DD), included.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last day (YYYY-MM-DD), included.")
    String to;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Where to write the PDF (default: report-ALIAS.pdf, or report-all.pdf, here).")
    Path output;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en", description = "en or uk (default en).")
    String lang;

    @Option(
            names = "--zone",
            paramLabel = "ZONE",
            description = "Time zone of dates and hours, e.g. Europe/Kyiv (default: this computer's).")
    String zone;

    @Override
    public Integer call() throws Exception {
        Home home = root.home();
        Locale locale = switch (lang.toLowerCase(Locale.ROOT)) {
            case "en" -> Locale.ENGLISH;
            case "uk" -> Locale.forLanguageTag("uk");
            default -> throw new UserException("--lang must be en or uk, not '" + lang + "'");
        };
        ChatStatsReader.Period period = new ChatStatsReader.Period(day("--from", from), day("--to", to), zone());
        if (period.from().isPresent()
                && period.to().isPresent()
                && period.to().get().isBefore(period.from().get())) {
            throw new UserException("--to " + to + " is before --from " + from + "; give the earlier day first");
        }
        List<String> aliases = aliases(home);
        long start = System.nanoTime();
        ChatStatsReader reader = new ChatStatsReader();
        List<ChatStats> stats = new ArrayList<>();
        for (String alias : aliases) {
            stats.add(reader.read(alias, home.database(alias), period));
        }
        Settings settings = root.cli.settings(home);
        Optional<Path> emoji = PdfReport.findEmojiFont(settings.get("CHATGEIST_PDF_EMOJI_FONT"));
        ChatReport report = new ChatReport(new PdfReport(emoji), ChartRenderer.loadingFonts(emoji));
        byte[] pdf = report.pdf(stats, period, locale, Instant.now());
        Path out = output != null ? output : Path.of(which.all ? "report-all.pdf" : "report-" + which.chat + ".pdf");
        AtomicFiles.write(out, pdf, null, tmp -> {});
        long messages = stats.stream().mapToLong(ChatStats::messages).sum();
        root.cli
                .out()
                .printf(
                        Locale.ROOT,
                        "%s: %,d messages, %,d KB, %.1f s%n",
                        out,
                        messages,
                        pdf.length / 1024,
                        (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private List<String> aliases(Home home) {
        if (which.all) {
            List<String> all = ArchiveDirectory.aliases(home.databasesDir());
            if (all.isEmpty()) {
                throw new UserException("no archives in " + home.databasesDir() + " yet; run: chatgeist update");
            }
            return all;
        }
        ChatArchives.existing(home, which.chat);
        return List.of(which.chat);
    }

    private ZoneId zone() {
        if (zone == null) {
            return root.cli.zone();
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new UserException("unknown time zone '" + zone + "'; use a name like Europe/Kyiv or UTC");
        }
    }

    private static Optional<LocalDate> day(String option, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw new UserException(option + " '" + value + "' is not a date; write it as YYYY-MM-DD, e.g. 2025-01-31");
        }
    }
}
