package dev.chatgeist.bench;

import dev.chatgeist.archive.Archive;
import dev.chatgeist.search.ArchiveSearch;
import dev.chatgeist.search.FtsQuery;
import dev.chatgeist.search.SearchHit;
import dev.chatgeist.search.SearchRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (not a test): {@code chatgeist search}'s work inside the process — open the archive read-only (schema
 * check included), run the FTS5 query, read the hits — on a large archive; median and p95 of several runs per
 * query after one warm-up. Run with bench/search-latency.sh, which builds a 1M-message archive first.
 */
public final class SearchBench {
    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Map<String, SearchRequest> queries = new LinkedHashMap<>();
        queries.put("common word, newest first", request("квартира", null, null, null, 20, false));
        queries.put("common word, by rank", request("квартира", null, null, null, 20, true));
        queries.put("two rare words", request("нотаріус консульство", null, null, null, 20, false));
        queries.put(
                "word + one year", request("робота", "2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z", null, 20, false));
        queries.put("word + sender", request("робота", null, null, "олена", 20, false));
        queries.put("100 hits", request("docker", null, null, null, 100, false));
        queries.put("1000 hits, by rank", request("docker", null, null, null, 1000, true));
        ArchiveSearch search = new ArchiveSearch(new ArchiveSearch.Markers("**", "**"));
        System.out.printf("archive %s, %d runs per query after a warm-up; each run opens the archive%n", db, runs);
        System.out.printf("%-28s %10s %10s %6s%n", "query", "median_ms", "p95_ms", "hits");
        for (var e : queries.entrySet()) {
            List<Double> ms = new ArrayList<>();
            int hits = 0;
            for (int i = 0; i <= runs; i++) {
                long t = System.nanoTime();
                List<SearchHit> found;
                try (Archive a = Archive.openReadOnly(db)) {
                    found = search.search("bench", a.readConnection(), e.getValue());
                }
                if (i > 0) {
                    ms.add((System.nanoTime() - t) / 1e6);
                }
                hits = Math.min(found.size(), e.getValue().limit());
            }
            ms.sort(Double::compare);
            System.out.printf(
                    "%-28s %10.1f %10.1f %6d%n",
                    e.getKey(), ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.95) - 1), hits);
        }
    }

    private static SearchRequest request(
            String words, String from, String until, String sender, int limit, boolean byRank) {
        return new SearchRequest(
                FtsQuery.build(words, FtsQuery.Mode.PREFIX),
                from == null ? null : Instant.parse(from),
                until == null ? null : Instant.parse(until),
                sender,
                limit,
                byRank);
    }
}
