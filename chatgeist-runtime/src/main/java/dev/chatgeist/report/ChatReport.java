package dev.chatgeist.report;

import dev.chatgeist.chart.ChartData;
import dev.chatgeist.chart.ChartKind;
import dev.chatgeist.chart.ChartLabels;
import dev.chatgeist.chart.ChartRenderer;
import dev.chatgeist.chart.ChartSpec;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The chat report: {@link ChatStats} of one or more chats laid out as Markdown with charts (messages per month,
 * weekday × hour, top senders, new and gone senders) and tables with links to the messages, rendered as a PDF.
 * No network and no model: everything comes from the archive.
 *
 * <p>Why it is long: one small method per section of the report (totals, months, heatmap, senders, reactions,
 * threads, new and gone senders), in the order the PDF shows them, so the layout reads top to bottom in one place;
 * the figures come from {@link ChatStatsReader}, the drawing from {@link ChartRenderer}.
 */
public final class ChatReport {
    /** Months beyond which the per-month charts are lines (bars would be too thin to read). */
    private static final int BAR_MONTHS = 24;

    private static final int SNIPPET = 140;

    private final PdfReport pdf;
    private final ChartRenderer charts;

    public ChatReport(PdfReport pdf, ChartRenderer charts) {
        this.pdf = pdf;
        this.charts = charts;
    }

    /** The PDF about the whole archive of one chat (the bot's /report). */
    public byte[] wholeArchive(String alias, Path database, ZoneId zone, Locale locale, Instant now) {
        ChatStatsReader.Period all = new ChatStatsReader.Period(Optional.empty(), Optional.empty(), zone);
        return pdf(List.of(new ChatStatsReader().read(alias, database, all)), all, locale, now);
    }

    /** The PDF about {@code chats} (one section each), texts in {@code locale}'s language (Ukrainian or English). */
    public byte[] pdf(List<ChatStats> chats, ChatStatsReader.Period period, Locale locale, Instant now) {
        Page page = new Page(locale, period.zone());
        StringBuilder md = new StringBuilder();
        for (ChatStats s : chats) {
            page.chat(md, s, chats.size() > 1);
        }
        String names = String.join(", ", chats.stream().map(ChatStats::alias).toList());
        String span = period.from().isEmpty() && period.to().isEmpty()
                ? page.text("period_all")
                : page.text(
                        "period",
                        period.from().map(page::date).orElse("…"),
                        period.to().map(page::date).orElse("…"));
        String subtitle = page.text(
                "subtitle", span, page.date(LocalDate.ofInstant(now, period.zone())), zoneName(period.zone()));
        return pdf.render(page.text("title", names), subtitle, md.toString(), page.images);
    }

    /** One report being written: its language, formats, and the charts its Markdown names. */
    private final class Page {
        final Locale locale;
        final ZoneId zone;
        final ResourceBundle texts;
        final NumberFormat numbers;
        final DateTimeFormatter dates;
        final Map<String, byte[]> images = new LinkedHashMap<>();

