package dev.chatgeist.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.RealExports;
import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chatgeist search} through the real CLI over two real archives in one home: the Telegram Desktop export
 * of the tests ({@code valencia}) and a Python-format dump made with gen_jsonl.py ({@code dump}).
 */
class SearchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    static TestCli cli;

    @BeforeAll
    static void archives() throws Exception {
        Path desktop = RealExports.desktop(home.resolve("in"));
        Path dump = Shared.generate(home.resolve("in/messages.jsonl"), "-n", "5000", "--seed", "4");
        cli = new TestCli(home);
        assertThat(cli.run("chats", "add", "valencia", "@ua_valencia").exitCode())
                .isZero();
        RealExports.imported(home, "valencia", desktop);
        RealExports.imported(home, "dump", dump);
    }

    private static TestCli.Run ok(String... args) {
        TestCli.Run run = cli.run(args);
        assertThat(run.exitCode()).as(run.all()).isZero();
        return run;
    }

    private static List<Long> ids(JsonNode doc) {
        List<Long> out = new ArrayList<>();
        doc.get("hits").forEach(h -> out.add(h.get("id").asLong()));
        return out;
    }

    @Test
    void findsOtherCaseFormsNewestFirstWithDateSenderSnippetAndLink() {
        TestCli.Run run = ok("search", "--chat", "valencia", "кава");
        assertThat(TestCli.lines(run.out()))
                .containsExactly(
                        "2024-01-01 12:07  Andrii S  #3",
                        "  Дивіться https://example.com/cafe — там найкраща **кава**",
                        "  https://t.me/ua_valencia/3",
                        "",
                        "2024-01-01 12:05  Олена Коваленко  #2",
                        "  Привіт усім! Хто знає гарну **каву** в центрі?",
                        "  https://t.me/ua_valencia/2",
                        "",
                        "2 messages, newest first, dates in UTC");
    }

    @Test
    void exactMatchesWholeWordsOnly() {
        TestCli.Run run = ok("search", "--chat", "valencia", "--exact", "кава");
        assertThat(run.out()).contains("#3").doesNotContain("#2");
    }

    @Test
    void datesFollowTheZoneAsked() throws Exception {
        // 2024-01-01 12:05 UTC is 14:05 in Kyiv; --utc shows UTC whatever the local zone
        JsonNode doc = JSON.readTree(
                ok("search", "--chat", "valencia", "--json", "--exact", "каву").out());
        assertThat(doc.get("time_zone").asText()).isEqualTo("UTC");
        assertThat(doc.get("hits").get(0).get("date").asText()).isEqualTo("2024-01-01T12:05:00+00:00");
        assertThat(ok("search", "--chat", "valencia", "--utc", "каву").out()).contains("dates in UTC");
        assertThat(ok("search", "--chat", "valencia", "--from", "2024-01-02", "кава")
                        .out())
                .startsWith("No messages found.");
        assertThat(ok("search", "--chat", "valencia", "--from", "2024-01-01", "--to", "2024-01-01", "кава")
                        .out())
                .contains("2 messages");
    }

    @Test
    void senderIsMatchedByUsernameIdOrNameInAnyCase() throws Exception {
        assertThat(ok("search", "--chat", "valencia", "--sender", "олена", "кава")
                        .out())
                .contains("#2")
                .doesNotContain("#3");
        assertThat(ok("search", "--chat", "valencia", "--sender", "222333444", "кава")
                        .out())
                .contains("#3")
                .doesNotContain("#2");
        String user = Db.rows(
                        home.resolve("databases/dump.db"),
                        "SELECT sender_username FROM messages WHERE "
                                + "sender_username IS NOT NULL GROUP BY sender_username ORDER BY COUNT(*) DESC LIMIT 1")
                .get(0)
                .substring(5);
        JsonNode doc = JSON.readTree(ok(
                        "search",
                        "--chat",
                        "dump",
                        "--json",
                        "--limit",
                        "50",
                        "--sender",
                        "@" + user.toUpperCase(Locale.ROOT),
                        "квартира")
                .out());
        assertThat(doc.get("hits")).isNotEmpty();
        doc.get("hits")
                .forEach(h -> assertThat(h.get("sender_username").asText()).isEqualTo(user));
    }

    @Test
    void prefixSearchFindsExactlyTheMessagesWithAWordStartingWithTheStem() throws Exception {
        // The oracle: every message whose text has a word (FTS5 unicode61 tokens) beginning with the stem
        for (String[] q : List.of(
                new String[] {"работу", "работ"},
                new String[] {"квартира", "квартир"},
                new String[] {"docker", "docker"},
                new String[] {"роботи", "робот"})) {
            Set<Long> expected = new TreeSet<>();
            for (String row : Db.rows(home.resolve("databases/dump.db"), "SELECT id, message FROM messages")) {
                String[] cells = row.split(" \\| ", 2);
                String text = cells[1].startsWith("text:") ? cells[1].substring(5) : "";
                for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}\\p{M}]+")) {
                    if (token.startsWith(q[1])) {
                        expected.add(Long.parseLong(cells[0].substring(4)));
                        break;
                    }
                }
            }
            JsonNode doc = JSON.readTree(ok("search", "--chat", "dump", "--json", "--limit", "100000", q[0])
                    .out());
            assertThat(doc.get("match").asText()).isEqualTo("message : (\"" + q[1] + "\"*)");
            assertThat(new TreeSet<>(ids(doc))).as(q[0]).isEqualTo(expected).hasSizeGreaterThan(10);
            List<Long> order = ids(doc);
            assertThat(order).isSortedAccordingTo(java.util.Comparator.reverseOrder());
            assertThat(doc.get("more").asBoolean()).isFalse();
        }
    }

    @Test
    void rankOrderLimitAndMore() throws Exception {
        JsonNode ranked = JSON.readTree(ok("search", "--chat", "dump", "--json", "--rank", "--limit", "5", "квартира")
                .out());
        assertThat(ranked.get("order").asText()).isEqualTo("rank");
        assertThat(ranked.get("hits")).hasSize(5);
        assertThat(ranked.get("more").asBoolean()).isTrue();
        List<Double> ranks = new ArrayList<>();
        ranked.get("hits").forEach(h -> ranks.add(h.get("rank").asDouble()));
        assertThat(ranks).isSorted();
        assertThat(ok("search", "--chat", "dump", "--limit", "3", "квартира").out())
                .contains("3 messages, newest first")
                .contains("there are more: raise --limit");
    }

    @Test
    void allMergesEveryArchiveNewestFirst() throws Exception {
        JsonNode doc = JSON.readTree(
                ok("search", "--all", "--json", "--limit", "100000", "кава").out());
        Set<String> chats = new TreeSet<>();
        List<Long> times = new ArrayList<>();
        doc.get("hits").forEach(h -> {
            chats.add(h.get("chat").asText());
            times.add(h.get("timestamp").asLong());
        });
        assertThat(chats).containsExactly("dump", "valencia");
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(ok("search", "--limit", "100000", "кава").out())
                .contains("[valencia] 2024-01-01 12:07  Andrii S  #3")
                .contains("[dump] ");
    }

    @Test
    void userInputIsQuotedAndRawSyntaxErrorsAreExplained() {
        // FTS5 operators, brackets and stray quotes in plain input are just text, never a syntax error
        assertThat(ok("search", "--chat", "valencia", "кава ( * ^ \"").out())
                .contains("#3")
                .contains("#2");
        assertThat(ok("search", "--chat", "valencia", "кава AND NEAR(").out()).startsWith("No messages found.");
        assertThat(ok("search", "--chat", "valencia", "\"найкраща кава\"").out())
                .contains("#3")
                .doesNotContain("#2");
        assertThat(ok("search", "--chat", "valencia", "кава", "OR", "правила").out())
                .contains("#6")
                .contains("#3");
        TestCli.Run raw = cli.run("search", "--chat", "valencia", "--raw", "кава AND");
        assertThat(raw.exitCode()).isEqualTo(2);
        assertThat(raw.err())
                .contains("the search query is not valid FTS5 syntax")
                .contains("--raw");
        assertThat(ok("search", "--chat", "valencia", "--raw", "кав* NOT каву").out())
                .contains("#3")
                .doesNotContain("#2");
        TestCli.Run none = cli.run("search", "--chat", "valencia", "--", "-- !!");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("has no words to search for");
        TestCli.Run date = cli.run("search", "--chat", "valencia", "--from", "01.02.2024", "кава");
        assertThat(date.exitCode()).isEqualTo(2);
        assertThat(date.err()).contains("--from 01.02.2024 is not a date; write it as YYYY-MM-DD");
        TestCli.Run unknown = cli.run("search", "--chat", "nosuch", "кава");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("nosuch");
    }

    @Test
    void jsonIsOneDocumentWithStableFieldsAndTheTerminalGetsBold() throws Exception {
        JsonNode doc = JSON.readTree(
                ok("search", "--chat", "valencia", "--json", "кава").out());
        assertThat(doc.fieldNames())
                .toIterable()
                .containsExactly("query", "match", "order", "time_zone", "limit", "more", "hits");
        JsonNode hit = doc.get("hits").get(0);
        assertThat(hit.fieldNames())
                .toIterable()
                .containsExactly(
                        "chat",
                        "id",
                        "date",
                        "timestamp",
                        "sender",
                        "sender_username",
                        "sender_id",
                        "permalink",
                        "snippet",
                        "rank");
        assertThat(hit.get("permalink").asText()).isEqualTo("https://t.me/ua_valencia/3");
        assertThat(hit.get("sender_id").asLong()).isEqualTo(222333444L);
        assertThat(hit.get("sender_username").isNull()).isTrue();
        assertThat(hit.get("rank").isNull())
                .as("bm25 is computed for --rank only")
                .isTrue();
        assertThat(hit.get("snippet").asText()).endsWith("найкраща **кава**");
        TestCli.Run bold = new TestCli(home).terminal(true).run("search", "--chat", "valencia", "кава");
        assertThat(bold.out()).contains("найкраща \u001b[1mкава\u001b[0m");
    }
}
