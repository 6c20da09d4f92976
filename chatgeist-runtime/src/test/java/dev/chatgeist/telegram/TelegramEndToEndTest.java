package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real `chatgeist login` and `chatgeist update` against the stand-in Telegram DC (src/test/node/standin.js,
 * built on GramJS; it stands for Telegram's production DCs) over loopback: handshake, login, history download.
 */
class TelegramEndToEndTest {
    static StandinDc dc;
    @TempDir
    static Path shared;

    @BeforeAll
    static void start() throws Exception {
        dc = new StandinDc(shared.resolve("standin"), 10_000);
    }

    @AfterAll
    static void stop() throws Exception {
        dc.close();
    }

    static Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>(dc.env());
        env.put("CHATGEIST_HOME", home.toString());
        return env;
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
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(session))).isEqualTo("rw-------");
        assertThat(Files.readString(session)).doesNotContain(dc.apiHash());

        assertThat(CliRun.run(env(home), "", "chats", "add", "big", "@bigchat").exit).isZero();
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
        assertThat(dc.command("stats").path("byMethod").path("messages.GetHistory").asInt()).isEqualTo(3);
        assertThat(dc.command("stats").path("byMethod").has("contacts.ResolveUsername")).isFalse();
        assertThat(dc.command("info").path("loginCalls").asInt()).isEqualTo(loginsBefore);
        assertThat(dc.command("info").path("keys").asInt()).isEqualTo(keysBefore);
        assertThat(ArchiveRows.archive(home.resolve("databases/big.db"))).isEqualTo(expected("bigchat", home));
    }
}
