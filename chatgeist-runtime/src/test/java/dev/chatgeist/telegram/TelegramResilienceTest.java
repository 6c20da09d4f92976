package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.cli.CliRun;
import dev.chatgeist.telegram.client.TelegramSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real `chatgeist login` and `update` against the stand-in DC (src/test/node/standin.js; it stands for
 * Telegram's production DCs) when the servers misbehave the way Telegram documents they can
 * (src/test/node/standin-faults.js): errors on Telegram's side, connections gone for good, -429 floods with refused
 * reconnects, dead sessions, and SIGTERM in the middle of a chat. The retry waits and budgets are the real ones
 * multiplied by {@value #SCALE} ({@link TelegramSettings#RETRY_SCALE}): 2 minutes of server errors take 0.6 s, the
 * 10 minutes without a connection 3 s.
 */
class TelegramResilienceTest {
    private static final String SCALE = "0.005";
    private static final int BIG = 3_000;

    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(BIG, 20);

    static StandinDc dc;

    @BeforeAll
    static void start() {
        dc = STANDIN.dc();
    }

    @AfterEach
    void clearFaults() throws Exception {
        dc.command("clearFaults");
    }

    static Map<String, String> env(Path home) {
        Map<String, String> env = dc.env(home);
        env.put(TelegramSettings.RETRY_SCALE, SCALE);
        return env;
    }

    static void loginAndAdd(Path home, String... aliasAndTarget) {
        CliRun login = CliRun.run(env(home), dc.loginCode() + "\n", "login", "--phone", "+15550001");
        assertThat(login.exit).as(login.toString()).isZero();
        for (int i = 0; i < aliasAndTarget.length; i += 2) {
            CliRun add = CliRun.run(env(home), "", "chats", "add", aliasAndTarget[i], aliasAndTarget[i + 1]);
            assertThat(add.exit).as(add.toString()).isZero();
        }
    }

    static List<String> expected(String chat, Path dir) throws Exception {
        Path file = dir.resolve(chat + "-expected.jsonl");
        dc.command("expected", "chat", chat, "file", file.toString());
        return ArchiveRows.expected(file);
    }

    static String updateLog(Path home) throws Exception {
        return Files.readString(home.resolve("logs/update.log"));
    }

    static void fail(Object... kv) throws Exception {
        dc.command("fail", kv);
    }

    /** From call {@code after} + 1 of {@code method} (null: any), {@code times} answers rpc_error CODE TEXT (-1: all). */
    static void rpcError(String method, int after, int code, String error, int times) throws Exception {
        fail("kind", "error", "method", method, "after", after, "code", code, "error", error, "times", times);
    }

    @Test
    void serverSideErrorsOnEveryKindOfRequestAreAskedAgainAndTheArchiveEqualsTheServedHistory(@TempDir Path home)
            throws Exception {
        rpcError("auth.SignIn", 0, 500, "INTERNAL", 1);
        rpcError("contacts.ResolveUsername", 0, -503, "Timeout", 1);
        rpcError("messages.GetHistory", 4, 500, "RPC_CALL_FAIL", 3);
        rpcError("messages.GetHistory", 11, -503, "Timeout", 1);
        rpcError("messages.GetHistory", 17, 500, "INTERDC_2_CALL_RICH_ERROR", 2);
        rpcError("messages.GetHistory", 23, -500, "No workers running", 1);
        rpcError("messages.GetHistory", 26, 500, "WORKER_BUSY_TOO_LONG_RETRY", 1);
        loginAndAdd(home, "big", "@bigchat");
        assertThat(Files.readString(home.resolve("logs/login.log")))
                .contains("telegram event=retry error=INTERNAL attempt=1 wait_ms=5 code=500 request=auth.signIn");

        CliRun r = CliRun.run(env(home), "", "update");

        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(ArchiveRows.archive(home.resolve("databases/big.db"))).isEqualTo(expected("bigchat", home));
        String log = updateLog(home);
        assertThat(log)
                .contains("telegram event=retry error=Timeout attempt=1 wait_ms=5 code=-503 "
                        + "request=contacts.resolveUsername")
                .contains("telegram event=retry error=RPC_CALL_FAIL attempt=1 wait_ms=5 code=500")
                .contains("telegram event=retry error=RPC_CALL_FAIL attempt=2 wait_ms=10 code=500")
                .contains("telegram event=retry error=RPC_CALL_FAIL attempt=3 wait_ms=20 code=500")
                .contains("error=INTERDC_2_CALL_RICH_ERROR attempt=2")
                .contains("error=No_workers_running attempt=1 wait_ms=5 code=-500")
                .contains("error=WORKER_BUSY_TOO_LONG_RETRY attempt=1");
        assertThat(count(log, "event=retry")).isEqualTo(1 + 3 + 1 + 2 + 1 + 1);
        assertThat(r.out).contains("telegram: retry error=RPC CALL FAIL attempt=1");
    }

    @Test
    void serverSideErrorsOnMediaPartsAreAskedAgainAndEveryFileArrives(@TempDir Path home) throws Exception {
        loginAndAdd(home, "gal", "@gallery");
        rpcError("upload.GetFile", 1, 500, "RPC_CALL_FAIL", 2);
        rpcError("upload.GetFile", 6, -503, "Timeout", 1);
        Map<String, String> env = env(home);
        env.put("CHATGEIST_DOWNLOAD_MEDIA", "all");

        CliRun r = CliRun.run(env, "", "update");

        assertThat(r.exit).as(r.toString()).isZero();
        Path expected = home.resolve("gallery-all.jsonl");
        dc.command(
                "expected",
                "chat",
                "gallery",
                "file",
                expected.toString(),
                "media",
                Map.of("alias", "gal", "mode", "all", "maxMb", 20));
        // every media_path is the scripted one: a file, or the error the gallery scripts (FILE_ID_INVALID)
        assertThat(ArchiveRows.archive(home.resolve("databases/gal.db"))).isEqualTo(ArchiveRows.expected(expected));
        String log = updateLog(home);
        assertThat(log)
                .contains("event=retry error=RPC_CALL_FAIL attempt=2 wait_ms=10 code=500 request=upload.getFile")
                .contains("event=retry error=Timeout attempt=1 wait_ms=5 code=-503 request=upload.getFile")
                .doesNotContain("reason=RPC_CALL_FAIL")
                .doesNotContain("reason=Timeout");
    }

    @Test
    void errorsThatPersistAfter1300MessagesFailTheChatWhichKeepsEveryMessageReceived(@TempDir Path home)
            throws Exception {
        loginAndAdd(home, "big", "@bigchat");
        fail(
                "kind",
                "error",
                "method",
                "messages.GetHistory",
                "chat",
                "bigchat",
                "afterMessages",
                1300,
                "times",
                -1,
                "code",
                500,
                "error",
                "RPC_CALL_FAIL");

        CliRun failed = CliRun.run(env(home), "", "update");

        assertThat(failed.exit).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err)
                .contains("Telegram kept failing on its side (500 RPC_CALL_FAIL)")
                .contains("the 1,300 new messages received before are kept (last id ");
        String log = updateLog(home);
        assertThat(log).contains("update chat=big outcome=failed new=1300");
        // the (scaled) 2 minutes were spent asking again, 1 s doubling (here 5, 10, 20, 40 ms ...); how many more
        // fit depends on how long each request took, so only the start of the sequence is certain
        assertThat(retryWaits(log, "RPC_CALL_FAIL")).startsWith(5L, 10L, 20L, 40L);

        heldTheFirst1300AndTheNextRunCompletesTheHistory(home);
    }

    @Test
    void aConnectionGoneForGoodAfter1300MessagesEndsTheRunAfterTheBudgetKeepingWhatWasReceived(@TempDir Path home)
            throws Exception {
        loginAndAdd(home, "big", "@bigchat", "news", "@newsfeed");
        fail("kind", "drop", "method", "messages.GetHistory", "chat", "bigchat", "afterMessages", 1300, "times", -1);

        CliRun failed = CliRun.run(env(home), "", "update");

        assertThat(failed.exit).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err)
                .contains("big: cannot reach Telegram: no working connection to Telegram DC 1 for 3 s")
                .contains("check the network")
                .contains("the 1,300 new messages received before are kept (last id ")
                .contains("news: not tried");
        assertThat(count(failed.err, "no working connection")).isEqualTo(1);
        assertThat(home.resolve("databases/news.db")).doesNotExist();
        assertThat(updateLog(home)).contains("telegram event=unreachable dc=1");
        heldTheFirst1300AndTheNextRunCompletesTheHistory(home);
        assertThat(ArchiveRows.archive(home.resolve("databases/news.db"))).isEqualTo(expected("newsfeed", home));
    }

    @Test
    void transportFlood429AndRefusedReconnectsAreBackedOffLongerEachTimeUntilTelegramTakesConnectionsAgain(
            @TempDir Path home) throws Exception {
        loginAndAdd(home, "big", "@bigchat");
        fail("kind", "transport", "code", -429, "method", "messages.GetHistory", "after", 7, "refuseSeconds", 1.5);

        CliRun r = CliRun.run(env(home), "", "update");

        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(ArchiveRows.archive(home.resolve("databases/big.db"))).isEqualTo(expected("bigchat", home));
        assertThat(dc.command("faults").path("refused").asInt()).isEqualTo(1);
        String log = updateLog(home);
        assertThat(log).contains("cause=transport_error_-429").contains("Connection_refused");
        List<Long> waits = reconnectWaits(log);
        assertThat(waits).as("no immediate retry after -429").doesNotContain(0L);
        assertThat(waits.get(0)).isEqualTo(5);
        for (int i = 1; i < waits.size(); i++) {
            assertThat(waits.get(i)).as("wait %d of %s", i, waits).isEqualTo(Math.min(600, 2 * waits.get(i - 1)));
        }
        // 1.5 s of refusals is 300 s at the real scale: the waits grew into minutes (600 ms here = 2 min)
        assertThat(waits).contains(600L);
    }

    @Test
    void noConnectionForTheWholeBudgetFailsTheRunWithAClearMessage(@TempDir Path home) throws Exception {
        loginAndAdd(home, "big", "@bigchat", "fam", "-4242");
        fail("kind", "transport", "code", -429, "method", "users.GetUsers", "refuseSeconds", 60);

        CliRun r = CliRun.run(env(home), "", "update");

        assertThat(r.exit).as(r.toString()).isEqualTo(1);
        assertThat(r.err)
                .contains("big: cannot reach Telegram: no working connection to Telegram DC 1 for 3 s")
                .contains("last: Connection refused")
                .contains("the next run tries again")
                .contains("fam: not tried");
        assertThat(home.resolve("databases/big.db")).doesNotExist();
        assertThat(home.resolve("databases/fam.db")).doesNotExist();
        String log = updateLog(home);
        assertThat(log).contains("telegram event=unreachable dc=1").contains("run=update outcome=failed");
        long waited = reconnectWaits(log).stream().mapToLong(Long::longValue).sum();
        // the (scaled) 10 minutes were spent trying: mostly waiting, the rest connecting and being refused
        assertThat(waited).as("the waits within the (scaled) 10 minutes").isBetween(2_000L, 3_000L);
    }

    @Test
    void aDuplicatedAuthKeyOrAKeyTheHomeDcForgotAsksOnceForANewLoginAndTouchesNoArchive(@TempDir Path home)
            throws Exception {
        loginAndAdd(home, "fam", "-4242", "big", "@bigchat");
        assertThat(CliRun.run(env(home), "", "update", "--limit", "50").exit).isZero();
        byte[] fam = Files.readAllBytes(home.resolve("databases/fam.db"));
        byte[] big = Files.readAllBytes(home.resolve("databases/big.db"));

        rpcError(null, 0, 406, "AUTH_KEY_DUPLICATED", -1);
        CliRun duplicated = CliRun.run(env(home), "", "update");
        assertThat(duplicated.exit).as(duplicated.toString()).isEqualTo(1);
        assertThat(duplicated.err).contains("AUTH_KEY_DUPLICATED").contains("big: not tried");
        assertThat(count(duplicated.err, "run `chatgeist login` again")).isEqualTo(1);
        assertThat(Files.readAllBytes(home.resolve("databases/fam.db"))).isEqualTo(fam);
        assertThat(Files.readAllBytes(home.resolve("databases/big.db"))).isEqualTo(big);
        dc.command("clearFaults");
        loginAgainAndUpdate(home);
        fam = Files.readAllBytes(home.resolve("databases/fam.db"));
        big = Files.readAllBytes(home.resolve("databases/big.db"));

        dc.command("forgetKeys", "dc", 1); // the home DC answers -404 to the session's key
        CliRun forgotten = CliRun.run(env(home), "", "update");
        assertThat(forgotten.exit).as(forgotten.toString()).isEqualTo(1);
        assertThat(forgotten.err)
                .contains("Telegram no longer knows this session's key")
                .contains("big: not tried");
        assertThat(count(forgotten.err, "run `chatgeist login` again")).isEqualTo(1);
        assertThat(Files.readAllBytes(home.resolve("databases/fam.db"))).isEqualTo(fam);
        assertThat(Files.readAllBytes(home.resolve("databases/big.db"))).isEqualTo(big);
        loginAgainAndUpdate(home);
    }

    /** What the message tells the user to do works: the dead login was forgotten, a new one makes a new key. */
    private static void loginAgainAndUpdate(Path home) throws Exception {
        int keys = dc.command("info").path("keys").asInt();
        CliRun login = CliRun.run(env(home), dc.loginCode() + "\n", "login", "--phone", "+15550001");
        assertThat(login.exit).as(login.toString()).isZero();
        assertThat(login.out).contains("Logged in as");
        assertThat(dc.command("info").path("keys").asInt()).as("a new auth key").isEqualTo(keys + 1);
        CliRun update = CliRun.run(env(home), "", "update", "--limit", "60");
        assertThat(update.exit).as(update.toString()).isZero();
    }

    /**
     * The real command's JVM (`java dev.chatgeist.cli.Main update`, as bin/chatgeist starts it) sent SIGTERM (the
     * scheduler stopping it) or SIGINT (Ctrl+C) while a chat is being written.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalInTheMiddleOfAChatCommitsEveryMessageReceivedAndTheNextRunContinues(String signal, @TempDir Path home)
            throws Exception {
        loginAndAdd(home, "big", "@bigchat", "news", "@newsfeed");
        fail("kind", "silence", "method", "messages.GetHistory", "chat", "bigchat", "afterMessages", 1300);
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-Djava.io.tmpdir=" + home,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.chatgeist.cli.Main",
                "update");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(home.resolve("child.out").toFile());
        pb.environment().putAll(env(home));
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (dc.command("faults").path("fired").asInt() == 0) {
                assertThat(child.isAlive()).as("the update is still running").isTrue();
                assertThat(System.nanoTime())
                        .as("the stand-in served 1,300 messages")
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(child.pid())).start();
            assertThat(kill.waitFor()).isZero();
            assertThat(child.waitFor(30, TimeUnit.SECONDS))
                    .as("the update ended")
                    .isTrue();
        } finally {
            child.destroyForcibly();
        }
        String out = Files.readString(home.resolve("child.out"));
        assertThat(out)
                .contains("big: stopped (SIGTERM or Ctrl+C); the 1,300 new messages received before are kept")
                .contains("update finished: 0 ok, 2 failed");
        assertThat(home.resolve("databases/news.db")).doesNotExist();
        assertThat(updateLog(home)).contains("run=update outcome=failed");
        heldTheFirst1300AndTheNextRunCompletesTheHistory(home);
    }

    /** The archive holds exactly the history's first 1,300 messages; without the fault the next run adds the rest. */
    private static void heldTheFirst1300AndTheNextRunCompletesTheHistory(Path home) throws Exception {
        List<String> all = expected("bigchat", home);
        Path big = home.resolve("databases/big.db");
        assertThat(ArchiveRows.archive(big)).isEqualTo(all.subList(0, 1300));
        dc.command("clearFaults");
        CliRun next = CliRun.run(env(home), "", "update");
        assertThat(next.exit).as(next.toString()).isZero();
        assertThat(next.out).contains("big: 1,700 new");
        assertThat(ArchiveRows.archive(big)).isEqualTo(all);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<Long> retryWaits(String log, String error) {
        return numbers(log, Pattern.compile("event=retry error=" + error + " attempt=\\d+ wait_ms=(\\d+)"));
    }

    private static List<Long> reconnectWaits(String log) {
        return numbers(log, Pattern.compile("event=reconnect dc=\\d+ attempt=\\d+ wait_ms=(\\d+)"));
    }

    private static List<Long> numbers(String text, Pattern p) {
        List<Long> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(Long.parseLong(m.group(1)));
        }
        return found;
    }
}
