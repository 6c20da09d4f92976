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
