package dev.chatgeist.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.testing.TestArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The sandbox on a real archive: hostile inputs are refused or cut in time; honest queries work. */
class SqlSandboxTest {
    @TempDir
    static Path dir;

    static Path dbs;
    static SqlSandbox sandbox;
    static final Set<String> ALLOWED = Set.of("chat");
    static final Duration LIMIT = Duration.ofMillis(1500);

    @BeforeAll
    static void archive() throws Exception {
        dbs = dir.resolve("databases");
        TestArchives.build(dbs, "chat", 3000);
        TestArchives.build(dbs, "other", 10);
        Files.writeString(dir.resolve("secret.txt"), "top secret");
        sandbox = new SqlSandbox(dbs, SqlLimits.DEFAULT.withTimeout(LIMIT));
    }

    @AfterAll
    static void stopWorkers() {
        sandbox.close();
    }

    /** A 4 MB string; instr() of a 2 MB needle in it takes minutes inside one function call. */
    static final String A4M = "printf('%.*c', 4e6, 'a')";

    static final String SLOW_INSTR = "SELECT instr(" + A4M + ", printf('%.*c', 2e6, 'a') || 'b')";

    static SqlResult run(String sql) throws SqlRefusedException {
        return sandbox.query("chat", ALLOWED, sql, () -> false);
    }

