package dev.chatgeist.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python-version dumps that cannot be stored as written: refused line by line, nothing stored overwritten. */
class JsonlSourceTest {
    @TempDir
    Path home;

    private static String line(long id, String text) {
        return "{\"id\": " + id + ", \"date\": \"2024-01-01T00:00:00+00:00\", \"message\": \"" + text + "\"}";
    }

    private Path dump(String name, String... lines) throws Exception {
        Path f = home.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private TestCli.Run importFile(Path f) {
        TestCli.Run run = new TestCli(home).run("import", "--chat", "c", f.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        return run;
    }

    private List<String> rows() throws Exception {
        return Db.rows(home.resolve("databases/c.db"), "SELECT id, message FROM messages ORDER BY id");
    }

    @Test
    void idsOutsideTelegramsRangeAreReportedNotStored() throws Exception {
        importFile(dump("good.jsonl", line(5, "five"), line(6, "six")));
        TestCli.Run run = importFile(dump(
                "bad.jsonl",
                "{\"id\": 18446744073709551621, \"message\": \"wraps to 5\"}",
                "{\"id\": 1e30, \"message\": \"huge\"}",
                "{\"id\": -5, \"message\": \"negative, used to vanish silently\"}",
                "{\"id\": 2147483648, \"message\": \"33 bits\"}",
                "{\"id\": \"-7\", \"message\": \"negative text\"}",
                "{\"id\": NaN, \"message\": \"not a number\"}",
                "{\"id\": 0, \"message\": \"no id: skipped as Python skips it\"}",
                line(2147483647, "the largest id")));
        assertThat(run.err())
                .contains(
                        "line 1: id 18446744073709551621 is not a Telegram message id (a whole number from 1 to 2147483647); "
                                + "correct the id or remove the line",
                        "line 2: id 1e+30 is not a Telegram message id",
                        "line 3: id -5 is not a Telegram message id",
                        "line 4: id 2147483648 is not a Telegram message id",
                        "line 5: id \"-7\" is not a Telegram message id",
                        "line 6: id nan is not a Telegram message id");
        assertThat(run.out())
                .contains("1 new")
                .contains("6 bad lines")
                .contains("1 without id skipped")
                .contains("last id 2147483647");
        assertThat(rows())
                .containsExactly("int:5 | text:five", "int:6 | text:six", "int:2147483647 | text:the largest id");
    }

    @Test
    void valuesPythonWouldStoreOtherwiseAreReported() throws Exception {
        TestCli.Run run = importFile(dump(
                "bad.jsonl",
                "{\"id\": 1, \"message\": \"lone \\ud800 surrogate\"}",
                "{\"id\": 2, \"message\": \"ok\", \"reactions_counts\": {\"a\": 9223372036854775807, \"b\": 1}}",
                "{\"id\": 3, \"message\": \"ok\", \"reply_to_msg_id\": 99999999999999999999}",
                "{\"id\": 4, \"message\": \"ok\", \"views\": Infinity}",
                "{\"id\": 5, \"message\": \"ok\", \"sender_username\": \"\\udc00x\"}",
                "{\"id\": 6, \"message\": \"pair \\ud83d\\ude00 ok\", \"id\": 7}"));
        assertThat(run.err())
                .contains(
                        "line 1: message holds a lone UTF-16 surrogate (\\ud800 at character 5), which is not text; fix the "
                                + "escape or remove the line",
                        "line 2: reaction counts add up to more than a 64-bit number",
                        "line 3: reply_to_msg_id is a number too large to store",
                        "line 4: views must be a whole number, found inf",
                        "line 5: sender_username holds a lone UTF-16 surrogate (\\udc00 at character 0)");
        // a key given twice: the last one holds, as in Python's json
        assertThat(rows()).containsExactly("int:7 | text:pair 😀 ok");
        // the Python converter fails on the same lines, except that it stores infinite views (as a REAL)
        Path py = home.resolve("py.db");
        Shared.pythonConvert(home.resolve("bad.jsonl"), py);
        assertThat(Db.rows(py, "SELECT id, views FROM messages ORDER BY id"))
                .containsExactly("int:4 | real:Infinity", "int:7 | null");
    }

    @Test
    void aLineOverTheLimitIsReportedAndTheNextOneImported() throws Exception {
        Path f = home.resolve("long.jsonl");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f))) {
            out.write((line(1, "before") + "\n").getBytes(StandardCharsets.UTF_8));
            out.write("{\"id\": 2, \"message\": \"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 48; i++) { // 3 MiB
                out.write(chunk);
            }
            out.write(("\"}\r\n" + line(3, "after") + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        TestCli.Run run = importFile(f);
        assertThat(run.err())
                .contains("line 2: the line is longer than 1 MiB, the most one message may take; no "
                        + "Telegram message is that long");
        assertThat(rows()).containsExactly("int:1 | text:before", "int:3 | text:after");
    }

    @Test
    void deepNestingIsReportedAsALimit() throws Exception {
        Path f = dump(
                "deep.jsonl",
                line(1, "before"),
                "{\"id\": 2, \"extra\": " + "[".repeat(200_000) + "]".repeat(200_000) + "}",
                line(3, "after"));
        TestCli.Run run = importFile(f);
        assertThat(run.err())
                .contains("line 2: breaks an import limit (Document nesting depth (1001) exceeds the "
                        + "maximum allowed (1000");
        assertThat(rows()).containsExactly("int:1 | text:before", "int:3 | text:after");
    }

    @Test
    void byteOrderMarkCrlfAndACutLastLine() throws Exception {
        Path f = home.resolve("edges.jsonl");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            out.write((line(1, "after a BOM") + "\r\n" + line(2, "crlf") + "\r\n" + "{\"id\": 3, \"mess")
                    .getBytes(StandardCharsets.UTF_8));
        }
        TestCli.Run run = importFile(f);
        assertThat(run.err()).contains("line 3: malformed JSON");
        assertThat(rows()).containsExactly("int:1 | text:after a BOM", "int:2 | text:crlf");
    }

    @Test
    void linesPythonAcceptsGiveThePythonConvertersRows() throws Exception {
        // siblings that stay as Python stores them: ids as text or 5.0, numbers as text, duplicates, big sender ids
        Path f = dump(
                "py.jsonl",
                "{\"id\": \"11\", \"message\": \"text id\", \"views\": \"12\"}",
                "{\"id\": 12.0, \"message\": \"float id\", \"sender_id\": -1009223372036854, \"forwards\": 3.0}",
                "{\"id\": 13, \"message\": \"dup\", \"message\": \"last wins\", \"reactions_counts\": {\"a\": 1, \"a\": 2}}",
                "{\"id\": 14, \"date\": \"1969-07-20T20:17:40+00:00\", \"sender_id\": 4503599627370495, "
                        + "\"reply_to_msg_id\": -3, \"views\": 0}");
        importFile(f);
        Path py = home.resolve("py.db");
        Shared.pythonConvert(f, py);
        assertThat(Db.messages(home.resolve("databases/c.db")))
                .isEqualTo(Db.messages(py))
                .hasSize(4);
    }

    @Test
    void aLongLineIsNeverHeldWhole(@TempDir Path dir) throws Exception {
        // the bound of the 2 GB single-line file, with a 4 KiB limit: the buffer stays at the limit
        Path f = dir.resolve("one-line.jsonl");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f))) {
            out.write((line(1, "before") + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 16];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int i = 0; i < 256; i++) { // 16 MiB, no newline
                out.write(chunk);
            }
            out.write(("\n" + line(3, "after")).getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = Files.newInputStream(f)) {
            LineReader lines = new LineReader(in, 4096);
            List<String> seen = new ArrayList<>();
            while (lines.next()) {
                seen.add(
                        lines.tooLong()
                                ? "too long"
                                : new String(lines.buffer(), lines.offset(), lines.length(), StandardCharsets.UTF_8));
                assertThat(lines.buffer().length).isLessThanOrEqualTo(4096 + 2);
            }
            assertThat(seen).containsExactly(line(1, "before"), "too long", line(3, "after"));
            assertThat(lines.consumed()).isEqualTo(Files.size(f));
        }
        List<MessageRow> rows = new ArrayList<>();
        SourceReport report = new JsonlSource(f, ZoneId.of("UTC"), new ImportLimits(4096, 1_000, 4096))
                .fetch(new FetchRequest("c", Optional.empty(), 0, 0, Progress.NONE), rows::add);
        assertThat(rows).extracting(MessageRow::id).containsExactly(1L, 3L);
        assertThat(report.firstProblems())
                .containsExactly("line 2: the line is longer than 4096 bytes, the most one "
                        + "message may take; no Telegram message is that long. If the file was joined or cut wrongly, export "
                        + "the chat again");
    }
}
