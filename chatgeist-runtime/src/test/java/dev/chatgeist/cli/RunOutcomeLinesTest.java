package dev.chatgeist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.core.UserException;
import dev.chatgeist.core.lock.ProcessLock;
import dev.chatgeist.core.log.RunOutcome;
import dev.chatgeist.testing.TestCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every run of update, sync-token and login ends with its outcome line in its own log, whatever stopped it. */
class RunOutcomeLinesTest {
    @TempDir
    Path home;

    private RunOutcome.Logged last(String log) throws Exception {
        List<String> lines = Files.readAllLines(home.resolve("logs").resolve(log));
        return RunOutcome.parse(lines.get(lines.size() - 1))
                .orElseThrow(() -> new AssertionError("not an outcome line: " + lines.get(lines.size() - 1)));
    }

    @Test
    void updateNotLoggedIn() throws Exception {
        TestCli cli = new TestCli(home);
        cli.run("chats", "add", "main", "@main_chat");
        TestCli notLoggedIn = new TestCli(home).liveSources((h, s, o) -> {
            throw new UserException("not logged in to Telegram (no session in "
                    + h.dir().resolve("telegram.session") + "): run `chatgeist login` first");
        });
        TestCli.Run r = notLoggedIn.run("update");
        assertThat(r.exitCode()).isEqualTo(2);
        RunOutcome.Logged line = last("update.log");
        assertThat(line.level()).isEqualTo("ERROR");
        assertThat(line.outcome().result()).isEqualTo(RunOutcome.Result.FAILED);
        assertThat(line.outcome().reason())
                .startsWith("not logged in to Telegram")
                .endsWith("run `chatgeist login` " + "first");
        assertThat(line.fields()).containsKey("duration_ms");
        assertThat(home.resolve("databases/main.db")).doesNotExist();
    }

    @Test
    void updateWithAnUnreadableTargetsFileOrEnv() throws Exception {
        Files.writeString(home.resolve("targets.json"), "{\"chats\": [oops");
        TestCli.Run r = new TestCli(home).run("update");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(last("update.log").outcome().reason()).contains("targets.json");

        Files.writeString(home.resolve("targets.json"), "{\"chats\": {\"main\": \"@main_chat\"}}");
        Files.createDirectories(home.resolve(".env")); // a directory where the file should be
        new TestCli(home).run("update");
        assertThat(last("update.log").outcome().reason()).startsWith("cannot read " + home.resolve(".env"));
    }

    @Test
    void updateWhileAnotherHoldsTheLockIsBusyNotFailed() throws Exception {
        TestCli cli = new TestCli(home);
        cli.run("chats", "add", "main", "@main_chat");
        try (ProcessLock held = ProcessLock.tryAcquire(home.resolve(".update.lock"), Duration.ZERO)
                .orElseThrow()) {
            assertThat(cli.run("update").exitCode()).isZero();
        }
        RunOutcome.Logged line = last("update.log");
        assertThat(line.level()).isEqualTo("INFO");
        assertThat(line.outcome().result()).isEqualTo(RunOutcome.Result.BUSY);
        assertThat(line.outcome().reason()).startsWith("another update is already running");
    }

    @Test
    void updateWithNoChatsIsAnOkRun() throws Exception {
        Files.writeString(home.resolve("targets.json"), "{\"chats\": {}}");
        assertThat(new TestCli(home).run("update").exitCode()).isZero();
        assertThat(last("update.log").outcome()).isEqualTo(RunOutcome.ok("update", ""));
        assertThat(last("update.log").fields()).containsEntry("chats", "0");
    }

