package dev.chatgeist.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunOutcomeTest {
    @TempDir
    Path dir;

    @Test
    void aLoggedOutcomeReadsBackWithItsReasonAndFields() throws IOException {
        Path file = dir.resolve("update.log");
        StringWriter console = new StringWriter();
        try (EventLog log = new EventLog(file, new PrintWriter(console), new PrintWriter(console))) {
            log.info("durov: 3 new", "update chat=durov outcome=ok new=3");
            log.outcome(
                    "update finished",
                    RunOutcome.failed(
                            "update",
                            "not logged in to Telegram: run \"chatgeist " + "login\"",
                            "chats=3 new=0 duration_ms=12"));
        }
        assertThat(console.toString()).contains("update finished").doesNotContain("run=");
        var lines = Files.readAllLines(file);
        assertThat(lines.get(1))
                .matches("\\S+ ERROR run=update outcome=failed reason=\"not logged in to Telegram: "
                        + "run \\\\\"chatgeist login\\\\\"\" chats=3 new=0 duration_ms=12");
        assertThat(RunOutcome.parse(lines.get(0)))
                .as("a chat's line is not the run's outcome")
                .isEmpty();
        RunOutcome.Logged logged = RunOutcome.parse(lines.get(1)).orElseThrow();
        assertThat(logged.level()).isEqualTo("ERROR");
        assertThat(logged.outcome().job()).isEqualTo("update");
        assertThat(logged.outcome().result()).isEqualTo(RunOutcome.Result.FAILED);
        assertThat(logged.outcome().reason()).isEqualTo("not logged in to Telegram: run \"chatgeist login\"");
        assertThat(logged.fields()).containsEntry("chats", "3").containsEntry("duration_ms", "12");
    }

    @Test
    void okAndBusyLinesAreInfo() {
        assertThat(RunOutcome.ok("sync-token", "exit=0").level()).isEqualTo("INFO");
        assertThat(RunOutcome.ok("sync-token", "exit=0").fields()).isEqualTo("run=sync-token outcome=ok exit=0");
        RunOutcome busy = RunOutcome.busy("update", "another update is already running (pid 7)");
        assertThat(busy.level()).isEqualTo("INFO");
        assertThat(RunOutcome.parse("2026-01-10T12:00:03+02:00 INFO " + busy.fields())
                        .orElseThrow()
                        .outcome())
                .isEqualTo(busy);
    }

    @Test
    void theLauncherLineParsesToo() {
        // the line bin/chatgeist writes when Java is too old (see LauncherTest for the script itself)
        String line = "2026-01-10T12:00:03+02:00 ERROR run=update outcome=failed reason=\"Java too old: /usr/bin/java "
                + "is 11.0.2, ChatGeist needs 17 or newer\"";
        RunOutcome.Logged logged = RunOutcome.parse(line).orElseThrow();
        assertThat(logged.outcome().reason()).startsWith("Java too old");
        assertThat(RunOutcome.parse("garbage")).isEmpty();
        assertThat(RunOutcome.parse("2026-01-10T12:00:03+02:00 INFO run=update"))
                .isEmpty();
    }
}
