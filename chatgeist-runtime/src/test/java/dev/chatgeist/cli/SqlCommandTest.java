package dev.chatgeist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.RealExports;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatgeist sql} through the real CLI and the bot's SQL sandbox, on the Telegram Desktop export of the tests. */
class SqlCommandTest {
    @TempDir
    static Path home;

    static TestCli cli;

    @BeforeAll
    static void archive() throws Exception {
        Path desktop = RealExports.desktop(home.resolve("in"));
        cli = new TestCli(home);
        RealExports.imported(home, "valencia", desktop);
    }

    @Test
    void alignedTableWithRowCount() {
        TestCli.Run run = cli.run(
                "sql",
                "--chat",
                "valencia",
                "SELECT id, sender_display_name AS who, reactions_count FROM messages WHERE id IN (2, 3) ORDER BY id");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(TestCli.lines(run.out()))
                .containsExactly(
                        "id  who              reactions_count", "2   Олена Коваленко  4", "3   Andrii S         2");
        assertThat(run.err()).matches("\\(2 rows, \\d+ ms\\)\\R");
    }

    @Test
    void csvQuotesWhatNeedsItAndLeavesNullEmpty() {
        TestCli.Run run = cli.run(
                "sql",
                "--chat",
                "valencia",
                "--csv",
                "SELECT 'a\"b,c' AS x, NULL AS y, message FROM messages WHERE id = 2");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).isEqualTo("x,y,message\r\n\"a\"\"b,c\",,Привіт усім! Хто знає гарну каву в центрі?\r\n");
    }

    @Test
    void jsonIsOneDocument() throws Exception {
        TestCli.Run run = cli.run(
                "sql",
                "--chat",
                "valencia",
                "--json",
                "SELECT id, reply_to_msg_id FROM messages WHERE id IN (2, 3) ORDER BY id");
        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertThat(doc.fieldNames())
                .toIterable()
                .containsExactly("chat", "columns", "rows", "truncated", "notice", "elapsed_ms");
        assertThat(doc.get("chat").asText()).isEqualTo("valencia");
        assertThat(doc.get("columns").toString()).isEqualTo("[\"id\",\"reply_to_msg_id\"]");
        assertThat(doc.get("rows").toString()).isEqualTo("[[\"2\",null],[\"3\",\"2\"]]");
        assertThat(doc.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void refusedStatementsSayWhyAndChangeNothing() throws Exception {
        TestCli.Run delete = cli.run("sql", "--chat", "valencia", "DELETE FROM messages");
        assertThat(delete.exitCode()).isEqualTo(2);
        assertThat(delete.err()).startsWith("error: the statement was refused: only queries that read are allowed");
        TestCli.Run two = cli.run("sql", "--chat", "valencia", "SELECT 1; SELECT 2");
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("exactly one statement per call, found 2");
        TestCli.Run attach = cli.run("sql", "--chat", "valencia", "SELECT * FROM nosuch");
        assertThat(attach.exitCode()).isEqualTo(2);
        assertThat(attach.err()).contains("SQL error").contains("no such table: nosuch");
        assertThat(Db.scalar(home.resolve("databases/valencia.db"), "SELECT COUNT(*) FROM messages"))
                .isEqualTo(6);
        TestCli.Run unknown = cli.run("sql", "--chat", "nosuch", "SELECT 1");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("nosuch");
    }

    @Test
    void theBotsLimitsApply() {
        TestCli.Run many = cli.run(
                "sql",
                "--chat",
                "valencia",
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 500) SELECT x FROM c");
        assertThat(many.exitCode()).as(many.all()).isZero();
        assertThat(TestCli.lines(many.out())).hasSize(101);
        assertThat(many.err()).contains("note: [truncated: only the first 100 rows are shown");
        TestCli.Run slow = new TestCli(home)
                .env("CHATGEIST_SQL_TIMEOUT_MS", "200")
                .run(
                        "sql",
                        "--chat",
                        "valencia",
                        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT COUNT(*) FROM c");
        assertThat(slow.exitCode()).isEqualTo(2);
        assertThat(slow.err()).contains("stopped at the time limit of 200 ms");
    }
}
