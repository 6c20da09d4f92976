package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real `chatgeist login` and `chatgeist update` against the stand-in Telegram DC (src/test/node/standin.js,
 * built on GramJS; it stands for Telegram's production DCs) over loopback: handshake, login, history download.
 */
class TelegramEndToEndTest {
    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(10_000, 101);

    static StandinDc dc;

    @BeforeAll
    static void start() {
        dc = STANDIN.dc();
    }

    static Map<String, String> env(Path home) {
        return dc.env(home);
    }

    static void login(Path home, String phone, String stdin) {
        CliRun r = CliRun.run(env(home), stdin, "login", "--phone", phone);
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).contains("Logged in as");
    }

    static List<String> expected(String chat, Path dir) throws Exception {
        Path file = dir.resolve(chat + "-expected.jsonl");
        dc.command("expected", "chat", chat, "file", file.toString());
        return ArchiveRows.expected(file);
    }

    @Test
    void loginThenFullDownloadEqualsTheScriptedHistoryAndTheNextRunFetchesOnlyNewMessages(@TempDir Path home)
            throws Exception {
        login(home, "+15550001", dc.loginCode() + "\n");
        Path session = home.resolve("telegram.session");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(session)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(session)).doesNotContain(dc.apiHash());

        assertThat(CliRun.run(env(home), "", "chats", "add", "big", "@bigchat").exit)
                .isZero();
        dc.command("resetStats");
        CliRun first = CliRun.run(env(home), "", "update");
        assertThat(first.exit).as(first.toString()).isZero();
        int requests = dc.totalRequests();
        assertThat(requests).as("requests for 10,000 messages").isLessThanOrEqualTo(105);
        assertThat(ArchiveRows.archive(home.resolve("databases/big.db"))).isEqualTo(expected("bigchat", home));

        // a later run (a new process: state only from the session file) fetches only what is new, without a login
        int loginsBefore = dc.command("info").path("loginCalls").asInt();
        int keysBefore = dc.command("info").path("keys").asInt();
        dc.command("append", "chat", "bigchat", "count", 250);
        dc.command("resetStats");
        CliRun second = CliRun.run(env(home), "", "update");
        assertThat(second.exit).as(second.toString()).isZero();
        assertThat(second.out).contains("250 new");
        assertThat(dc.command("stats")
                        .path("byMethod")
                        .path("messages.GetHistory")
                        .asInt())
                .isEqualTo(3);
        assertThat(dc.command("stats").path("byMethod").has("contacts.ResolveUsername"))
                .isFalse();
        assertThat(dc.command("info").path("loginCalls").asInt()).isEqualTo(loginsBefore);
        assertThat(dc.command("info").path("keys").asInt()).isEqualTo(keysBefore);
        assertThat(ArchiveRows.archive(home.resolve("databases/big.db"))).isEqualTo(expected("bigchat", home));
    }

    @Test
    void twoStepVerificationAsksForThePasswordAgainWhenItIsWrong(@TempDir Path home) throws Exception {
        CliRun r = CliRun.run(
                env(home),
                dc.loginCode() + "\nnot the password\ncorrect horse battery\n",
                "login",
                "--phone",
                "+15550002");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.err).contains("hint: four words").contains("That password is wrong; try again.");
        assertThat(r.all()).doesNotContain("correct horse battery").doesNotContain("not the password");
        assertThat(Files.readString(home.resolve("logs/login.log"))).doesNotContain("correct horse");
        assertThat(r.out).contains("Logged in as Bob");
    }

    @Test
    void wrongAndExpiredCodesAreExplainedAndAskedAgain(@TempDir Path home) throws Exception {
        CliRun r = CliRun.run(
                env(home),
                "99999\n" + dc.expiredCode() + "\n" + dc.loginCode() + "\n",
                "login",
                "--phone",
                "+15550001");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.err).contains("That code is wrong").contains("That code has expired");
    }

    @Test
    void wrongPasswordThreeTimesEndsTheLoginWithoutASession(@TempDir Path home) {
        CliRun r = CliRun.run(env(home), dc.loginCode() + "\na\nb\nc\n", "login", "--phone", "+15550002");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("password was wrong 3 times");
        CliRun update = CliRun.run(env(home), "", "update");
        assertThat(update.exit).isEqualTo(2);
    }

    @Test
    void phoneMigrateMovesTheSessionToTheAccountsDcAndUpdatesComeFromThere(@TempDir Path home) throws Exception {
        login(home, "+15550003", dc.loginCode() + "\n");
        assertThat(Files.readString(home.resolve("telegram.session"))).contains("\"home_dc\" : 2");
        assertThat(Files.readString(home.resolve("logs/login.log"))).contains("event=migrate from_dc=1 to_dc=2");
        assertThat(CliRun.run(env(home), "", "chats", "add", "fam", "-4242").exit)
                .isZero();
        assertThat(CliRun.run(env(home), "", "chats", "add", "big", "t.me/c/1500000001/77").exit)
                .isZero();
        CliRun r = CliRun.run(env(home), "", "update", "--chat", "big", "--limit", "250");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(ArchiveRows.archive(home.resolve("databases/big.db")))
                .isEqualTo(expected("bigchat", home).subList(0, 250));
    }

    @Test
    void floodWaitIsWaitedOutAndADroppedConnectionResumesWithoutDuplicatesOrGaps(@TempDir Path home) throws Exception {
        login(home, "+15550001", dc.loginCode() + "\n");
        assertThat(CliRun.run(env(home), "", "chats", "add", "big", "@bigchat").exit)
                .isZero();
        dc.command("fault", "kind", "flood", "method", "messages.GetHistory", "after", 17, "seconds", 1);
        dc.command("fault", "kind", "drop", "method", "messages.GetHistory", "after", 23);
        dc.command("rotateSalt");
        CliRun r = CliRun.run(env(home), "", "update");
        dc.command("clearFaults");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).contains("flood wait seconds=1").contains("reconnect");
        assertThat(ArchiveRows.archive(home.resolve("databases/big.db"))).isEqualTo(expected("bigchat", home));
        assertThat(Files.readString(home.resolve("logs/update.log"))).contains("event=bad_server_salt");
    }

    @Test
    void clockSkewIsCorrectedFromTheServersBadMsgNotification(@TempDir Path home) throws Exception {
        login(home, "+15550001", dc.loginCode() + "\n");
        assertThat(CliRun.run(env(home), "", "chats", "add", "news", "@newsfeed").exit)
                .isZero();
        dc.command("skew", "seconds", 3600);
        try {
            CliRun r = CliRun.run(env(home), "", "update");
            assertThat(r.exit).as(r.toString()).isZero();
        } finally {
            dc.command("skew", "seconds", 0);
        }
        assertThat(Files.readString(home.resolve("logs/update.log"))).contains("event=clock_skew code=16");
        assertThat(ArchiveRows.archive(home.resolve("databases/news.db"))).isEqualTo(expected("newsfeed", home));
    }

    @Test
    void basicGroupsAndChannelsByNumericIdAndLinkAreResolvedThroughTheDialogs(@TempDir Path home) throws Exception {
        login(home, "+15550001", dc.loginCode() + "\n");
        assertThat(CliRun.run(env(home), "", "chats", "add", "fam", "-4242").exit)
                .isZero();
        assertThat(CliRun.run(env(home), "", "chats", "add", "news", "-1001500000002").exit)
                .isZero();
        CliRun r = CliRun.run(env(home), "", "update");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(ArchiveRows.archive(home.resolve("databases/fam.db"))).isEqualTo(expected("family", home));
        assertThat(ArchiveRows.archive(home.resolve("databases/news.db"))).isEqualTo(expected("newsfeed", home));
    }

    @Test
    void unknownBannedAndNotJoinedChatsFailWithClearMessagesWhileTheOthersAreUpdated(@TempDir Path home)
            throws Exception {
        login(home, "+15550001", dc.loginCode() + "\n");
        assertThat(CliRun.run(env(home), "", "chats", "add", "ghost", "@no_such_chat").exit)
                .isZero();
        assertThat(CliRun.run(env(home), "", "chats", "add", "banned", "@bannedchan").exit)
                .isZero();
        assertThat(CliRun.run(env(home), "", "chats", "add", "secret", "-1001500000003").exit)
                .isZero();
        assertThat(CliRun.run(env(home), "", "chats", "add", "fam", "-4242").exit)
                .isZero();
        CliRun r = CliRun.run(env(home), "", "update");
        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.err)
                .contains("no Telegram chat or user is called @no_such_chat")
                .contains("@bannedchan (Banned Place) cannot be read by this account: it was banned")
                .contains("the account is not a member of -1001500000003");
        assertThat(ArchiveRows.archive(home.resolve("databases/fam.db"))).isEqualTo(expected("family", home));
        assertThat(home.resolve("databases/ghost.db")).doesNotExist();
    }

    @Test
    void aRevokedSessionAsksForANewLoginAndLeavesTheArchiveUntouched(@TempDir Path home) throws Exception {
        login(home, "+15550001", dc.loginCode() + "\n");
        assertThat(CliRun.run(env(home), "", "chats", "add", "fam", "-4242").exit)
                .isZero();
        assertThat(CliRun.run(env(home), "", "update", "--limit", "50").exit).isZero();
        byte[] before = Files.readAllBytes(home.resolve("databases/fam.db"));
        dc.command("revoke", "user", 1001);
        CliRun r = CliRun.run(env(home), "", "update");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("AUTH_KEY_UNREGISTERED").contains("run `chatgeist login` again");
        assertThat(Files.readAllBytes(home.resolve("databases/fam.db"))).isEqualTo(before);
    }

    @Test
    void updateWithoutASessionFailsFastBeforeTouchingAnyChat(@TempDir Path home) throws Exception {
        assertThat(CliRun.run(env(home), "", "chats", "add", "fam", "-4242").exit)
                .isZero();
        dc.command("resetStats");
        CliRun r = CliRun.run(env(home), "", "update");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("run `chatgeist login` first");
        assertThat(home.resolve("databases/fam.db")).doesNotExist();
        assertThat(dc.totalRequests()).isZero();
    }

    @Test
    void missingOrRejectedApiCredentialsAreExplained(@TempDir Path home) throws Exception {
        Map<String, String> noId = env(home);
        noId.remove("TELEGRAM_API_ID");
        CliRun missing = CliRun.run(noId, "", "login", "--phone", "+15550001");
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.err).contains("TELEGRAM_API_ID is not set").contains("my.telegram.org");

        Map<String, String> badHash = env(home);
        badHash.put("TELEGRAM_API_HASH", "secret-but-malformed");
        CliRun malformed = CliRun.run(badHash, "", "login", "--phone", "+15550001");
        assertThat(malformed.exit).isEqualTo(2);
        assertThat(malformed.err)
                .contains("TELEGRAM_API_HASH must be the 32 hexadecimal characters")
                .doesNotContain("secret-but-malformed");

        Map<String, String> wrongId = env(home);
        wrongId.put("TELEGRAM_API_ID", "999");
        CliRun rejected = CliRun.run(wrongId, "", "login", "--phone", "+15550001");
        assertThat(rejected.exit).isEqualTo(2);
        assertThat(rejected.err)
                .contains("Telegram does not accept TELEGRAM_API_ID/TELEGRAM_API_HASH")
                .contains("(API_ID_INVALID)");
    }

    @Test
    void logoutEndsTheSessionOnTheServerAndDeletesIt(@TempDir Path home) throws Exception {
        login(home, "+15550001", dc.loginCode() + "\n");
        CliRun r = CliRun.run(env(home), "", "logout");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.err).doesNotContain("warning");
        assertThat(home.resolve("telegram.session")).doesNotExist();
        assertThat(CliRun.run(env(home), "", "logout").out).contains("Not logged in");
    }

    @Test
    void aSavedSessionAnswersPingsAndReportsItsRequests(@TempDir Path home) throws Exception {
        login(home, "+15550001", dc.loginCode() + "\n");
        var store = dev.chatgeist.telegram.client.SessionStore.in(home);
        var settings = dev.chatgeist.telegram.client.TelegramSettings.from(dev.chatgeist.config.Settings.of(env(home)));
        try (var client = new dev.chatgeist.telegram.client.TelegramClient(
                dev.chatgeist.telegram.tl.TlSchema.standard(),
                settings,
                store.load().orElseThrow(),
                line -> {},
                () -> {})) {
            client.ping();
            client.ping();
            assertThat(client.requests()).isZero();
        }
    }

    @Test
    void aStaleCachedAccessHashIsLookedUpAgain(@TempDir Path home) throws Exception {
        login(home, "+15550001", dc.loginCode() + "\n");
        assertThat(CliRun.run(env(home), "", "chats", "add", "news", "@newsfeed").exit)
                .isZero();
        assertThat(CliRun.run(env(home), "", "update", "--limit", "10").exit).isZero();
        Path session = home.resolve("telegram.session");
        String stale = Files.readString(session).replace("\"access_hash\" : 7000000000002", "\"access_hash\" : 1");
        assertThat(stale).contains("\"access_hash\" : 1");
        Files.writeString(session, stale);
        CliRun r = CliRun.run(env(home), "", "update");
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(ArchiveRows.archive(home.resolve("databases/news.db"))).isEqualTo(expected("newsfeed", home));
        assertThat(Files.readString(session)).contains("\"access_hash\" : 7000000000002");
    }
}