    @Test
    void loginAndSyncTokenFailuresBeforeAnythingHappens() throws Exception {
        TestCli.Run login = new TestCli(home).run("login", "--phone", "+15550001");
        assertThat(login.exitCode()).isEqualTo(2);
        RunOutcome.Logged l = last("login.log");
        assertThat(l.outcome().job()).isEqualTo("login");
        assertThat(l.outcome().reason()).startsWith("TELEGRAM_API_ID is not set");

        TestCli.Run sync = new TestCli(home).run("sync-token", "--from", "nonsense");
        assertThat(sync.exitCode()).isEqualTo(2);
        RunOutcome.Logged s = last("sync_token.log");
        assertThat(s.outcome().job()).isEqualTo("sync-token");
        assertThat(s.outcome().result()).isEqualTo(RunOutcome.Result.FAILED);
        assertThat(s.outcome().reason()).contains("nonsense");
    }

    @Test
    void aHomeThatDoesNotExistIsAnErrorNotAnEmptyHome() {
        Path missing = home.resolve("no/such/dir");
        TestCli.Run r = new TestCli(missing).run("chats", "list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("home directory " + missing + " does not exist")
                .contains("mkdir -p " + missing);
        assertThat(r.out()).doesNotContain("No chats yet");
        assertThat(new TestCli(missing).run("update").exitCode()).isEqualTo(2);
        assertThat(missing).as("a failing run creates no home").doesNotExist();
    }

    @Test
    void helpForACommand() {
        TestCli.Run r = new TestCli(home).run("help", "update");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: chatgeist update").contains("--full");
    }

    @Test
    void bashCompletionCompletesCommandsInARealBash() throws Exception {
        TestCli.Run bash = new TestCli(home).run("completion", "bash");
        assertThat(bash.exitCode()).isZero();
        Path script = Files.writeString(home.resolve("chatgeist.bash"), bash.out());
        Process p = new ProcessBuilder(
                        "bash",
                        "-c",
                        "source " + script + " && COMP_WORDS=(chatgeist do) && "
                                + "COMP_CWORD=1 && COMP_LINE='chatgeist do' && COMP_POINT=12 && _complete_chatgeist chatgeist do "
                                + "chatgeist 2>/dev/null; echo \"${COMPREPLY[@]}\"; complete -p chatgeist")
                .start();
        // (stderr: bash's compopt says it runs outside a real completion; the function is the one Tab calls)
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.lines()).containsExactly("doctor", "complete -o default -F _complete_chatgeist chatgeist");

        TestCli.Run zsh = new TestCli(home).run("completion", "zsh");
        assertThat(zsh.out())
                .startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && " + "bashcompinit\n")
                .contains("_complete_chatgeist");
        // a real zsh (.ci/setup-shells.sh installs it) loads it and offers the commands; zsh itself then keeps
        // those matching what was typed, and runs the function as bashcompinit does: in sh emulation
        Path zshScript = Files.writeString(home.resolve("chatgeist.zsh"), zsh.out());
        ProcessBuilder zb = new ProcessBuilder(
                        "zsh",
                        "-c",
                        "source " + zshScript + " && f() { emulate -L sh; "
                                + "COMP_WORDS=(chatgeist do); COMP_CWORD=1; COMP_LINE='chatgeist do'; COMP_POINT=12; "
                                + "_complete_chatgeist chatgeist do chatgeist 2>/dev/null; print -l -- \"${COMPREPLY[@]}\"; }; f; "
                                + "complete -p chatgeist")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        zb.environment().put("HOME", home.toString()); // compinit writes its .zcompdump there
        Process z = zb.start();
        String zOut = new String(z.getInputStream().readAllBytes()).strip();
        String zErr = new String(z.getErrorStream().readAllBytes()).strip();
        assertThat(z.waitFor()).as(zOut + zErr).isZero();
        assertThat(zErr).isEmpty();
        assertThat(zOut.lines()).contains("doctor", "update", "complete -F _complete_chatgeist -o default chatgeist");
        TestCli.Run fish = new TestCli(home).run("completion", "fish");
        assertThat(fish.exitCode()).isEqualTo(2);
        assertThat(fish.err()).contains("unknown shell 'fish'").contains("chatgeist completion bash");
    }
}