        Page(Locale locale, ZoneId zone) {
            this.locale = locale;
            this.zone = zone;
            this.texts = ResourceBundle.getBundle(
                    "dev.chatgeist.report.chat_report",
                    locale,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            this.numbers = NumberFormat.getIntegerInstance(locale);
            this.dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        }

        String text(String key, Object... args) {
            String t = texts.getString(key);
            return args.length == 0 ? t : new MessageFormat(t, locale).format(args);
        }

        String n(long v) {
            return numbers.format(v);
        }

        String date(LocalDate d) {
            return dates.format(d);
        }

        String date(Instant i) {
            return i == null ? "—" : dates.format(LocalDate.ofInstant(i, zone));
        }

        /** A day in a table cell: ISO, short and unambiguous in every language, kept on one line. */
        String day(Instant i) {
            return i == null ? "—" : LocalDate.ofInstant(i, zone).toString().replace('-', '\u2011');
        }

        void chat(StringBuilder md, ChatStats s, boolean heading) {
            if (heading) {
                md.append("# ").append(escape(s.alias())).append("\n\n");
            }
            if (s.messages() == 0) {
                md.append(text("empty")).append("\n\n");
                return;
            }
            totals(md, s);
            months(md, s);
            heatmap(md, s);
            senders(md, s);
            reacted(md, s);
            threads(md, s);
            newGone(md, s);
        }

        private void totals(StringBuilder md, ChatStats s) {
            long days = Math.max(1, Duration.between(s.first(), s.last()).toDays() + 1);
            md.append("## ").append(text("totals")).append("\n\n");
            md.append("- ")
                    .append(text("messages"))
                    .append(": **")
                    .append(n(s.messages()))
                    .append("**\n");
            md.append("- ")
                    .append(text("span"))
                    .append(": ")
                    .append(date(s.first()))
                    .append(" – ")
                    .append(date(s.last()))
                    .append(" (")
                    .append(text("days", n(days)))
                    .append(")\n");
            md.append("- ")
                    .append(text("per_day"))
                    .append(": ")
                    .append(String.format(locale, "%.1f", (double) s.messages() / days))
                    .append('\n');
            md.append("- ")
                    .append(text("senders"))
                    .append(": ")
                    .append(n(s.senders()))
                    .append('\n');
            md.append("- ")
                    .append(text("replies"))
                    .append(": ")
                    .append(n(s.replies()))
                    .append(String.format(locale, " (%.0f%%)", 100.0 * s.replies() / s.messages()))
                    .append('\n');
            md.append("- ")
                    .append(text("reactions"))
                    .append(": ")
                    .append(n(s.reactions()))
                    .append(' ')
                    .append(text("reacted_messages", n(s.reactedMessages())))
                    .append('\n');
            if (s.service() > 0) {
                md.append("- ")
                        .append(text("service"))
                        .append(": ")
                        .append(n(s.service()))
                        .append('\n');
            }
            md.append('\n');
        }

        private void months(StringBuilder md, ChatStats s) {
            List<String> labels =
                    s.months().stream().map(m -> m.month().toString()).toList();
            List<Double> values =
                    s.months().stream().map(m -> (double) m.messages()).toList();
            ChartKind kind = labels.size() > BAR_MONTHS ? ChartKind.LINE : ChartKind.BAR;
            md.append("## ").append(text("per_month")).append("\n\n");
            chart(
                    md,
                    s.alias() + "-months",
                    ChartSpec.inline(
                            text("per_month"),
                            kind,
                            "",
                            text("n_messages"),
                            new ChartData(labels, List.of(new ChartData.Series(text("n_messages"), values)))));
        }

        private void heatmap(StringBuilder md, ChatStats s) {
            List<String> hours = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                hours.add(Integer.toString(h));
            }
            List<ChartData.Series> rows = new ArrayList<>();
            for (DayOfWeek d : DayOfWeek.values()) {
                List<Double> v = new ArrayList<>();
                for (int h = 0; h < 24; h++) {
                    v.add((double) s.weekdayHour(d.getValue() - 1, h));
                }
                rows.add(new ChartData.Series(d.getDisplayName(TextStyle.SHORT_STANDALONE, locale), v));
            }
            md.append("## ").append(text("when")).append("\n\n");
            chart(
                    md,
                    s.alias() + "-hours",
                    ChartSpec.inline(
                            text("when_chart", zoneName(zone)),
                            ChartKind.HEATMAP,
                            text("hour"),
                            "",
                            new ChartData(hours, rows)));
        }

        private void senders(StringBuilder md, ChatStats s) {
            md.append("## ").append(text("top_senders")).append("\n\n");
            chart(
                    md,
                    s.alias() + "-senders",
                    ChartSpec.inline(
                            text("top_senders"),
                            ChartKind.HORIZONTAL_BAR,
                            "",
                            text("n_messages"),
                            new ChartData(
                                    s.topSenders().stream()
                                            .map(ChatStats.Sender::label)
                                            .toList(),
                                    List.of(new ChartData.Series(
                                            text("n_messages"),
                                            s.topSenders().stream()
                                                    .map(x -> (double) x.messages())
                                                    .toList())))));
            md.append("| ")
                    .append(text("rank"))
                    .append(" | ")
                    .append(text("sender"))
                    .append(" | ")
                    .append(text("messages"))
                    .append(" | ")
                    .append(text("share"))
                    .append(" | ")
                    .append(text("first"))
                    .append(" | ")
                    .append(text("last"))
                    .append(" |\n|---|---|---|---|---|---|\n");
            int rank = 0;
            for (ChatStats.Sender x : s.topSenders()) {
                md.append("| ")
                        .append(++rank)
                        .append(" | ")
                        .append(escape(x.label()))
                        .append(" | ")
                        .append(n(x.messages()))
                        .append(" | ")
                        .append(String.format(locale, "%.1f%%", 100.0 * x.messages() / s.messages()))
                        .append(" | ")
                        .append(day(x.first()))
                        .append(" | ")
                        .append(day(x.last()))
                        .append(" |\n");
            }
            md.append('\n');
        }