    /** At least 30 hostile inputs; each names the reason it must be refused or stopped. */
    static Stream<Arguments> hostile() {
        return Stream.of(
                h("plain write", "DELETE FROM messages", "only queries that read"),
                h("update", "UPDATE messages SET message = 'x'", "only queries that read"),
                h("insert", "INSERT INTO messages(id) VALUES (999999)", "only queries that read"),
                h("drop", "DROP TABLE messages", "only queries that read"),
                h("create", "CREATE TABLE t(x)", "only queries that read"),
                h("temp table", "CREATE TEMP TABLE t AS SELECT 1", "only queries that read"),
                h("write hidden in a CTE", "WITH x AS (SELECT 1) DELETE FROM messages", "read-only"),
                h("insert after CTE", "WITH x(n) AS (SELECT 1) INSERT INTO metadata SELECT 'k', n FROM x", "read-only"),
                h(
                        "update after CTE",
                        "WITH a AS (SELECT id FROM messages) UPDATE messages SET views=0 WHERE id IN a",
                        "read-only"),
                h("two statements", "SELECT 1; DELETE FROM messages", "exactly one statement"),
                h("two selects", "SELECT 1; SELECT 2", "exactly one statement"),
                h("statement after comment", "SELECT 1 /* ; */ ; DROP TABLE messages", "exactly one statement"),
                h("attach", "ATTACH DATABASE '/tmp/evil.db' AS evil", "only queries that read"),
                h("attach via vacuum into", "VACUUM INTO '/tmp/copy.db'", "only queries that read"),
                h("detach", "DETACH DATABASE main", "only queries that read"),
                h("pragma write", "PRAGMA query_only = OFF", "PRAGMA statements may not change"),
                h("pragma writable_schema", "PRAGMA writable_schema=1", "PRAGMA statements may not change"),
                h("pragma journal", "PRAGMA journal_mode=DELETE", "PRAGMA statements may not change"),
                h("pragma database_list leaks paths", "PRAGMA database_list", "PRAGMA statements may not change"),
                h(
                        "explain pragma temp_store_directory",
                        "EXPLAIN PRAGMA temp_store_directory = '/tmp/elsewhere'",
                        "PRAGMA statements may not change"),
                h(
                        "explain pragma hard_heap_limit",
                        "EXPLAIN PRAGMA hard_heap_limit = 1000",
                        "PRAGMA statements may not change"),
                h(
                        "explain query plan pragma",
                        "EXPLAIN QUERY PLAN PRAGMA soft_heap_limit=1",
                        "PRAGMA statements may not change"),
                h(
                        "explain pragma after a comment",
                        "EXPLAIN /* x */ PRAGMA threads = 8",
                        "PRAGMA statements may not change"),
                h("explain a write", "EXPLAIN DELETE FROM messages", "only queries that read"),
                h("explain attach", "EXPLAIN ATTACH DATABASE '/tmp/evil.db' AS evil", "only queries that read"),
                h("explain vacuum into", "explain vacuum into '/tmp/copy.db'", "only queries that read"),
                h("pragma_database_list", "SELECT * FROM pragma_database_list", "does not show file paths"),
                h(
                        "pragma_database_list quoted",
                        "SELECT file FROM \"pragma_database_list\"",
                        "does not show file paths"),
                h(
                        "pragma_database_list bracketed",
                        "SELECT file FROM main.[PRAGMA_DATABASE_LIST]",
                        "does not show file paths"),
                h(
                        "pragma_database_list as string",
                        "SELECT file FROM 'pragma_database_list'",
                        "does not show file paths"),
                h(
                        "pragma_database_list in a CTE",
                        "WITH d AS (SELECT * FROM `pragma_database_list`) SELECT * FROM d",
                        "does not show file paths"),
                h(
                        "pragma_hard_heap_limit",
                        "SELECT * FROM pragma_hard_heap_limit",
                        "pragma_hard_heap_limit is not available"),
                h("pragma_journal_mode", "SELECT * FROM pragma_journal_mode('main')", "is not available"),
                h("pragma_optimize with argument", "SELECT * FROM pragma_optimize(65538)", "is not available"),
                h("pragma_query_only", "SELECT * FROM pragma_query_only", "is not available"),
                h("load_extension", "SELECT load_extension('/tmp/evil.so')", "not authorized"),
                h(
                        "load_extension in CTE",
                        "WITH x AS (SELECT load_extension('libc.so.6')) SELECT * FROM x",
                        "not authorized"),
                h("readfile", "SELECT readfile('/etc/passwd')", "no such function"),
                h("writefile", "SELECT writefile('/tmp/x', 'y')", "no such function"),
                h(
                        "endless recursive CTE",
                        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
                        "time limit"),
                h(
                        "endless recursion without aggregate",
                        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n FROM r) SELECT n FROM r WHERE n = 2",
                        "time limit"),
                h("giant cross join", "SELECT count(*) FROM messages a, messages b, messages c", "time limit"),
                h(
                        "cross join sort",
                        "SELECT a.message || b.message || c.id AS m FROM messages a, messages b, messages c ORDER BY m DESC LIMIT 1",
                        "time limit"),
                h("huge blob", "SELECT randomblob(1000000000)", "byte limit"),
                h("huge zeroblob", "SELECT length(zeroblob(2000000000))", "byte limit"),
                h("huge string by hex", "SELECT length(hex(randomblob(3000000)))", "byte limit"),
                h(
                        "string doubling",
                        "WITH RECURSIVE r(s) AS (SELECT 'x' UNION ALL SELECT s || s FROM r) SELECT length(s) FROM r",
                        "byte limit|time limit"),
                h(
                        "huge group_concat",
                        "SELECT length(group_concat(a.message)) FROM messages a, messages b",
                        "byte limit|time limit"),
                // one SQLite function call that runs for minutes: no progress handler sees it, the worker is killed
                h("instr on two big strings", SLOW_INSTR, "time limit"),
                h(
                        "LIKE against a big pattern",
                        "SELECT " + A4M + " LIKE '%' || printf('%.*c', 40000, 'a') || 'b%'",
                        "time limit"),
                h(
                        "LIKE with ESCAPE",
                        "SELECT " + A4M + " LIKE '%' || printf('%.*c', 40000, 'a') || '!%%' ESCAPE '!'",
                        "time limit"),
                h(
                        "GLOB against a big pattern",
                        "SELECT " + A4M + " GLOB '*' || printf('%.*c', 40000, 'a') || 'b*'",
                        "time limit"),
                h(
                        "replace with a big needle",
                        "SELECT length(replace(" + A4M + ", printf('%.*c', 2e6, 'a') || 'b', 'x'))",
                        "time limit"),
                h(
                        "replicate ignores the length limit",
                        "SELECT length(replicate('ab', 1e9))",
                        "more memory|time limit"),
                h("padl ignores the length limit", "SELECT length(padl('a', 2e9))", "more memory|time limit"),
                h(
                        "400 columns of 4.9 MB blobs",
                        "SELECT " + "randomblob(4.9e6), ".repeat(399) + "randomblob(4.9e6)",
                        "more memory|time limit"),
                h(
                        "json of a big string in a loop",
                        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 100000) "
                                + "SELECT count(json_quote(" + A4M + ")) FROM r",
                        "time limit"),
                h(
                        "char and unicode over a big string",
                        "SELECT instr(char(97) || " + A4M + ", " + "printf('%.*c', 2e6, char(97)) || char(98))",
                        "time limit"),
                h(
                        "recursive CTE building a big string",
                        "WITH RECURSIVE r(s) AS (SELECT 'x' UNION ALL SELECT s || printf('%.*c', 1000000, 'y') FROM r) "
                                + "SELECT length(s) FROM r LIMIT 1 OFFSET 1000",
                        "byte limit|time limit|more memory"),
                h(
                        "fts5 highlight with megabyte markers",
                        "SELECT length(highlight(messages_fts, 0, " + A4M + ", " + A4M
                                + ")) FROM messages_fts, messages a WHERE messages_fts MATCH 'кава'",
                        "time limit|more memory|byte limit"),
                h("dbstat cross join", "SELECT count(*) FROM dbstat a, dbstat b, dbstat c", "time limit"),
                h("sqlite_dbpage is not there", "SELECT * FROM sqlite_dbpage", "no such table"),
                h(
                        "hex of zeroblob repeated",
                        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT sum(length(hex(zeroblob(2000000)))) FROM r",
                        "time limit"),
                h(
                        "fts5 write command",
                        "INSERT INTO messages_fts(messages_fts) VALUES('delete-all')",
                        "only queries that read"),
                h("reindex", "REINDEX", "only queries that read"),
                h("analyze", "ANALYZE", "only queries that read"),
                h("begin", "BEGIN IMMEDIATE", "only queries that read"),
                h("empty", "   ", "empty query"),
                h("comment only", "-- nothing here", "only comments"),
                h("overlong query", "SELECT '" + "x".repeat(30_000) + "'", "characters long"));
    }

    static Arguments h(String name, String sql, String expected) {
        return Arguments.of(name, sql, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileInputIsRefusedOrCutInTime(String name, String sql, String expected) throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> run(sql))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageFindingMatch(expected)
                .satisfies(e -> {
                    var ran =
                            java.util.regex.Pattern.compile("it ran (\\d+) ms").matcher(e.getMessage());
                    if (ran.find()) {
                        assertThat(Long.parseLong(ran.group(1)))
                                .as("the statement ran at most the limit plus 1 s")
                                .isLessThan(LIMIT.toMillis() + 1000);
                    }
                });
        long ms = (System.nanoTime() - start) / 1_000_000;
        // the call may also wait for a spare worker's JVM to start when the machine is very busy
        assertThat(ms).as("the call returned").isLessThan(LIMIT.toMillis() + 10_000);
        try (var a = dev.chatgeist.archive.Archive.openReadOnly(dbs.resolve("chat.db"))) {
            assertThat(a.count()).as("nothing was written").isEqualTo(3000);
        }
        assertThat(Files.exists(Path.of("/tmp/copy.db"))).isFalse();
    }

    static Stream<Arguments> badDatabases() {
        return Stream.of(
                        "../secret.txt",
                        "../databases/chat",
                        "/etc/passwd",
                        "chat/../other",
                        "other",
                        "",
                        "file:chat.db?mode=rw",
                        "CHAT",
                        "chat.db/..",
                        "..",
                        "~/chat")
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "database ''{0}''")
    @MethodSource("badDatabases")
    void databaseNamesAreAliasesFromTheAllowedListOnly(String name) {
        assertThatThrownBy(() -> sandbox.query(name, ALLOWED, "SELECT 1", () -> false))
                .isInstanceOf(SqlRefusedException.class)
                .hasMessageFindingMatch("unknown database|no database named");
    }

    @Test
    void honestQueriesWithWordsABlacklistWouldHaveRefused() throws Exception {
        assertThat(run("SELECT COUNT(*) AS n FROM messages WHERE message LIKE '%update%'")
                        .rows())
                .containsExactly(List.of("600"));
        assertThat(run("SELECT replace(message, 'replacement', 'заміна') FROM messages WHERE id = 4")
                        .rows()
                        .get(0)
                        .get(0))
                .startsWith("Need a заміна");
        assertThat(run("SELECT 'DELETE FROM messages; DROP TABLE x' AS s").rows())
                .containsExactly(List.of("DELETE FROM messages; DROP TABLE x"));
        assertThat(run("SELECT 1 AS [create], 2 AS \"update\"; ").columns()).containsExactly("create", "update");
        assertThat(run("PRAGMA table_info(messages)").rows()).hasSize(15);
    }

    @Test
    void wildcardRunsOnABigStringAreNoHole() throws Exception {
        // SQLite prunes a failed '%' / '*' match at once, so these stay linear; they answer rather than time out
        assertThat(run("SELECT " + A4M + " LIKE '" + "%a".repeat(20) + "%b'").rows())
                .containsExactly(List.of("0"));
        assertThat(run("SELECT " + A4M + " GLOB '" + "*a".repeat(20) + "*b'").rows())
                .containsExactly(List.of("0"));
    }

    /** The queries the shipped prompts show the model (base and skills). */
    static Stream<String> promptQueries() {
        return Stream.of(
                "SELECT COUNT(*) FROM messages",
                "SELECT MIN(date_iso), MAX(date_iso), COUNT(*) FROM messages",
                "SELECT sender_display_name, sender_username, COUNT(*) AS n FROM messages WHERE is_service = 0 GROUP BY sender_id ORDER BY n DESC LIMIT 10",
                "SELECT m.id, m.date_iso, m.sender_display_name, substr(m.message, 1, 300) FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH 'кава' ORDER BY m.date_iso DESC LIMIT 30",
                "SELECT id, date_iso, substr(message, 1, 300), reactions_count, permalink FROM messages WHERE message LIKE '%кафе%' ORDER BY reactions_count DESC LIMIT 30",
                "SELECT sender_id, sender_username, sender_display_name, COUNT(*) AS n, MIN(date_iso), MAX(date_iso) FROM messages WHERE sender_username = 'olena_k' GROUP BY sender_id",
                "SELECT substr(date_iso, 1, 7) AS month, COUNT(*) FROM messages WHERE sender_username = 'olena_k' GROUP BY month ORDER BY month",
                "SELECT id, date_iso, substr(message, 1, 300), reactions_detail, permalink FROM messages WHERE sender_username = 'olena_k' ORDER BY reactions_count DESC LIMIT 20",
                "SELECT r.sender_display_name, COUNT(*) AS replies FROM messages m JOIN messages r ON r.reply_to_msg_id = m.id WHERE m.sender_username = 'olena_k' GROUP BY r.sender_id ORDER BY replies DESC LIMIT 10",
                "SELECT id, date_iso, sender_display_name, substr(message, 1, 300), permalink FROM messages WHERE message LIKE '%@olena_k%' ORDER BY date_iso DESC LIMIT 30",
                "SELECT strftime('%H', timestamp, 'unixepoch') AS hour, COUNT(*) FROM messages GROUP BY hour ORDER BY hour",
                "SELECT m.id, substr(m.message, 1, 200), m.reactions_count FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH 'кафе OR кава' ORDER BY m.reactions_count DESC LIMIT 40",
                "SELECT name, sql FROM sqlite_master WHERE type = 'table'",
                "SELECT key, value FROM metadata");
    }

    @ParameterizedTest
    @MethodSource("promptQueries")
    void everyQueryOfThePromptsRuns(String sql) throws Exception {
        SqlResult r = run(sql);
        assertThat(r.rows()).isNotEmpty();
    }

    @Test
    void rowAndByteCapsCutWithANotice() throws Exception {
        SqlResult many = run("SELECT id FROM messages");
        assertThat(many.rows()).hasSize(100);
        assertThat(many.truncated()).isTrue();
        assertThat(many.render()).contains("[truncated: only the first 100 rows");
        SqlResult wide = run("SELECT printf('%.1500c', 'x') AS big FROM messages LIMIT 90");
        assertThat(wide.truncated()).isTrue();
        assertThat(wide.render()).contains("byte cap");
        assertThat(wide.render().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThan(51_000);
        SqlResult exact = run("SELECT id FROM messages LIMIT 100");
        assertThat(exact.truncated()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
                SLOW_INSTR
            })
    void cancellingStopsARunningQueryEvenInsideOneFunctionCall(String sql) throws Exception {
        try (var sb = new SqlSandbox(dbs, SqlLimits.DEFAULT.withTimeout(Duration.ofSeconds(60)))) {
            sb.query("chat", ALLOWED, "SELECT 1", () -> false); // the worker and its spare are warm
            AtomicBoolean cancel = new AtomicBoolean();
            new Thread(() -> {
                        sleep(300);
                        cancel.set(true);
                    })
                    .start();
            long start = System.nanoTime();
            assertThatThrownBy(() -> sb.query("chat", ALLOWED, sql, cancel::get))
                    .hasMessageContaining("cancelled");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_300);
            assertThat(sb.query("chat", ALLOWED, "SELECT COUNT(*) FROM messages", () -> false)
                            .rows())
                    .as("the next statement runs on a fresh worker")
                    .containsExactly(List.of("3000"));
        }
    }

    @Test
    void explainOfWhatIsAllowedAndTheReadOnlyPragmaFunctionsWork() throws Exception {
        assertThat(run("EXPLAIN QUERY PLAN SELECT * FROM messages WHERE sender_username = 'olena_k'")
                        .rows())
                .isNotEmpty();
        assertThat(run("EXPLAIN SELECT 1").rows()).isNotEmpty();
        assertThat(run("EXPLAIN PRAGMA table_info(messages)").rows()).isNotEmpty();
        assertThat(run("SELECT name FROM pragma_table_info('messages') WHERE name = 'message'")
                        .rows())
                .containsExactly(List.of("message"));
        assertThat(run("SELECT name FROM pragma_table_list WHERE name = 'messages'")
                        .rows())
                .containsExactly(List.of("messages"));
        assertThat(run("SELECT count(*) > 0 FROM pragma_function_list").rows()).containsExactly(List.of("1"));
    }

    @Test
    void noResultOrErrorShowsTheArchivesPath() throws Exception {
        String path = dbs.toAbsolutePath().toString();
        assertThat(run("SELECT * FROM pragma_table_list").render()).doesNotContain(path);
        for (String sql : List.of(
                "SELECT * FROM pragma_database_list",
                "SELECT * FROM nowhere",
                "SELECT load_extension('x')",
                "ATTACH 'x.db' AS x")) {
            assertThatThrownBy(() -> run(sql))
                    .isInstanceOf(SqlRefusedException.class)
                    .satisfies(
                            e -> assertThat(e.getMessage()).doesNotContain(path).doesNotContain(dir.toString()));
        }
    }

    @Test
    void writesByTheUpdaterAreVisibleToTheNextQuery() throws Exception {
        assertThat(sandbox.query("other", Set.of("other"), "SELECT COUNT(*) FROM messages", () -> false)
                        .rows())
                .containsExactly(List.of("10"));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
