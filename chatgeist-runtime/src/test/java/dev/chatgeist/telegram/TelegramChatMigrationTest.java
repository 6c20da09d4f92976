package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.cli.CliRun;
import dev.chatgeist.testing.Db;
import dev.chatgeist.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A basic group that becomes a supergroup (issue 10 §5), with the real `chatgeist update` against the stand-in DC
 * (src/test/node/standin.js + standin-migrate.js; it stands for Telegram's production DCs, which migrate a basic
 * group as core.telegram.org/api/channel#migration describes). The expected rows of the combined archive are
 * computed by the stand-in from its script, independently of the Java code.
 */
class TelegramChatMigrationTest {
    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(300, 20);

    private static final ObjectMapper JSON = new ObjectMapper();
    static StandinDc dc;

    @BeforeAll
    static void start() {
        dc = STANDIN.dc();
    }

    private static void login(Path home) {
        CliRun r = CliRun.run(dc.env(home), dc.loginCode() + "\n", "login", "--phone", "+15550001");
        assertThat(r.exit).as(r.toString()).isZero();
    }

    private static CliRun chatgeist(Path home, String... args) {
        return CliRun.run(dc.env(home), "", args);
    }

    private static void add(Path home, String alias, long target) {
        CliRun r = chatgeist(home, "chats", "add", alias, Long.toString(target));
        assertThat(r.exit).as(r.toString()).isZero();
    }

    /** Logs in, adds a new basic group of {@code size} messages as {@code alias} and updates; its marked id. */
    private static long loggedInWithGroupArchived(Path home, String key, int size, String alias) throws Exception {
        long basic = newGroup(key, size);
        login(home);
        add(home, alias, basic);
        update(home);
        return basic;
    }

    /** The same with a group that migrated (leaving {@code then} messages in the supergroup) before the run. */
    private static long loggedInWithMigratedGroupArchived(Path home, String key, int size, int then, String alias)
            throws Exception {
        long basic = newGroup(key, size);
        dc.command("migrate", "chat", key, "then", then);
        login(home);
        add(home, alias, basic);
        update(home);
        return basic;
    }

    /** The archive of {@code alias} equals the stand-in's expected rows for {@code chat}; they are returned. */
    private static List<String> assertArchiveHolds(Path home, String alias, String chat, int rows) throws Exception {
        List<String> archived = ArchiveRows.archive(home.resolve("databases/" + alias + ".db"));
        assertThat(archived).isEqualTo(expected(chat, home)).hasSize(rows);
        return archived;
    }

    private static CliRun update(Path home) {
        CliRun r = chatgeist(home, "update");
        assertThat(r.exit).as(r.toString()).isZero();
        return r;
    }

    /** A new basic group of {@code size} messages the account is in; its marked id. */
    private static long newGroup(String key, int size) throws Exception {
        return -dc.command("newGroup", "key", key, "size", size).path("id").asLong();
    }

    private static List<String> expected(String chat, Path dir) throws Exception {
        Path file = dir.resolve(chat + "-migrated-expected.jsonl");
        dc.command("expectedMigrated", "chat", chat, "file", file.toString());
        return ArchiveRows.expected(file);
    }

    private static Map<String, String> metadata(Path db) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT key, value FROM metadata WHERE key LIKE 'telegram_%'")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }

    private static int requests(String method) throws Exception {
        return dc.command("stats").path("byMethod").path(method).asInt();
    }

    @Test
    void aGroupMigratedBetweenRunsIsFollowedIntoTheSameArchiveAndLaterRunsContinueInTheSupergroup(@TempDir Path home)
            throws Exception {
        long basic = loggedInWithGroupArchived(home, "between", 150, "club");
        Path db = home.resolve("databases/club.db");
        List<String> before = assertArchiveHolds(home, "club", "between", 150);
        String targets = Files.readString(home.resolve("targets.json"));
        dc.command("resetStats");
        assertThat(update(home).out).contains("0 new");
        assertThat(requests("messages.GetChats"))
                .as("nothing new: has the group migrated?")
                .isEqualTo(1);
        assertThat(ArchiveRows.archive(db)).isEqualTo(before);

        JsonNode migrated = dc.command("migrate", "chat", "between", "then", 130);
        long supergroup = -1_000_000_000_000L - migrated.path("channelId").asLong();
        long offset = migrated.path("maxId").asLong();
        CliRun second = update(home);
        String line = "event=chat_migrated from=" + basic + " to=" + supergroup + " id_offset=" + offset;
        assertThat(second.out).contains("chat migrated from=" + basic + " to=" + supergroup);
        assertThat(Files.readString(home.resolve("logs/update.log"))).contains(line);
        List<String> after = assertArchiveHolds(home, "club", "between", 150 + 1 + 131);
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM deleted_messages"))
                .as("the group's newest page says nothing about the supergroup's messages")
                .isZero();
        assertThat(after.subList(0, before.size()))
                .as("the basic group's rows, untouched")
                .isEqualTo(before);
        assertThat(Files.readString(home.resolve("targets.json"))).isEqualTo(targets);
        assertThat(metadata(db))
                .isEqualTo(Map.of(
                        "telegram_chat", Long.toString(basic),
                        "telegram_migrated_to", Long.toString(supergroup),
                        "telegram_id_offset", Long.toString(offset)));
        assertThat(Files.readString(home.resolve("telegram.session")))
                .as("the supergroup's access hash is remembered")
                .contains("\"id\" : " + migrated.path("channelId").asLong());

        // the next run goes straight to the supergroup, after its last stored id: one page, no look-ups
        dc.command("append", "chat", "between_sg", "count", 40);
        dc.command("resetStats");
        CliRun third = update(home);
        assertThat(third.out).contains("40 new").doesNotContain("chat migrated");
        assertThat(requests("messages.GetHistory")).isEqualTo(1);
        assertThat(requests("messages.GetChats")
                        + requests("channels.GetFullChannel")
                        + requests("messages.GetDialogs"))
                .isZero();
        assertArchiveHolds(home, "club", "between", 150 + 1 + 171);

        // what the commands show over the combined archive
        CliRun list = chatgeist(home, "chats", "list");
        assertThat(list.exit).as(list.toString()).isZero();
        assertThat(list.out).contains(basic + " (now " + supergroup + ")").contains("322");
        CliRun stats = chatgeist(home, "stats", "--chat", "club");
        assertThat(stats.exit).as(stats.toString()).isZero();
        assertThat(stats.out)
                .contains("322 messages")
                .contains("Basic group " + basic + " became supergroup " + supergroup + ": its messages are stored "
                        + "from id " + (offset + 1) + " on (Telegram id + " + offset + ")");
        assertBotSqlWorks(home, expected("between", home));
    }

    /** The bot's SQL over the combined archive: order by id is the order in time, replies join within the archive. */
    private static void assertBotSqlWorks(Path home, List<String> expected) throws Exception {
        CliRun byId = chatgeist(home, "sql", "--chat", "club", "--json", "SELECT id FROM messages ORDER BY id");
        CliRun byTime =
                chatgeist(home, "sql", "--chat", "club", "--json", "SELECT id FROM messages ORDER BY timestamp, id");
        assertThat(byId.exit).as(byId.toString()).isZero();
        assertThat(JSON.readTree(byTime.out).get("rows"))
                .isEqualTo(JSON.readTree(byId.out).get("rows"));
        Set<Long> ids = new HashSet<>();
        long replies = 0;
        for (String row : expected) {
            ids.add(JSON.readTree(row).get("id").asLong());
        }
        long linked = 0;
        for (String row : expected) {
            JsonNode reply = JSON.readTree(row).get("reply_to_msg_id");
            if (!reply.isNull() && ids.contains(reply.asLong())) {
                replies++;
            }
            if (!JSON.readTree(row).get("permalink").isNull()) {
                linked++; // the supergroup's rows: the basic group's have no links
            }
        }
        CliRun joined = chatgeist(
                home,
                "sql",
                "--chat",
                "club",
                "--json",
                "SELECT COUNT(*) FROM messages m JOIN messages r ON r.id = m.reply_to_msg_id "
                        + "WHERE r.timestamp <= m.timestamp");
        assertThat(joined.exit).as(joined.toString()).isZero();
        // README's expression for the real Telegram id gives the id each supergroup permalink ends with
        CliRun realIds = chatgeist(
                home,
                "sql",
                "--chat",
                "club",
                "--json",
                "SELECT COUNT(*), SUM(permalink LIKE '%/' || telegram_id) FROM (SELECT permalink, id - COALESCE("
                        + "(SELECT CAST(value AS INTEGER) FROM metadata WHERE key = 'telegram_id_offset' "
                        + "AND id > CAST(value AS INTEGER)), 0) AS telegram_id FROM messages) "
                        + "WHERE permalink IS NOT NULL");
        assertThat(realIds.exit).as(realIds.toString()).isZero();
        JsonNode counts = JSON.readTree(realIds.out).get("rows").get(0);
        assertThat(counts.get(0).asLong()).isEqualTo(linked).isEqualTo(1 + 130 + 40);
        assertThat(counts.get(1).asLong()).isEqualTo(linked);
        assertThat(replies).isPositive();
        assertThat(JSON.readTree(joined.out).get("rows").get(0).get(0).asLong())
                .as("every reply finds its message, earlier than the reply")
                .isEqualTo(replies);
    }

    /** What the stand-in serves of a migrated chat's supergroup part, with its deletions and edits, at stored ids. */
    private record Refreshed(List<String> rows, List<String> deleted, List<String> edits) {}

    private static Refreshed refreshed(String supergroup, long offset, Path dir) throws Exception {
        Path file = dir.resolve(supergroup + "-refresh-expected.jsonl");
        JsonNode r = dc.command("refreshExpected", "chat", supergroup, "file", file.toString());
        List<String> deleted = new ArrayList<>();
        r.path("deleted").forEach(id -> deleted.add("int:" + id.asLong()));
        List<String> edits = new ArrayList<>();
        r.path("edits")
                .forEach(e -> edits.add("int:" + e.path("id").asLong() + " | text:"
                        + e.path("old").asText()));
        return new Refreshed(above(ArchiveRows.expected(file), offset), deleted, edits);
    }

    /** The rows (JSON lines) whose stored id is above {@code offset}: a migrated chat's supergroup part. */
    private static List<String> above(List<String> rows, long offset) throws Exception {
        List<String> out = new ArrayList<>();
        for (String row : rows) {
            if (JSON.readTree(row).path("id").asLong() > offset) {
                out.add(row);
            }
        }
        return out;
    }

    /** The archive's messages (not service ones) of one part, oldest first, as JSON. */
    private static List<JsonNode> messages(Path db, long fromId, long toId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String row : ArchiveRows.archive(db)) {
            JsonNode r = JSON.readTree(row);
            long id = r.path("id").asLong();
            if (id >= fromId && id <= toId && r.path("is_service").asInt() == 0) {
                out.add(r);
            }
        }
        return out;
    }

    /** A `change` of the stand-in for the message stored as {@code row}, at its Telegram id. */
    private static Map<String, Object> op(String op, JsonNode row, long offset, Object... kv) {
        Map<String, Object> o = new HashMap<>();
        o.put("op", op);
        o.put("id", row.path("id").asLong() - offset);
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], kv[i + 1]);
        }
        return o;
    }

    private static void change(String chat, List<Map<String, Object>> ops) throws Exception {
        dc.command("change", "chat", chat, "ops", ops);
    }

    @Test
    void theSupergroupPartOfAMigratedChatIsRefreshedAtStoredIdsAndTheBasicGroupsPartIsLeftAsItWas(@TempDir Path home)
            throws Exception {
        loggedInWithMigratedGroupArchived(home, "refreshed", 150, 250, "ref");
        Path db = home.resolve("databases/ref.db");
        long offset = Long.parseLong(metadata(db).get("telegram_id_offset"));
        List<String> archived = assertArchiveHolds(home, "ref", "refreshed", 150 + 1 + 251);
        List<String> basicPart = archived.subList(0, (int) offset);
        String supergroup = "refreshed_sg";
        List<JsonNode> sg = messages(db, offset + 1, Long.MAX_VALUE);

        // the newest page (the first request, on the supergroup) re-reads the 60 newest stored messages
        JsonNode top = sg.get(sg.size() - 5);
        JsonNode editedNewest = sg.get(sg.size() - 10);
        JsonNode deletedNewest = sg.get(sg.size() - 20);
        change(
                supergroup,
                List.of(
                        op("react", top, offset, "emoticon", "👍", "count", 1000),
                        op("edit", editedNewest, offset, "text", "edited in the newest page"),
                        op("delete", deletedNewest, offset)));
        dc.command("append", "chat", supergroup, "count", 40);
        dc.command("resetStats");
        assertThat(update(home).out).contains("40 new").doesNotContain("chat migrated");
        assertThat(requests("messages.GetHistory"))
                .as("the newest page holds the 40 new")
                .isEqualTo(1);
        assertThat(requests("channels.GetMessages"))
                .as("the missing id confirmed by id")
                .isEqualTo(1);
        Refreshed want = refreshed(supergroup, offset, home);
        assertThat(above(ArchiveRows.archive(db), offset)).isEqualTo(want.rows());
        assertThat(Db.rows(db, "SELECT id FROM deleted_messages ORDER BY id"))
                .isEqualTo(want.deleted())
                .containsExactly("int:" + deletedNewest.path("id").asLong());
        assertThat(Db.rows(db, "SELECT id, old_message FROM message_edits ORDER BY id"))
                .isEqualTo(want.edits())
                .hasSize(1);

        // a day's backlog earns a request for the window's most reacted messages, asked for at Telegram ids
        change(supergroup, List.of(op("react", top, offset, "emoticon", "👍", "count", 2000)));
        dc.command("append", "chat", supergroup, "count", 500);
        dc.command("resetStats");
        Map<String, String> wholeHistory = dc.env(home);
        wholeHistory.put("CHATGEIST_REFRESH_DAYS", "36500"); // the scripted messages are from 2021
        CliRun backlog = CliRun.run(wholeHistory, "", "update");
        assertThat(backlog.exit).as(backlog.toString()).isZero();
        assertThat(requests("messages.GetMessagesReactions")).isEqualTo(1);
        assertThat(above(ArchiveRows.archive(db), offset))
                .as("the most reacted message, far below the newest page, refreshed by id")
                .isEqualTo(refreshed(supergroup, offset, home).rows());

        // --full re-reads the whole supergroup; the basic group (deactivated) is not re-read, even where it changed
        List<JsonNode> basic = messages(db, 1, offset);
        change(
                supergroup,
                List.of(
                        op("react", sg.get(30), offset, "emoticon", "🎉", "count", 3),
                        op("views", sg.get(40), offset, "views", 4321, "forwards", 9),
                        op("edit", sg.get(50), offset, "text", "edited deep in the supergroup"),
                        op("delete", sg.get(60), offset)));
        change(
                "refreshed",
                List.of(op("react", basic.get(10), 0, "emoticon", "🔥", "count", 4), op("delete", basic.get(20), 0)));
        dc.command("resetStats");
        CliRun full = chatgeist(home, "update", "--full");
        assertThat(full.exit).as(full.toString()).isZero();
        want = refreshed(supergroup, offset, home);
        List<String> now = ArchiveRows.archive(db);
        assertThat(now.subList(0, (int) offset))
                .as("the basic group's rows, untouched")
                .isEqualTo(basicPart);
        assertThat(above(now, offset)).isEqualTo(want.rows());
        assertThat(Db.rows(db, "SELECT id FROM deleted_messages ORDER BY id"))
                .isEqualTo(want.deleted())
                .hasSize(2);
        assertThat(Db.scalar(db, "SELECT COUNT(*) FROM deleted_messages WHERE id <= " + offset))
                .as("no basic group message recorded as deleted")
                .isZero();
        assertThat(Db.rows(db, "SELECT id, old_message FROM message_edits ORDER BY id"))
                .containsExactlyInAnyOrderElementsOf(want.edits())
                .hasSize(2);
        Db.assertSearchIndexConsistent(db);
        long served = want.rows().size() - want.deleted().size();
        assertThat(requests("messages.GetHistory"))
                .as("the newest page and the pages below it down to the supergroup's first message (%d)", served)
                .isEqualTo((int) (served / 100 + 1));
        assertThat(requests("channels.GetMessages")).isEqualTo(1);
        assertThat(requests("messages.GetMessages"))
                .as("never the basic group by id")
                .isZero();

        // a quiet run: the supergroup's newest page comes back not modified, nothing else is asked
        dc.command("resetStats");
        assertThat(update(home).out).contains("0 new");
        assertThat(dc.totalRequests())
                .as("the session check and the newest page")
                .isEqualTo(2);
        assertThat(ArchiveRows.archive(db)).isEqualTo(now);
        assertThat(Files.readString(home.resolve("logs/update.log"))).contains("refresh_head=not_modified");
    }

    @Test
    void aMigrationInTheMiddleOfARunFetchesTheGroupUpToItsLastMessageThenTheSupergroup(@TempDir Path home)
            throws Exception {
        long basic = newGroup("midrun", 260);
        login(home);
        add(home, "mid", basic);
        dc.command("migrateAt", "chat", "midrun", "afterPages", 1, "then", 120);
        CliRun r = update(home);
        assertThat(r.out).contains("chat migrated from=" + basic);
        assertArchiveHolds(home, "mid", "midrun", 260 + 1 + 121);
    }

    @Test
    void aGroupThatMigratedBeforeItsFirstRunIsArchivedWhole(@TempDir Path home) throws Exception {
        long basic = loggedInWithMigratedGroupArchived(home, "early", 90, 250, "early");
        assertArchiveHolds(home, "early", "early", 90 + 1 + 251);

        // a run that failed after storing supergroup rows but before recording the offset: the next one finds the
        // same offset again and continues after the last stored row
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("databases/early.db"));
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM metadata WHERE key IN ('telegram_migrated_to', 'telegram_id_offset')");
        }
        dc.command("append", "chat", "early_sg", "count", 30);
        dc.command("resetStats");
        CliRun r = update(home);
        assertThat(r.out).contains("30 new").contains("chat migrated from=" + basic);
        assertThat(requests("messages.GetHistory"))
                .as("the group's empty page and one supergroup page")
                .isEqualTo(2);
        assertThat(requests("channels.GetMessages"))
                .as("the group's newest page (the run's first request) is not used to check the supergroup's ids")
                .isZero();
        assertThat(Db.scalar(home.resolve("databases/early.db"), "SELECT COUNT(*) FROM deleted_messages"))
                .isZero();
        assertArchiveHolds(home, "early", "early", 90 + 1 + 281);
    }

    @Test
    void theCombinedArchiveRoundTripsThroughThePythonConverterAndStaysOpenToIt(@TempDir Path home) throws Exception {
        loggedInWithMigratedGroupArchived(home, "python", 80, 60, "py");
        Path db = home.resolve("databases/py.db");
        List<String> ours = Db.messages(db);
        Path dump = home.resolve("py.jsonl");
        CliRun export = chatgeist(home, "export", "--chat", "py", "-o", dump.toString());
        assertThat(export.exit).as(export.toString()).isZero();
        // the Python version's converter (the real jsonl_to_sqlite.py) makes the same rows from the export ...
        Path python = home.resolve("python.db");
        Shared.pythonConvert(dump, python);
        assertThat(Db.messages(python)).isEqualTo(ours);
        // ... and extends our archive in place without disturbing it or its record of the migration
        Map<String, String> recorded = metadata(db);
        Shared.pythonConvert(dump, db);
        assertThat(Db.messages(db)).isEqualTo(ours);
        assertThat(metadata(db)).isEqualTo(recorded).containsKey("telegram_id_offset");
        assertThat(update(home).out).contains("0 new");
        assertArchiveHolds(home, "py", "python", 80 + 1 + 61);
    }

    @Test
    void aLimitedRunThatEndsAtTheGroupsLastMessageIsContinuedInTheSupergroupByTheNext(@TempDir Path home)
            throws Exception {
        long basic = newGroup("limited", 40);
        dc.command("migrate", "chat", "limited", "then", 20);
        login(home);
        add(home, "lim", basic);
        CliRun first = chatgeist(home, "update", "--limit", "41");
        assertThat(first.exit).as(first.toString()).isZero();
        assertThat(first.out).doesNotContain("chat migrated");
        List<String> all = expected("limited", home);
        assertThat(ArchiveRows.archive(home.resolve("databases/lim.db"))).isEqualTo(all.subList(0, 41));
        dc.command("resetStats");
        CliRun second = update(home);
        assertThat(second.out).contains("chat migrated from=" + basic).contains("21 new");
        assertThat(requests("messages.GetChats"))
                .as("the run's first request, the refresh's newest page, shows the group as migrated: no look-up")
                .isZero();
        assertThat(requests("channels.GetFullChannel"))
                .as("the offset: the migrate-to message is on that newest page")
                .isZero();
        assertArchiveHolds(home, "lim", "limited", 40 + 1 + 21);
    }

    @Test
    void theSupergroupAsTargetContinuesTheArchiveFilledFromTheBasicGroup(@TempDir Path home) throws Exception {
        long basic = loggedInWithGroupArchived(home, "renamed", 120, "team");
        JsonNode migrated = dc.command("migrate", "chat", "renamed", "then", 70);
        long supergroup = -1_000_000_000_000L - migrated.path("channelId").asLong();
        // the user saw the new chat in Telegram and changed the target by hand
        add(home, "team", supergroup);
        CliRun r = update(home);
        assertThat(r.out).contains("chat migrated from=" + basic + " to=" + supergroup);
        assertArchiveHolds(home, "team", "renamed", 120 + 1 + 71);
        CliRun again = update(home);
        assertThat(again.out).contains("0 new");
        assertArchiveHolds(home, "team", "renamed", 120 + 1 + 71);
    }

    @Test
    void aTargetChangedToAnUnrelatedChatIsRefusedAndTheArchiveIsLeftAsItWas(@TempDir Path home) throws Exception {
        long basic = loggedInWithGroupArchived(home, "unrelated", 30, "fam");
        Path db = home.resolve("databases/fam.db");
        List<String> before = ArchiveRows.archive(db);
        assertThat(chatgeist(home, "chats", "add", "fam", "@bigchat").exit).isZero();
        CliRun r = chatgeist(home, "update");
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.err)
                .contains("the archive holds the messages of chat " + basic)
                .contains("give the new chat an alias of its own");
        assertThat(ArchiveRows.archive(db)).isEqualTo(before);
    }
}
