package dev.chatgeist.analyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.testing.DockerStandIn;
import dev.chatgeist.testing.TestCharts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker analyst with the docker stand-in first on PATH (the Docker engine cannot run here). */
class DockerAnalystTest {
    @TempDir
    Path dir;

    DockerStandIn docker;
    DockerAnalyst analyst;

    @BeforeEach
    void setUp() throws Exception {
        docker = new DockerStandIn(dir.resolve("bin"));
        String found = DockerAnalyst.findOnPath("docker", docker.path());
        assertThat(found).isEqualTo(docker.bin().resolve("docker").toString());
        analyst = new DockerAnalyst(found, Duration.ofSeconds(20), TestCharts.tools(dir.resolve("databases")));
    }

    static Question question() {
        return new Question(
                "Відповідай українською.",
                List.of(new Question.Turn("Привіт?", "Вітаю.")),
                "Скільки повідомлень у чаті?",
                List.of("chat", "other"));
    }

    @Test
    void runsTheCliInTheContainerExactlyAsThePythonBotDid() throws Exception {
        docker.answer("У чаті **42** повідомлення, рахував через sqlite3.");
        List<Stage> stages = new CopyOnWriteArrayList<>();
        Answer a = analyst.analyze(question(), stages::add, new Cancellation());
        assertThat(a.markdown()).isEqualTo("У чаті **42** повідомлення, рахував через sqlite3.");
        assertThat(stages).contains(Stage.ANALYSING, Stage.WRITING, Stage.FINISHING);
        List<List<String>> calls = docker.calls();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).containsExactly("inspect", "--format", "{{.State.Running}}", "claude-sandbox");
        List<String> exec = calls.get(1);
        assertThat(exec.subList(0, 7))
                .containsExactly(
                        "exec", "-u", "node", "claude-sandbox", "claude", "--print", "--dangerously-skip-permissions");
        assertThat(exec).hasSize(8);
        String prompt = exec.get(7);
        assertThat(prompt)
                .startsWith("Відповідай українською.")
                .contains("/workspace/dbs/chat.db, /workspace/dbs/other.db")
                .contains("sqlite3 -readonly")
                .contains("User: Привіт?")
                .contains("Вітаю.")
                .contains("## Question\nСкільки повідомлень у чаті?");
    }

    @Test
    void longConversationsLeaveOutTheOldestTurnsToFitTheCommandLine() {
        List<Question.Turn> turns = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            turns.add(new Question.Turn("питання " + i, ("відповідь " + i + " ").repeat(1000)));
        }
        String p = DockerAnalyst.prompt(new Question("s", turns, "останнє", List.of("chat")), "job-1");
        assertThat(p.length()).isLessThanOrEqualTo(DockerAnalyst.MAX_PROMPT_CHARS);
        assertThat(p).contains("питання 9", "## Question\nостаннє").doesNotContain("питання 0\n");
    }

    @Test
    void dockerNotRunningIsSaidPlainly() throws Exception {
        docker.mode("nodaemon");
        assertThatThrownBy(() -> analyst.analyze(question(), Progress.NONE, new Cancellation()))
                .isInstanceOf(AnalystException.class)
                .hasMessageContaining("Docker is not running")
                .hasMessageContaining("systemctl start docker");
    }

    @Test
    void containerStoppedOrMissingIsSaidPlainly() throws Exception {
        docker.mode("stopped");
        assertThatThrownBy(() -> analyst.analyze(question(), Progress.NONE, new Cancellation()))
                .hasMessageContaining("claude-sandbox is not running")
                .hasMessageContaining("docker compose up -d");
        docker.mode("missing");
        assertThatThrownBy(() -> analyst.analyze(question(), Progress.NONE, new Cancellation()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void dockerNotInstalledIsSaidPlainly() {
        String none = DockerAnalyst.findOnPath("docker", dir.resolve("empty").toString());
        var a = new DockerAnalyst(
                none.equals("docker") ? dir.resolve("nope/docker").toString() : none,
                Duration.ofSeconds(5),
                TestCharts.tools(dir.resolve("databases")));
        assertThatThrownBy(() -> a.analyze(question(), Progress.NONE, new Cancellation()))
                .hasMessageContaining("not installed or not on PATH");
    }

    @Test
    void expiredTokenGetsAHint() throws Exception {
        docker.mode("expired");
        assertThatThrownBy(() -> analyst.analyze(question(), Progress.NONE, new Cancellation()))
                .hasMessageContaining("exit 1")
                .hasMessageContaining("sync-token");
    }

    @Test
    void cancelKillsTheClientAndTheCliInTheContainer() throws Exception {
        docker.slow(true);
        Cancellation c = new Cancellation();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        List<Stage> stages = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try {
                analyst.analyze(question(), stages::add, c);
            } catch (Exception e) {
                thrown.set(e);
            }
        });
        t.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!stages.contains(Stage.WRITING) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(stages).as("output streamed before the end").contains(Stage.WRITING);
        long pid = docker.claudePid();
        c.cancel();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(AnalysisCancelledException.class);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(docker.killed()).contains("claude-sandbox pkill -f chatgeist-job-");
    }

    @Test
    void timeoutStopsTheRun() throws Exception {
        docker.slow(true);
        var quick = new DockerAnalyst(
                DockerAnalyst.findOnPath("docker", docker.path()),
                Duration.ofMillis(700),
                TestCharts.tools(dir.resolve("databases")));
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.analyze(question(), Progress.NONE, new Cancellation()))
                .hasMessageContaining("did not finish");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8_000);
    }
}
