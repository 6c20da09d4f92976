package dev.chatgeist.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.chatgeist.archive.Archive;
import dev.chatgeist.core.UserException;
import dev.chatgeist.search.ArchiveSearch;
import dev.chatgeist.search.FtsQuery;
import dev.chatgeist.search.SearchHit;
import dev.chatgeist.search.SearchRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Full-text search of the archives (the same index the bot uses), newest first.",
            "Each word also finds longer words that start with it, and Ukrainian/Russian words are matched without "
                    + "their case ending (квартиру finds квартира, квартири); \"words in quotes\" are a phrase; "
                    + "a bare OR between words means either. Dates are in your local time zone (--utc for UTC)."
        },
        footer = {
            "",
            "Examples:",
            "  chatgeist search --chat kyiv кава",
            "  chatgeist search --all --from 2025-01-01 " + "--sender @olena_k \"нова квартира\"",
            "  chatgeist search --chat kyiv --raw 'кав* NOT кафе'",
            "  chatgeist search --chat kyiv --json --limit 100 docker"
        })
final class SearchCommand implements Callable<Integer> {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final String BOLD = "\u001b[1m";
    private static final String PLAIN = "\u001b[0m";

    @ParentCommand
    RootCommand root;

    static final class Scope {
        @Option(names = "--chat", paramLabel = "ALIAS", description = "Search this chat only.")
        String chat;

        @Option(names = "--all", description = "Search every archive (the default when --chat is not given).")
        boolean all;
    }

    @ArgGroup(exclusive = true)
    Scope scope;

    @Option(names = "--from", paramLabel = "DATE", description = "Only messages on or after this day (YYYY-MM-DD).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Only messages on or before this day (YYYY-MM-DD).")
    String to;

    @Option(
            names = "--sender",
            paramLabel = "NAME",
            description = "Only messages of this sender: @username, sender id, or part of the display name.")
    String sender;

    @Option(names = "--rank", description = "Best matches first (FTS5 bm25) instead of newest first.")
    boolean rank;

    @Option(names = "--exact", description = "Match whole words only: no prefixes, no ending trimmed.")
    boolean exact;

    @Option(
            names = "--raw",
            description = "Pass QUERY to FTS5 as written (its syntax: AND, OR, NOT, NEAR, \"...\", *).")
    boolean raw;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Hits to show (default 20).")
    int limit;

    @Option(names = "--utc", description = "Dates in UTC instead of the local time zone.")
    boolean utc;

    @Option(names = "--json", description = "One JSON document for scripts (fields in the README).")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "Words to find.")
    List<String> query;

    @Override
    public Integer call() throws IOException {
        Cli cli = root.cli;
        if (limit < 1) {
            throw new UserException("--limit must be 1 or more, got " + limit);
        }
        if (exact && raw) {
            throw new UserException("--exact and --raw do not go together; --raw takes FTS5 syntax as written");
        }
        ZoneId zone = utc ? ZoneOffset.UTC : cli.zone();
        String text = String.join(" ", query);
        String match =
                FtsQuery.build(text, raw ? FtsQuery.Mode.RAW : exact ? FtsQuery.Mode.EXACT : FtsQuery.Mode.PREFIX);
        Instant start =
                from == null ? null : day(from, "--from").atStartOfDay(zone).toInstant();
        Instant until = to == null
                ? null
                : day(to, "--to").plusDays(1).atStartOfDay(zone).toInstant();
        if (start != null && until != null && !start.isBefore(until)) {
            throw new UserException("--from " + from + " is after --to " + to + "; swap them");
        }
        SearchRequest request = new SearchRequest(match, start, until, sender, limit, rank);
        List<String> aliases =
                scope != null && scope.chat != null ? List.of(scope.chat) : ChatArchives.all(root.home());
        ArchiveSearch search = new ArchiveSearch(
                json || !cli.terminal()
                        ? new ArchiveSearch.Markers("**", "**")
                        : new ArchiveSearch.Markers(BOLD, PLAIN));
        List<SearchHit> found = new ArrayList<>();
        for (String alias : aliases) {
            Path file = ChatArchives.existing(root.home(), alias);
            try (Archive archive = Archive.openReadOnly(file)) {
                found.addAll(search.search(alias, archive.readConnection(), request));
            }
        }
        List<SearchHit> hits = ArchiveSearch.merge(found, rank, limit);
        boolean more = hits.size() > limit;
        hits = hits.subList(0, Math.min(limit, hits.size()));
        if (json) {
            writeJson(cli.out(), text, match, zone, hits, more);
        } else {
            writeText(cli.out(), hits, more, zone, aliases.size() > 1);
        }
        return 0;
    }

    private static LocalDate day(String value, String option) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new UserException(option + " " + value + " is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01");
        }
    }

    private void writeText(PrintWriter out, List<SearchHit> hits, boolean more, ZoneId zone, boolean manyChats) {
        for (SearchHit h : hits) {
            StringBuilder head = new StringBuilder();
            if (manyChats) {
                head.append('[').append(h.chat()).append("] ");
            }
            head.append(shown(h, zone)).append("  ").append(h.sender() == null ? "?" : h.sender());
            if (h.senderUsername() != null && !h.senderUsername().isEmpty()) {
                head.append(" (@").append(h.senderUsername()).append(')');
            }
            head.append("  #").append(h.id());
            out.println(head);
            out.println("  " + h.snippet());
            if (h.permalink() != null && !h.permalink().isEmpty()) {
                out.println("  " + h.permalink());
            }
            out.println();
        }
        String order = rank ? "best match first" : "newest first";
        String where = zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId() + " time";
        if (hits.isEmpty()) {
            out.println("No messages found." + (exact || raw ? "" : " Try fewer words, or --raw for FTS5 syntax."));
        } else {
            out.println(hits.size() + (hits.size() == 1 ? " message" : " messages") + ", " + order + ", dates in "
                    + where + (more ? "; there are more: raise --limit or narrow with --from/--to/--sender" : ""));
        }
        out.flush();
    }

    private static String shown(SearchHit h, ZoneId zone) {
        return h.timestamp() == null
                ? String.valueOf(h.dateIso())
                : SHOWN.format(Instant.ofEpochSecond(h.timestamp()).atZone(zone));
    }

    private void writeJson(PrintWriter out, String text, String match, ZoneId zone, List<SearchHit> hits, boolean more)
            throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("query", text);
            g.writeStringField("match", match);
            g.writeStringField("order", rank ? "rank" : "newest");
            g.writeStringField("time_zone", zone.getId());
            g.writeNumberField("limit", limit);
            g.writeBooleanField("more", more);
            g.writeArrayFieldStart("hits");
            for (SearchHit h : hits) {
                g.writeStartObject();
                g.writeStringField("chat", h.chat());
                g.writeNumberField("id", h.id());
                g.writeStringField(
                        "date",
                        h.timestamp() == null
                                ? h.dateIso()
                                : ISO.format(
                                        Instant.ofEpochSecond(h.timestamp()).atZone(zone)));
                nullableNumber(g, "timestamp", h.timestamp());
                g.writeStringField("sender", h.sender());
                g.writeStringField("sender_username", h.senderUsername());
                nullableNumber(g, "sender_id", h.senderId());
                g.writeStringField("permalink", h.permalink());
                g.writeStringField("snippet", h.snippet());
                if (h.rank() == null) {
                    g.writeNullField("rank");
                } else {
                    g.writeNumberField("rank", h.rank());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
        out.flush();
    }

    private static void nullableNumber(JsonGenerator g, String name, Long v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }
}
