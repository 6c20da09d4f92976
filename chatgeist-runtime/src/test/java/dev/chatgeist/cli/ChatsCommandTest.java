package dev.chatgeist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.testing.Shared;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatsCommandTest {
    @TempDir
    Path home;

    @Test
    void addListRemoveWithConfirmation() throws Exception {
        TestCli cli = new TestCli(home);
        assertThat(cli.run("chats", "add", "durov", "@durov").out()).contains("Added durov -> @durov");
        assertThat(cli.run("chats", "add", "work", "https://t.me/c/1234567890/5")
                        .exitCode())
                .isZero();
        assertThat(cli.run("chats", "add", "durov", "t.me/durov").out())
                .contains("Changed durov: @durov -> t.me/durov");

        Path dump = Shared.generate(home.resolve("d.jsonl"), "-n", "120", "--seed", "4");
        assertThat(cli.run("import", "--chat", "durov", dump.toString()).exitCode())
                .isZero();

        TestCli.Run list = cli.run("chats", "list");
        assertThat(list.out())
                .contains("ALIAS", "TARGET", "MESSAGES", "LAST ID")
                .containsPattern("durov +t\\.me/durov +120 +\\d+ +20\\d\\d-")
                .containsPattern("work +https://t.me/c/1234567890/5 +- +-");

        // answering no keeps everything
        TestCli.Run no = cli.runWithInput("n\n", "chats", "remove", "durov");
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(no.out()).contains("This deletes:", "durov.db", "Nothing changed");
        assertThat(home.resolve("databases/durov.db")).exists();
        assertThat(Files.readString(home.resolve("targets.json"))).contains("durov");

        // no answer at all (stdin closed, e.g. cron) is a no
        assertThat(cli.run("chats", "remove", "durov").exitCode()).isEqualTo(1);
        assertThat(home.resolve("databases/durov.db")).exists();

        TestCli.Run yes = cli.runWithInput("y\n", "chats", "remove", "durov");
        assertThat(yes.exitCode()).as(yes.all()).isZero();
        assertThat(home.resolve("databases/durov.db")).doesNotExist();
        assertThat(Files.readString(home.resolve("targets.json"))).doesNotContain("durov");
    }

    @Test
    void keepDataAndYes() throws Exception {
        TestCli cli = new TestCli(home);
        cli.run("chats", "add", "a", "@aaaa_chat");
        cli.run("chats", "add", "b", "@bbbb_chat");
        Path dump = Shared.generate(home.resolve("d.jsonl"), "-n", "10");
        cli.run("import", "--chat", "a", dump.toString());
        cli.run("import", "--chat", "b", dump.toString());
        for (String alias : new String[] {"a", "b"}) { // downloaded media (CHATGEIST_DOWNLOAD_MEDIA)
            Files.createDirectories(home.resolve("media/" + alias));
            Files.writeString(home.resolve("media/" + alias + "/7.jpg"), "jpeg");
        }
        assertThat(cli.run("chats", "remove", "a", "--keep-data").exitCode()).isZero();
        assertThat(home.resolve("databases/a.db")).exists();
        assertThat(home.resolve("media/a/7.jpg")).exists();
        assertThat(cli.run("chats", "remove", "b", "--yes").exitCode()).isZero();
        assertThat(home.resolve("databases/b.db")).doesNotExist();
        assertThat(home.resolve("media/b")).doesNotExist();
        assertThat(home.resolve("databases/b.db-wal")).doesNotExist();
        // a database without a targets entry is still listed
        assertThat(cli.run("chats", "list").out()).contains("(not in targets.json)");
    }

    @Test
    void badInputNamesTheProblemAndTheFix() {
        TestCli cli = new TestCli(home);
        cli.run("chats", "add", "known", "@known_chat");
        TestCli.Run unknown = cli.run("chats", "remove", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown chat 'nope'").contains("known chats: known");

        TestCli.Run badAlias = cli.run("chats", "add", "my chat", "@durov");
        assertThat(badAlias.exitCode()).isEqualTo(2);
        assertThat(badAlias.err()).contains("invalid alias 'my chat'");

        TestCli.Run badTarget = cli.run("chats", "add", "x", "durov!");
        assertThat(badTarget.exitCode()).isEqualTo(2);
        assertThat(badTarget.err()).contains("invalid chat target 'durov!'").contains("@username");

        TestCli.Run noCommand = cli.run("chats");
        assertThat(noCommand.exitCode()).isEqualTo(2);
    }

    @Test
    void corruptTargetsFileIsNotTouchedByAnyCommand() throws Exception {
        Path f = home.resolve("targets.json");
        Files.writeString(f, "{\"chats\": {\"a\": ");
        TestCli cli = new TestCli(home);
        for (String[] args : new String[][] {
            {"chats", "list"},
            {"chats", "add", "b", "@bbbb_chat"},
            {"chats", "remove", "a", "--yes"},
            {"update"},
            {"stats"}
        }) {
            TestCli.Run r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).contains("not valid JSON").contains("not changed");
        }
        assertThat(Files.readString(f)).isEqualTo("{\"chats\": {\"a\": ");
    }

    @Test
    void helpOnEveryCommand() {
        TestCli cli = new TestCli(home);
        for (String[] args : new String[][] {
            {"--help"},
            {"chats", "--help"},
            {"chats", "list", "--help"},
            {"chats", "add", "--help"},
            {"chats", "remove", "--help"},
            {"update", "--help"},
            {"import", "--help"},
            {"stats", "--help"}
        }) {
            TestCli.Run r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
    }
}
