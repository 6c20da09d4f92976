package dev.chatgeist.bench;

import static dev.chatgeist.testing.AnthropicStandIn.firstRow;
import static dev.chatgeist.testing.AnthropicStandIn.text;
import static dev.chatgeist.testing.AnthropicStandIn.toolResult;

import dev.chatgeist.bot.BotApp;
import dev.chatgeist.config.Home;
import dev.chatgeist.testing.AnthropicStandIn;
import dev.chatgeist.testing.BotApiStandIn;
import dev.chatgeist.testing.BotApiStandIn.Msg;
import dev.chatgeist.testing.TestArchives;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test): N simulated users ask one question each at the same moment. The real bot runs against
 * the Bot API stand-in and the Messages API stand-in, whose model takes {@code latency} ms per request and makes
 * two requests per question (one SQL tool call on a real archive, then the answer): about 2 s of analyst time.
 * Checks that every question is answered exactly once and that the concurrency cap holds; reports the bot's own
 * overhead (time outside the analyst and the queue, from the bot's log lines) and the peak heap.
 * Run with bench/bot-load.sh.
 */
public final class BotLoadBench {
    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int perRequestMs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int cap = 3;
        Path home = Files.createTempDirectory("chatgeist-bench");
        TestArchives.build(home.resolve("databases"), "chat", 20_000);
        String token = "123456789:BENCH-token";
        int failures = 0;
        try (BotApiStandIn telegram = new BotApiStandIn(token);
                AnthropicStandIn api = new AnthropicStandIn("sk-bench")) {
            api.latency(perRequestMs);
            api.script(req -> {
                String r = toolResult(req);
                return r == null
                        ? api.toolUse("SELECT COUNT(*) AS n FROM messages WHERE message LIKE '%кава%'", null)
                        : text("Згадок кави: **" + firstRow(r) + "**.");
            });
            Map<String, String> env = new HashMap<>();
            env.put("TELEGRAM_BOT_TOKEN", token);
            env.put("TELEGRAM_BOT_API_URL", telegram.url().toString());
            env.put("TELEGRAM_POLL_TIMEOUT_SECONDS", "10");
            env.put("ANTHROPIC_API_KEY", "sk-bench");
            env.put("ANTHROPIC_BASE_URL", api.baseUrl().toString());
            env.put("CHATGEIST_MAX_CONCURRENT", Integer.toString(cap));
            env.put("CHATGEIST_DAILY_LIMIT", "5");
            StringWriter console = new StringWriter();
            PrintWriter out = new PrintWriter(console, true);
            HeapWatcher heap = new HeapWatcher();
            heap.start();
            try (BotApp app = BotApp.create(new Home(home), env, ZoneId.systemDefault(), out, out)) {
                app.start();
                // warm-up: a running bot has its classes loaded and compiled; a cold JVM would measure the JIT
                int warm = users / 5;
                List<Integer> warmIds = new ArrayList<>();
                for (int i = 0; i < warm; i++) {
                    warmIds.add(telegram.userSends(900_000 + i, "Warm" + i, "Скільки разів згадували каву?"));
                }
                for (int i = 0; i < warm; i++) {
                    int q = warmIds.get(i);
                    telegram.await(900_000 + i, m -> isAnswer(m, q), Duration.ofMinutes(5));
                }
                long warmLines = awaitLog(home, warm)
                        .lines()
                        .filter(l -> l.contains(" question "))
                        .count();
                long t0 = System.nanoTime();
                int[] questionIds = new int[users];
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> senders = new ArrayList<>();
                for (int i = 0; i < users; i++) {
                    int u = i;
                    Thread t = new Thread(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        questionIds[u] = telegram.userSends(1000 + u, "User" + u, "Скільки разів згадували каву?");
                    });
                    t.start();
                    senders.add(t);
                }
                go.countDown();
                for (Thread t : senders) {
                    t.join();
                }
                Duration wait = Duration.ofMillis(120_000L + (long) users * perRequestMs * 2 / cap * 2);
                for (int i = 0; i < users; i++) {
                    int q = questionIds[i];
                    telegram.await(1000 + i, m -> isAnswer(m, q), wait);
                }
                long wall = (System.nanoTime() - t0) / 1_000_000;
                Thread.sleep(1000); // let late duplicates (if any) show up
                int exactlyOnce = 0;
                for (int i = 0; i < users; i++) {
                    int q = questionIds[i];
                    long answers = telegram.botMessages(1000 + i).stream()
                            .filter(m -> isAnswer(m, q))
                            .count();
                    if (answers == 1) {
                        exactlyOnce++;
                    }
                }
                List<Long> overhead = new ArrayList<>();
                List<String> lines = awaitLog(home, (int) warmLines + users)
                        .lines()
                        .filter(l -> l.contains(" question "))
                        .skip(warmLines)
                        .toList();
                Pattern p = Pattern.compile("outcome=ok .* overhead_ms=(\\d+)");
                for (String line : lines) {
                    Matcher m = p.matcher(line);
                    if (m.find()) {
                        overhead.add(Long.parseLong(m.group(1)));
                    }
                }
                overhead.sort(Long::compare);
                heap.stopWatching();
                System.out.printf("warm-up: %d questions first (not measured)%n", warm);
                System.out.printf(
                        "users=%d analyst_latency_ms=%d (2 requests x %d ms) max_concurrent=%d%n",
                        users, 2 * perRequestMs, perRequestMs, cap);
                System.out.printf("answered_exactly_once=%d/%d wall_ms=%d%n", exactlyOnce, users, wall);
                System.out.printf(
                        "concurrency: bot_max=%d standin_max_in_flight=%d (cap %d)%n",
                        app.maxConcurrentSeen(), api.maxInFlight(), cap);
                System.out.printf(
                        "bot_overhead_ms: n=%d p50=%d p95=%d max=%d%n",
                        overhead.size(),
                        pct(overhead, 50),
                        pct(overhead, 95),
                        overhead.isEmpty() ? -1 : overhead.get(overhead.size() - 1));
                System.out.printf(
                        "heap_peak_used_mb=%.1f (max heap %d MB)%n",
                        heap.peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576);
                if (exactlyOnce != users) {
                    System.out.println("FAIL: not every question was answered exactly once");
                    failures++;
                }
                if (app.maxConcurrentSeen() > cap || api.maxInFlight() > cap) {
                    System.out.println("FAIL: the concurrency cap was exceeded");
                    failures++;
                }
                if (overhead.size() != users || pct(overhead, 95) >= 100) {
                    System.out.println("FAIL: bot overhead p95 must be under 100 ms for every question");
                    failures++;
                }
                if (heap.peak >= 256L * 1048576) {
                    System.out.println("FAIL: heap reached 256 MB");
                    failures++;
                }
            }
        }
        System.out.println(failures == 0 ? "RESULT: PASS" : "RESULT: FAIL (" + failures + ")");
        System.exit(failures == 0 ? 0 : 1);
    }

    static boolean isAnswer(Msg m, int questionId) {
        return !m.deleted
                && m.text != null
                && m.text.startsWith("Згадок кави")
                && Integer.valueOf(questionId).equals(m.replyTo);
    }

    static String awaitLog(Path home, int users) throws Exception {
        Path f = home.resolve("logs/bot.log");
        String log = "";
        for (int i = 0; i < 100; i++) {
            log = Files.exists(f) ? Files.readString(f) : "";
            if (log.lines().filter(l -> l.contains(" question ")).count() >= users) {
                break;
            }
            Thread.sleep(100);
        }
        return log;
    }

    static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    /** Samples the used heap (all heap pools) every 20 ms. */
    static final class HeapWatcher extends Thread {
        volatile long peak;
        private volatile boolean running = true;

        HeapWatcher() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running) {
                long used = 0;
                for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (p.getType() == MemoryType.HEAP) {
                        used += p.getUsage().getUsed();
                    }
                }
                peak = Math.max(peak, used);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopWatching() {
            running = false;
        }
    }
}
