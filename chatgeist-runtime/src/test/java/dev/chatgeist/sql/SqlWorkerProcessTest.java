package dev.chatgeist.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.testing.TestArchives;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker processes behind the sandbox: slow statements at once, real kills, no orphans, capped replies. */
class SqlWorkerProcessTest {
    @TempDir
    static Path dir;

    static Path dbs;
    static final Set<String> ALLOWED = Set.of("chat");

    @BeforeAll
    static void archive() {
        dbs = dir.resolve("databases");
        TestArchives.build(dbs, "chat", 500);
    }

    @Test
    void slowStatementsRunningAtOnceLeaveTheNextQueryItsAnswer() throws Exception {
        int concurrent = 3;
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        AtomicBoolean cancel = new AtomicBoolean();
        try (var sandbox = new SqlSandbox(dbs, SqlLimits.DEFAULT.withTimeout(Duration.ofSeconds(60)), concurrent)) {
            List<Future<String>> slow = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                slow.add(pool.submit(() -> {
                    try {
                        sandbox.query("chat", ALLOWED, SqlSandboxTest.SLOW_INSTR, cancel::get);
                        return "finished";
                    } catch (SqlRefusedException e) {
                        return e.getMessage();
                    }
                }));
            }
            Thread.sleep(300);
            SqlResult honest = sandbox.query("chat", ALLOWED, "SELECT COUNT(*) FROM messages", () -> false);
            assertThat(honest.rows()).containsExactly(List.of("500"));
            assertThat(slow).as("the slow statements were still running").noneMatch(Future::isDone);
            cancel.set(true);
            long start = System.nanoTime();
            for (Future<String> f : slow) {
                assertThat(f.get(5, TimeUnit.SECONDS)).contains("cancelled");
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRowOfHugeValuesReachesTheCallerCutToTheByteCap() throws Exception {
        try (var sandbox = new SqlSandbox(dbs, SqlLimits.DEFAULT.withTimeout(Duration.ofSeconds(30)))) {
            String wide = "SELECT " + "printf('%.*c', 2.5e6, 'x'), ".repeat(29) + "printf('%.*c', 2.5e6, 'x')";
            SqlResult r = sandbox.query("chat", ALLOWED, wide, () -> false);
            assertThat(r.columns()).hasSize(30);
            assertThat(r.truncated()).isTrue();
            assertThat(r.render()).contains("byte cap");
            assertThat(r.render().getBytes(StandardCharsets.UTF_8).length).isLessThan(51_000);
        }
    }

    @Test
    void theWorkersDieWithTheBot() throws Exception {
        // its temporary files (the copy of SQLite's native library) go to the test's folder: a killed JVM leaves them
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-Djava.io.tmpdir=" + dir,
                "-cp",
                System.getProperty("java.class.path"),
                SqlSandboxChild.class.getName(),
                dbs.toString());
        Process bot = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var out = new BufferedReader(new InputStreamReader(bot.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("running");
            Thread.sleep(300); // the slow statement is inside instr() now
            List<ProcessHandle> workers = bot.descendants().toList();
            assertThat(workers).as("a busy worker and a warm spare").hasSizeGreaterThanOrEqualTo(2);
            bot.destroyForcibly().waitFor();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (workers.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(workers).as("no worker outlives the bot").noneMatch(ProcessHandle::isAlive);
        } finally {
            bot.destroyForcibly();
        }
    }

    @Test
    void theWorkersDoNotInheritTheBotsEnvironment() throws Exception {
        try (var sandbox = new SqlSandbox(dbs, SqlLimits.DEFAULT)) {
            sandbox.query("chat", ALLOWED, "SELECT 1", () -> false);
            List<ProcessHandle> workers = ProcessHandle.current().descendants().toList();
            assertThat(workers).isNotEmpty();
            for (ProcessHandle w : workers) {
                Path environ = Path.of("/proc", Long.toString(w.pid()), "environ");
                Assumptions.assumeTrue(Files.isReadable(environ), "reading an environment needs Linux /proc");
                String env;
                try {
                    env = Files.readString(environ);
                } catch (java.io.IOException e) {
                    continue; // a worker killed by an earlier test, gone meanwhile
                }
                List<String> names = new ArrayList<>();
                for (String entry : env.split("\0")) {
                    if (!entry.isEmpty()) {
                        names.add(entry.substring(0, entry.indexOf('=')));
                    }
                }
                assertThat(names)
                        .as("only what the worker needs, no tokens")
                        .isSubsetOf(
                                "PATH",
                                "LANG",
                                "LC_ALL",
                                "TMPDIR",
                                "SQLITE_TMPDIR",
                                "MALLOC_ARENA_MAX",
                                "PWD",
                                "SHLVL",
                                "_"); // the last three set by /bin/sh, which applies the ulimit
            }
        }
    }

    @Test
    void aStatementAfterAKillRunsOnAFreshWorker() throws Exception {
        try (var sandbox = new SqlSandbox(dbs, SqlLimits.DEFAULT.withTimeout(Duration.ofMillis(500)), 1)) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> sandbox.query("chat", ALLOWED, SqlSandboxTest.SLOW_INSTR, () -> false))
                        .hasMessageContaining("time limit");
                assertThat(sandbox.query("chat", ALLOWED, "SELECT COUNT(*) FROM messages", () -> false)
                                .rows())
                        .containsExactly(List.of("500"));
            }
        }
    }
}
