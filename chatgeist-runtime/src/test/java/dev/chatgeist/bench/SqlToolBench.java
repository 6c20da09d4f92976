package dev.chatgeist.bench;

import dev.chatgeist.sql.SqlLimits;
import dev.chatgeist.sql.SqlResult;
import dev.chatgeist.sql.SqlSandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark (not a test): the prompts' typical queries through the SQL sandbox (fresh read-only connection per
 * call, as the analyst uses it) on a large archive; prints the median and max of several runs per query.
 * Run with bench/sql-tool.sh, which builds a 1M-message archive first.
 */
public final class SqlToolBench {
    public static void main(String[] args) throws Exception {
        Path dbs = Path.of(args[0]);
        String alias = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SqlSandbox sandbox = new SqlSandbox(dbs, SqlLimits.DEFAULT.withTimeout(Duration.ofSeconds(60)));
        Set<String> allowed = Set.of(alias);
        SqlResult top = sandbox.query(
                alias,
                allowed,
                "SELECT sender_username, COUNT(*) AS n FROM messages WHERE "
                        + "sender_username IS NOT NULL AND is_service = 0 GROUP BY sender_id ORDER BY n DESC LIMIT 1",
                () -> false);
        String user = top.rows().get(0).get(0);
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("count", "SELECT COUNT(*) FROM messages");
        queries.put("period", "SELECT MIN(date_iso), MAX(date_iso), COUNT(*) FROM messages");
        queries.put(
                "top senders",
                "SELECT sender_display_name, sender_username, COUNT(*) AS n FROM messages "
                        + "WHERE is_service = 0 GROUP BY sender_id ORDER BY n DESC LIMIT 10");
        queries.put(
                "fts search",
                "SELECT m.id, m.date_iso, m.sender_display_name, substr(m.message, 1, 300) "
                        + "FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH 'квартира' "
                        + "ORDER BY m.date_iso DESC LIMIT 30");
        queries.put(
                "LIKE search",
                "SELECT id, date_iso, substr(message, 1, 300), reactions_count, permalink "
                        + "FROM messages WHERE message LIKE '%кафе%' ORDER BY reactions_count DESC LIMIT 30");
        queries.put(
                "last month",
                "SELECT COUNT(*) FROM messages WHERE date_iso >= (SELECT substr(MAX(date_iso), 1, 7) FROM messages)");
        queries.put(
                "by hour",
                "SELECT strftime('%H', timestamp, 'unixepoch') AS hour, COUNT(*) FROM messages "
                        + "GROUP BY hour ORDER BY hour");
        queries.put(
                "dossier: who",
                "SELECT sender_id, sender_username, sender_display_name, COUNT(*) AS n, "
                        + "MIN(date_iso), MAX(date_iso) FROM messages WHERE sender_username = '" + user
                        + "' GROUP BY sender_id");
        queries.put(
                "dossier: months",
                "SELECT substr(date_iso, 1, 7) AS month, COUNT(*) FROM messages " + "WHERE sender_username = '" + user
                        + "' GROUP BY month ORDER BY month");
        queries.put(
                "dossier: best",
                "SELECT id, date_iso, substr(message, 1, 300), reactions_detail, permalink "
                        + "FROM messages WHERE sender_username = '" + user
                        + "' ORDER BY reactions_count DESC LIMIT 20");
        queries.put(
                "dossier: repliers",
                "SELECT r.sender_display_name, COUNT(*) AS replies FROM messages m "
                        + "JOIN messages r ON r.reply_to_msg_id = m.id WHERE m.sender_username = '" + user + "' "
                        + "GROUP BY r.sender_id ORDER BY replies DESC LIMIT 10");
        queries.put(
                "dossier: mentions",
                "SELECT id, date_iso, sender_display_name, substr(message, 1, 300), permalink "
                        + "FROM messages WHERE message LIKE '%@" + user + "%' ORDER BY date_iso DESC LIMIT 30");
        queries.put(
                "top: fts",
                "SELECT m.id, substr(m.message, 1, 200), m.reactions_count FROM messages_fts f "
                        + "JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH 'кафе OR кава' "
                        + "ORDER BY m.reactions_count DESC LIMIT 40");
        System.out.printf("archive %s/%s.db, %d runs per query, dossier user @%s%n", dbs, alias, runs, user);
        System.out.printf("%-20s %10s %10s %6s%n", "query", "median_ms", "max_ms", "rows");
        for (var e : queries.entrySet()) {
            List<Long> ms = new ArrayList<>();
            int rows = 0;
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                SqlResult r = sandbox.query(alias, allowed, e.getValue(), () -> false);
                ms.add((System.nanoTime() - t) / 1_000_000);
                rows = r.rows().size();
            }
            ms.sort(Long::compare);
            long median = ms.get(ms.size() / 2);
            System.out.printf(
                    "%-20s %10d %10d %6d%s%n",
                    e.getKey(),
                    median,
                    ms.get(ms.size() - 1),
                    rows,
                    median > 3000 ? "  (over the bot's 3 s limit)" : "");
        }
        sandbox.close();
        worstStatements(dbs, alias);
    }

    /**
     * The worst statements we know, under the bot's default limits: wall time, outcome, and the peak RSS of the SQL
     * worker processes (sampled from /proc every 20 ms) and of this JVM, which stands for the bot.
     */
    static void worstStatements(Path dbs, String alias) throws Exception {
        String a4m = "printf('%.*c', 4e6, 'a')";
        Map<String, String> worst = new LinkedHashMap<>();
        worst.put("instr 4 MB / 2 MB", "SELECT instr(" + a4m + ", printf('%.*c', 2e6, 'a') || 'b')");
        worst.put("LIKE 4 MB / 40 KB", "SELECT " + a4m + " LIKE '%' || printf('%.*c', 40000, 'a') || 'b%'");
        worst.put("GLOB 4 MB / 40 KB", "SELECT " + a4m + " GLOB '*' || printf('%.*c', 40000, 'a') || 'b*'");
        worst.put("replace 4 MB / 2 MB", "SELECT length(replace(" + a4m + ", printf('%.*c', 2e6, 'a') || 'b', 'x'))");
        worst.put("400 x randomblob 4.9M", "SELECT " + "randomblob(4.9e6), ".repeat(399) + "randomblob(4.9e6)");
        worst.put("replicate 2 GB", "SELECT length(replicate('ab', 1e9))");
        java.util.concurrent.atomic.AtomicLong workerPeak = new java.util.concurrent.atomic.AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                ProcessHandle.current()
                        .descendants()
                        .forEach(p -> workerPeak.accumulateAndGet(peakKb(p.pid()), Math::max));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        System.out.printf(
                "%nworst statements, %d ms limit%n%-22s %8s %14s  %s%n",
                SqlLimits.DEFAULT.timeout().toMillis(), "statement", "wall_ms", "worker_rss_mb", "outcome");
        try (SqlSandbox limited = new SqlSandbox(dbs, SqlLimits.DEFAULT)) {
            limited.query(alias, Set.of(alias), "SELECT 1", () -> false); // a warm worker, as in the running bot
            for (var e : worst.entrySet()) {
                Thread.sleep(300); // the previous statement's killed worker is gone
                workerPeak.set(0);
                long t = System.nanoTime();
                String outcome;
                try {
                    outcome = "answered: "
                            + limited.query(alias, Set.of(alias), e.getValue(), () -> false)
                                    .rows();
                } catch (dev.chatgeist.sql.SqlRefusedException x) {
                    outcome = x.getMessage();
                }
                long ms = (System.nanoTime() - t) / 1_000_000;
                Thread.sleep(50);
                System.out.printf(
                        "%-22s %8d %14d  %s%n",
                        e.getKey(), ms, workerPeak.get() / 1024, outcome.substring(0, Math.min(70, outcome.length())));
            }
        }
        sampler.interrupt();
        System.out.printf(
                "bench JVM (the bot's side) peak RSS over the whole run: %d MB%n",
                peakKb(ProcessHandle.current().pid()) / 1024);
    }

    /** VmHWM of a process in KB (Linux), 0 where /proc is not there. */
    static long peakKb(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0; // the process ended between listing and reading
        }
        return 0;
    }
}