        private void reacted(StringBuilder md, ChatStats s) {
            if (s.mostReacted().isEmpty()) {
                return;
            }
            md.append("## ")
                    .append(text("most_reacted"))
                    .append("\n\n| ")
                    .append(text("reactions"))
                    .append(" | ")
                    .append(text("date"))
                    .append(" | ")
                    .append(text("sender"))
                    .append(" | ")
                    .append(text("message"))
                    .append(" |\n|---|---|---|---|\n");
            for (ChatStats.Message m : s.mostReacted()) {
                md.append("| ")
                        .append(n(m.reactions()))
                        .append(
                                m.reactionsDetail().isBlank()
                                        ? ""
                                        : " · " + escape(ChartLabels.shorten(m.reactionsDetail(), 60)))
                        .append(" | ")
                        .append(day(m.date()))
                        .append(" | ")
                        .append(escape(m.sender()))
                        .append(" | ")
                        .append(link(m))
                        .append(" |\n");
            }
            md.append('\n');
        }

        private void threads(StringBuilder md, ChatStats s) {
            if (s.threads().isEmpty()) {
                return;
            }
            md.append("## ")
                    .append(text("most_active_threads"))
                    .append("\n\n")
                    .append(text("thread_note"))
                    .append("\n\n| ")
                    .append(text("replies_count"))
                    .append(" | ")
                    .append(text("participants"))
                    .append(" | ")
                    .append(text("started"))
                    .append(" | ")
                    .append(text("last_reply"))
                    .append(" | ")
                    .append(text("message"))
                    .append(" |\n|---|---|---|---|---|\n");
            for (ChatStats.Thread t : s.threads()) {
                ChatStats.Message m = t.root();
                md.append("| ")
                        .append(n(t.replies()))
                        .append(" | ")
                        .append(n(t.participants()))
                        .append(" | ")
                        .append(day(m.date()))
                        .append(" | ")
                        .append(day(t.lastReply()))
                        .append(" | ")
                        .append(m.sender().isBlank() ? "" : "**" + escape(m.sender()) + "**: ")
                        .append(link(m))
                        .append(" |\n");
            }
            md.append('\n');
        }

        private void newGone(StringBuilder md, ChatStats s) {
            // the period's first month makes everyone who wrote in it "new": the chart starts after it
            List<ChatStats.Month> shown =
                    s.months().size() > 1 ? s.months().subList(1, s.months().size()) : s.months();
            List<String> labels = shown.stream().map(m -> m.month().toString()).toList();
            md.append("## ")
                    .append(text("new_gone"))
                    .append("\n\n")
                    .append(text("new_gone_note"))
                    .append("\n\n");
            chart(
                    md,
                    s.alias() + "-newgone",
                    ChartSpec.inline(
                            text("new_gone"),
                            labels.size() > BAR_MONTHS ? ChartKind.LINE : ChartKind.BAR,
                            "",
                            text("senders"),
                            new ChartData(
                                    labels,
                                    List.of(
                                            new ChartData.Series(
                                                    text("new"),
                                                    shown.stream()
                                                            .map(m -> (double) m.newSenders())
                                                            .toList()),
                                            new ChartData.Series(
                                                    text("gone"),
                                                    shown.stream()
                                                            .map(m -> (double) m.goneSenders())
                                                            .toList())))));
            md.append("| ")
                    .append(text("month_header"))
                    .append(" | ")
                    .append(text("messages"))
                    .append(" | ")
                    .append(text("new_header"))
                    .append(" | ")
                    .append(text("gone_header"))
                    .append(" |\n|---|---|---|---|\n");
            for (ChatStats.Month m : s.months()) {
                md.append("| ")
                        .append(m.month())
                        .append(" | ")
                        .append(n(m.messages()))
                        .append(" | ")
                        .append(n(m.newSenders()))
                        .append(" | ")
                        .append(n(m.goneSenders()))
                        .append(" |\n");
            }
            md.append('\n');
        }

        /** Renders the chart now and puts its reference where the Markdown stands. */
        private void chart(StringBuilder md, String id, ChartSpec spec) {
            images.put(id, charts.renderPng(spec, spec.data(), locale));
            md.append("![")
                    .append(escape(spec.title()))
                    .append("](")
                    .append(PdfReport.CHART_SCHEME)
                    .append(id)
                    .append(")\n\n");
        }

        private String link(ChatStats.Message m) {
            String shown = m.date() == null ? text("not_in_archive") : m.text().isBlank() ? text("no_text") : m.text();
            String snippet = escape(ChartLabels.shorten(shown, SNIPPET));
            return m.permalink().startsWith("https://") ? "[" + snippet + "](<" + m.permalink() + ">)" : snippet;
        }
    }

    private static String zoneName(ZoneId zone) {
        return zone.normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /** Text from the archive as literal Markdown: every punctuation mark that could start markup escaped. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.replaceAll("[\\r\\n]+", " ").toCharArray()) {
            if ("\\`*_{}[]<>()#+-.!|~&$".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
