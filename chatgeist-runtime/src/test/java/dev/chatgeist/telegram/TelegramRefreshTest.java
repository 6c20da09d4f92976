package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refresh window (issue 12) through the real `chatgeist update` against the stand-in Telegram DC
 * (src/test/node/standin.js + standin-refresh.js, standing for Telegram's production DCs): a chat whose history
 * changes between runs (reactions added and removed, views grown, texts edited, messages deleted). What the archive
 * must hold afterwards is written by the stand-in from its own script, independently of the Java code; the
 * request counts are the stand-in's.
 */
class TelegramRefreshTest {
    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(100, 10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400;

    private static StandinDc dc() {
        return STANDIN.dc();
    }

    private static Map<String, String> env(Path home, String... kv) {
        Map<String, String> env = dc().env(home);
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        return env;
    }

    private static void setUp(Path home, String alias, String chat) {
        CliRun login = CliRun.run(env(home), dc().loginCode() + "\n", "login", "--phone", "+15550001");
        assertThat(login.exit).as(login.toString()).isZero();
        CliRun add = CliRun.run(env(home), "", "chats", "add", alias, "@" + chat);
        assertThat(add.exit).as(add.toString()).isZero();
    }

    private static CliRun update(Path home, String... args) {
        List<String> all = new ArrayList<>(List.of("update"));
        all.addAll(List.of(args));
        CliRun r = CliRun.run(env(home), "", all.toArray(String[]::new));
        assertThat(r.exit).as(r.toString()).isZero();
        return r;
    }

    private static CliRun update(Map<String, String> env) {
        CliRun r = CliRun.run(env, "", "update");
        assertThat(r.exit).as(r.toString()).isZero();
        return r;
    }

    private static JsonNode stats() throws Exception {
        return dc().command("stats").path("byMethod");
    }

    private static List<JsonNode> rows(Path db) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String row : ArchiveRows.archive(db)) {
            rows.add(JSON.readTree(row));
        }
        return rows;
    }

    /** Messages (not service ones) whose age is between the two bounds, newest first. */
    private static List<JsonNode> aged(List<JsonNode> rows, long minAge, long maxAge) {
        long now = System.currentTimeMillis() / 1000;
        List<JsonNode> out = new ArrayList<>();
        for (int i = rows.size() - 1; i >= 0; i--) {
            JsonNode r = rows.get(i);
            long age = now - r.path("timestamp").asLong();
            if (r.path("is_service").asInt() == 0 && age >= minAge && age <= maxAge) {
                out.add(r);
            }
        }
        return out;
    }

    private static Map<String, Object> op(String op, JsonNode row, Object... kv) {
        Map<String, Object> o = new HashMap<>();
        o.put("op", op);
        o.put("id", row.path("id").asLong());
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], kv[i + 1]);
        }
        return o;
    }

    private static List<String> query(Path db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    /** The stand-in's expected rows (without {@code except}), deletions and edits. */
    private record Expected(List<String> rows, List<String> deleted, List<String> edits) {}

    private static Expected expected(Path home, String chat, long except) throws Exception {
        Path file = home.resolve(chat + "-expected.jsonl");
        JsonNode r = dc().command("refreshExpected", "chat", chat, "file", file.toString());
        List<String> rows = new ArrayList<>();
        for (String row : ArchiveRows.expected(file)) {
            if (JSON.readTree(row).path("id").asLong() != except) {
                rows.add(row);
            }
        }
        List<String> deleted = new ArrayList<>();
        r.path("deleted").forEach(id -> deleted.add(id.asText()));
        List<String> edits = new ArrayList<>();
        r.path("edits")
                .forEach(e ->
                        edits.add(e.path("id").asText() + "|" + e.path("old").asText()));
        return new Expected(rows, deleted, edits);
    }

    private static List<String> archivedWithout(Path db, long except) throws Exception {
        List<String> out = new ArrayList<>();
        for (String row : ArchiveRows.archive(db)) {
            if (JSON.readTree(row).path("id").asLong() != except) {
                out.add(row);
            }
        }
        return out;
    }

    /** Size and modification time of the database and its WAL: what any written page would change. */
    private static List<String> fileStamps(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        for (Path p : List.of(db, db.resolveSibling(db.getFileName() + "-wal"))) {
            out.add(Files.exists(p) ? Files.size(p) + "@" + Files.getLastModifiedTime(p) : p + " absent");
        }
        return out;
    }

    @Test
    void refreshDaysRereadsTheWindowAndKeepsDeletionsAndEditsAQuietRunChangesNothing(@TempDir Path home)
            throws Exception {
        // 1,500 messages, 150 a day: ten days, the newest just now
        dc().command("liveChat", "chat", "live", "username", "livechat", "count", 1500, "perDay", 150);
        setUp(home, "live", "livechat");
        update(home);
        Path db = home.resolve("databases/live.db");
        List<JsonNode> before = rows(db);
        assertThat(ArchiveRows.archive(db)).isEqualTo(expected(home, "live", -1).rows());

        List<JsonNode> head = aged(before, 0, DAY / 3); // inside the newest page
        List<JsonNode> inside = aged(before, DAY, 6 * DAY);
        List<JsonNode> outside = aged(before, 8 * DAY + DAY / 2, 20 * DAY);
        JsonNode reacted = inside.stream()
                .skip(40)
                .filter(r -> r.path("reactions_count").asLong() > 0)
                .findFirst()
                .orElseThrow();
        JsonNode untouched = outside.get(5);
        dc().command(
                        "change",
                        "chat",
                        "live",
                        "ops",
                        List.of(
                                op("react", inside.get(10), "emoticon", "👍", "count", 7),
                                op("unreact", reacted),
                                op("views", inside.get(100), "views", 12345, "forwards", 17),
                                op("edit", inside.get(150), "text", "edited inside the window"),
                                op("delete", inside.get(200)),
                                op("delete", inside.get(201)),
                                op("react", head.get(5), "emoticon", "🎉", "count", 3),
                                op("delete", head.get(10)),
                                op("edit", head.get(20), "text", "edited in the newest page"),
                                op("react", untouched, "emoticon", "👍", "count", 99)));

        dc().command("resetStats");
        CliRun forced = update(home, "--refresh", "7");
        assertThat(forced.out).contains("refreshed");
        long untouchedId = untouched.path("id").asLong();
        Expected want = expected(home, "live", untouchedId);
        assertThat(archivedWithout(db, untouchedId))
                .as("every message as Telegram serves it now (deleted ones as they were)")
                .isEqualTo(want.rows());
        assertThat(rows(db).stream().filter(r -> r.path("id").asLong() == untouchedId))
                .as("a message older than the window is not re-read")
                .containsExactly(before.stream()
                        .filter(r -> r.path("id").asLong() == untouchedId)
                        .findFirst()
                        .orElseThrow());
        assertThat(query(db, "SELECT id FROM deleted_messages ORDER BY id")).isEqualTo(want.deleted());
        assertThat(query(db, "SELECT id, old_message FROM message_edits ORDER BY id"))
                .containsExactlyInAnyOrderElementsOf(want.edits());

        // cost: the newest page, then pages of 100 down to the first one reaching past the window's start, and
        // one request by id per page that lacked archived messages (to confirm they are gone)
        JsonNode cost = stats();
        List<JsonNode> served = new ArrayList<>();
        for (String row : want.rows()) {
            if (!want.deleted().contains(Long.toString(idOf(row)))) {
                served.add(JSON.readTree(row));
            }
        }
        long headMin = served.get(served.size() - 100).path("id").asLong();
        long now = System.currentTimeMillis() / 1000;
        long belowHead = served.stream()
                .filter(r ->
                        r.path("id").asLong() < headMin && r.path("timestamp").asLong() >= now - 7 * DAY)
                .count();
        // the newest page, and pages down to the first reaching past the window's start (give or take the
        // message at the boundary: the test's clock is not the run's)
        assertThat(cost.path("messages.GetHistory").asLong())
                .as("history pages for the 7-day window (%d messages below the newest page)", belowHead)
                .isBetween(2 + (belowHead - 2) / 100, 2 + (belowHead + 2) / 100);
        assertThat(cost.path("channels.GetMessages").asInt()).isBetween(2, 3);

        // a run with no change: the newest page comes back not modified, nothing is written
        List<String> rowsBefore = ArchiveRows.archive(db);
        List<String> stamps = fileStamps(db);
        dc().command("resetStats");
        CliRun quiet = update(home);
        assertThat(quiet.out).contains("0 new");
        assertThat(stats().path("messages.GetHistory").asInt()).isEqualTo(1);
        assertThat(stats().has("channels.GetMessages")).isFalse();
        assertThat(dc().totalRequests())
                .as("the session check and the newest page")
                .isEqualTo(2);
        assertThat(ArchiveRows.archive(db)).isEqualTo(rowsBefore);
        assertThat(fileStamps(db)).as("no page written").isEqualTo(stamps);
        assertThat(Files.readString(home.resolve("logs/update.log"))).contains("refresh_head=not_modified");

        // a reaction alone does not change the page's hash: a quiet chat picks it up with its next message
        List<JsonNode> now2 = rows(db);
        JsonNode newest = aged(now2, 0, DAY / 3).get(3);
        dc().command("change", "chat", "live", "ops", List.of(op("react", newest, "emoticon", "🔥", "count", 5)));
        update(home);
        assertThat(ArchiveRows.archive(db)).as("not seen yet").isEqualTo(rowsBefore);
        dc().command("grow", "chat", "live", "count", 1, "perDay", 150);
        update(home);
        assertThat(archivedWithout(db, untouchedId))
                .isEqualTo(expected(home, "live", untouchedId).rows());
    }

    @Test
    void aScheduledWholeWindowPassMakesEveryMessageOfTheWindowExactWhenItIsDue(@TempDir Path home) throws Exception {
        // CHATGEIST_REFRESH_WHOLE_EVERY_DAYS=1: the scheduled update reads the whole window once a day
        dc().command("liveChat", "chat", "daily", "username", "dailychat", "count", 1200, "perDay", 150);
        setUp(home, "daily", "dailychat");
        Map<String, String> env = env(home, "CHATGEIST_REFRESH_WHOLE_EVERY_DAYS", "1");
        update(env);
        Path db = home.resolve("databases/daily.db");
        long started = Long.parseLong(query(db, "SELECT value FROM metadata WHERE key = 'refresh_whole_at'")
                .get(0));
        assertThat(started).as("the schedule starts at the first run").isPositive();

        List<JsonNode> inside = aged(rows(db), 2 * DAY, 6 * DAY);
        dc().command(
                        "change",
                        "chat",
                        "daily",
                        "ops",
                        List.of(
                                op("react", inside.get(10), "emoticon", "👍", "count", 9),
                                op("views", inside.get(60), "views", 4321, "forwards", 3),
                                op("edit", inside.get(120), "text", "edited deep in the window"),
                                op("delete", inside.get(300))));
        dc().command("resetStats");
        update(env);
        assertThat(ArchiveRows.archive(db))
                .as("not due yet: deep changes wait")
                .isNotEqualTo(expected(home, "daily", -1).rows());
        assertThat(stats().path("messages.GetHistory").asInt()).isEqualTo(1);

        // a day later (the archive's record moved back a day): the run reads every page of the window
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE metadata SET value = '" + (started - DAY) + "' WHERE key = 'refresh_whole_at'");
        }
        dc().command("resetStats");
        update(env);
        Expected want = expected(home, "daily", -1);
        assertThat(ArchiveRows.archive(db)).isEqualTo(want.rows());
        assertThat(query(db, "SELECT id FROM deleted_messages ORDER BY id")).isEqualTo(want.deleted());
        assertThat(query(db, "SELECT id, old_message FROM message_edits ORDER BY id"))
                .containsExactlyInAnyOrderElementsOf(want.edits());
        assertThat(stats().path("messages.GetHistory").asInt())
                .as("the newest page and the window's pages (150 a day for 7 days)")
                .isBetween(10, 13);
        long again = Long.parseLong(query(db, "SELECT value FROM metadata WHERE key = 'refresh_whole_at'")
                .get(0));
        assertThat(again).as("the schedule restarts at the pass").isGreaterThanOrEqualTo(started);

        dc().command("resetStats");
        update(env);
        assertThat(stats().path("messages.GetHistory").asInt())
                .as("the next pass is a day away")
                .isEqualTo(1);
    }

    @Test
    void aBusyChatSpendsAFifthMoreRequestsOnTheMostReactedAndViewedAndOnPagesBelowAQuietOneNothing(
            @TempDir Path refreshing, @TempDir Path plain) throws Exception {
        // 2,000 messages at 1,000 a day; a home with the default refresh and one with CHATGEIST_REFRESH_DAYS=0
        dc().command("liveChat", "chat", "busy", "username", "busychat", "count", 2000, "perDay", 1000);
        setUp(refreshing, "busy", "busychat");
        setUp(plain, "busy", "busychat");
        Map<String, String> plainEnv = env(plain, "CHATGEIST_REFRESH_DAYS", "0");
        update(env(refreshing));
        update(plainEnv);
        Path db = refreshing.resolve("databases/busy.db");

        // a day's backlog: 11 history requests earn 2.2 extra ones, spent on the window's most reacted messages
        // (messages.getMessagesReactions) and its most viewed (messages.getMessagesViews), by id
        List<JsonNode> stored = rows(db);
        JsonNode mostReacted = stored.stream()
                .max(java.util.Comparator.comparingLong(
                                (JsonNode r) -> r.path("reactions_count").asLong())
                        .thenComparingLong(r -> r.path("id").asLong()))
                .orElseThrow();
        JsonNode mostViewed = stored.stream()
                .max(java.util.Comparator.comparingLong(
                                (JsonNode r) -> r.path("views").asLong())
                        .thenComparingLong(r -> r.path("id").asLong()))
                .orElseThrow();
        dc().command(
                        "change",
                        "chat",
                        "busy",
                        "ops",
                        List.of(op("unreact", mostReacted), op("views", mostViewed, "views", 99_999, "forwards", 77)));
        dc().command("grow", "chat", "busy", "count", 1000, "perDay", 1000);
        dc().command("resetStats");
        update(env(refreshing));
        JsonNode first = stats();
        dc().command("resetStats");
        update(plainEnv);
        assertThat(first.path("messages.GetHistory").asInt())
                .as("the newest page and the walk up to it cost what the plain update's pages cost")
                .isEqualTo(stats().path("messages.GetHistory").asInt())
                .isEqualTo(11);
        assertThat(first.path("messages.GetMessagesReactions").asInt()).isEqualTo(1);
        assertThat(first.path("messages.GetMessagesViews").asInt()).isEqualTo(1);
        Expected afterBacklog = expected(refreshing, "busy", -1);
        for (JsonNode target : List.of(mostReacted, mostViewed)) {
            long id = target.path("id").asLong();
            assertThat(ArchiveRows.archive(db).stream().filter(r -> idOf(r) == id))
                    .containsExactlyElementsOf(afterBacklog.rows().stream()
                            .filter(r -> idOf(r) == id)
                            .toList());
        }

        // hourly runs of 42 new messages: 0.2 earned per history request, a page below the newest one per 5 runs
        List<Integer> refreshPages = new ArrayList<>();
        List<Integer> plainPages = new ArrayList<>();
        long belowHeadId = 0;
        long farId = 0;
        for (int run = 2; run <= 10; run++) {
            if (run == 5) {
                // the first budgeted page reads the 100 messages below the newest page (42 new + 58 stored)
                List<JsonNode> newest = aged(rows(db), -10 * DAY, 30 * DAY);
                JsonNode below = newest.get(70);
                JsonNode far = newest.stream()
                        .skip(600)
                        .filter(r -> r.path("reactions_count").asLong() == 0)
                        .findFirst()
                        .orElseThrow();
                belowHeadId = below.path("id").asLong();
                farId = far.path("id").asLong();
                dc().command(
                                "change",
                                "chat",
                                "busy",
                                "ops",
                                List.of(
                                        op("react", below, "emoticon", "❤️", "count", 11),
                                        op("react", far, "emoticon", "❤️", "count", 12)));
            }
            dc().command("grow", "chat", "busy", "count", 42, "perDay", 1000);
            dc().command("resetStats");
            update(env(refreshing));
            refreshPages.add(dc().totalRequests() - 1); // without the session check both make
            dc().command("resetStats");
            update(plainEnv);
            plainPages.add(dc().totalRequests() - 1);
        }
        assertThat(plainPages).containsOnly(1);
        assertThat(refreshPages)
                .as("one extra page for every 5 incremental requests (0.2 left from the backlog run)")
                .containsExactly(1, 1, 1, 2, 1, 1, 1, 1, 2);

        Expected want = expected(refreshing, "busy", farId);
        List<String> archived = archivedWithout(db, farId);
        long headFloor = idOf(archived.get(archived.size() - 100));
        long bid = belowHeadId;
        assertThat(archived.stream().filter(r -> idOf(r) == bid))
                .as("refreshed by the budgeted page")
                .containsExactlyElementsOf(
                        want.rows().stream().filter(r -> idOf(r) == bid).toList());
        assertThat(archived.stream().filter(r -> idOf(r) >= headFloor))
                .as("the newest page is exact after every run")
                .containsExactlyElementsOf(
                        want.rows().stream().filter(r -> idOf(r) >= headFloor).toList());
        long fid = farId;
        assertThat(rows(db).stream()
                        .filter(r -> r.path("id").asLong() == fid)
                        .findFirst()
                        .orElseThrow()
                        .path("reactions_detail")
                        .asText())
                .as("deeper in the window than the budget reached yet")
                .doesNotContain("❤️ (12)");
        assertThat(Files.readString(refreshing.resolve("logs/update.log"))).contains("refresh_pages=1");

        // a quiet chat: the refresh costs nothing (the newest page is not modified), as the plain update
        dc().command("resetStats");
        update(env(refreshing));
        int quietRefresh = dc().totalRequests();
        dc().command("resetStats");
        update(plainEnv);
        assertThat(quietRefresh).isEqualTo(dc().totalRequests()).isEqualTo(2);
    }

    @Test
    void fullRereadsABasicGroupsWholeHistoryAndConfirmsDeletionsWithMessagesGetMessages(@TempDir Path home)
            throws Exception {
        // the scripted basic group: 120 messages, from 2021
        CliRun login = CliRun.run(env(home), dc().loginCode() + "\n", "login", "--phone", "+15550001");
        assertThat(login.exit).as(login.toString()).isZero();
        CliRun add = CliRun.run(env(home), "", "chats", "add", "fam", "-4242");
        assertThat(add.exit).as(add.toString()).isZero();
        update(home);
        Path db = home.resolve("databases/fam.db");
        List<JsonNode> texts =
                rows(db).stream().filter(r -> r.path("is_service").asInt() == 0).toList();
        dc().command(
                        "change",
                        "chat",
                        "family",
                        "ops",
                        List.of(
                                op("delete", texts.get(3)),
                                op("edit", texts.get(50), "text", "said otherwise"),
                                op("react", texts.get(90), "emoticon", "🤔", "count", 2)));

        dc().command("resetStats");
        update(home, "--full");
        Expected want = expected(home, "family", -1);
        assertThat(ArchiveRows.archive(db)).isEqualTo(want.rows());
        assertThat(query(db, "SELECT id FROM deleted_messages")).isEqualTo(want.deleted());
        assertThat(query(db, "SELECT id, old_message FROM message_edits")).isEqualTo(want.edits());
        JsonNode cost = stats();
        assertThat(cost.path("messages.GetHistory").asInt())
                .as("120 messages: the newest page and the one below it")
                .isEqualTo(2);
        assertThat(cost.path("messages.GetMessages").asInt())
                .as("the missing id asked for by id (a basic group: messages.getMessages)")
                .isEqualTo(1);
    }

    private static long idOf(String row) {
        try {
            return JSON.readTree(row).path("id").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
