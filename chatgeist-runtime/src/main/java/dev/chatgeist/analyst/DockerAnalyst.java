package dev.chatgeist.analyst;

import static dev.chatgeist.core.sandbox.ClaudeSandbox.CONTAINER;
import static dev.chatgeist.core.sandbox.ClaudeSandbox.DATABASES_DIR;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The Claude CLI inside the {@code claude-sandbox} container, as the Python bot ran it:
 * {@code docker exec -u node claude-sandbox claude --print --dangerously-skip-permissions "<prompt>"}, with the
 * archives mounted read-only at {@code /workspace/dbs}. The output is read as it streams; the run is killed at the
 * timeout (20 minutes by default) or on cancel — both the local {@code docker} client and, through a second
 * {@code docker exec ... pkill}, the CLI process inside the container, which would otherwise keep running.
 * Charts the CLI asks for in fenced {@code chart} blocks ({@link ChartBlocks}) are drawn here, from the archives
 * on this machine, by the same renderer as the API analyst's.
 */
public final class DockerAnalyst implements Analyst {
    private final String docker;
    private final Duration timeout;
    private final ChartTools charts;

    /** {@code docker} is the command to run: an absolute path, or a name looked up on PATH by the OS. */
    public DockerAnalyst(String docker, Duration timeout, ChartTools charts) {
        this.docker = docker;
        this.timeout = timeout;
        this.charts = charts;
    }

    /**
     * The docker executable found on {@code path} (a PATH value from the environment the bot was given), or the
     * bare name when none is found — then starting it fails with a clear "not installed" message.
     */
    public static String findOnPath(String name, String path) {
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (d.isBlank()) {
                    continue;
                }
                java.nio.file.Path candidate = java.nio.file.Path.of(d, name);
                if (java.nio.file.Files.isRegularFile(candidate) && java.nio.file.Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return name;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public Answer analyze(Question q, Progress progress, Cancellation cancel)
            throws AnalystException, AnalysisCancelledException {
        progress.stage(Stage.ANALYSING);
        checkContainer();
        String job = "chatgeist-job-" + UUID.randomUUID().toString().substring(0, 8);
        String prompt = prompt(q, job);
        List<String> argv = List.of(
                docker, "exec", "-u", "node", CONTAINER, "claude", "--print", "--dangerously-skip-permissions", prompt);
        Process p;
        try {
            p = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw notInstalled(e);
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Thread outReader = pump(p.getInputStream(), out, () -> progress.stage(Stage.WRITING));
        Thread errReader = pump(p.getErrorStream(), err, () -> {});
        cancel.onCancel(() -> kill(p, job));
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(p, job);
            }
            outReader.join(5_000);
            errReader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p, job);
            throw new AnalysisCancelledException();
        }
        if (cancel.isCancelled()) {
            throw new AnalysisCancelledException();
        }
        if (!finished) {
            throw new AnalystException("the Claude CLI did not finish within " + timeout.toMinutes()
                    + " minutes and was stopped; ask a narrower question");
        }
        progress.stage(Stage.FINISHING);
        String text;
        synchronized (out) {
            text = out.toString().strip();
        }
        if (p.exitValue() != 0) {
            String tail;
            synchronized (err) {
                tail = err.toString().strip();
            }
            tail = tail.length() > 500 ? "…" + tail.substring(tail.length() - 500) : tail;
            throw new AnalystException("the Claude CLI in " + CONTAINER + " failed (exit " + p.exitValue() + "): "
                    + (tail.isEmpty() ? text : tail) + hint(tail));
        }
        if (text.isEmpty()) {
            throw new AnalystException("the Claude CLI in " + CONTAINER + " printed no answer");
        }
        AnswerCharts made = new AnswerCharts(charts, q.databases(), cancel);
        if (text.contains("chart")) {
            progress.stage(Stage.DRAWING_CHART);
        }
        String withMarkers = ChartBlocks.draw(text, made);
        if (cancel.isCancelled()) {
            throw new AnalysisCancelledException();
        }
        if (ChartMarkers.strip(withMarkers).isEmpty() && made.charts().isEmpty()) {
            throw new AnalystException("the Claude CLI in " + CONTAINER + " printed no answer, only chart blocks that "
                    + "could not be drawn");
        }
        return made.answer(withMarkers, 0);
    }

    private static String hint(String stderr) {
        String s = stderr.toLowerCase();
        if (s.contains("oauth")
                || s.contains("401")
                || s.contains("log in")
                || s.contains("login")
                || s.contains("credential")) {
            return " — the Claude token in the sandbox may have expired: run `chatgeist sync-token --restart`";
        }
        return "";
    }

    /** Linux caps one argv string at 128 KiB; the oldest turns of a long conversation are left out to fit. */
    static final int MAX_PROMPT_CHARS = 60_000;

    /** One prompt for the CLI: instructions, where the databases are, the conversation so far, the question. */
    static String prompt(Question q, String job) {
        String p = promptWith(q, q.history(), job);
        for (int drop = 1; p.length() > MAX_PROMPT_CHARS && drop <= q.history().size(); drop++) {
            p = promptWith(q, q.history().subList(drop, q.history().size()), job);
        }
        return p;
    }

    private static String promptWith(Question q, List<Question.Turn> history, String job) {
        StringBuilder sb = new StringBuilder();
        sb.append(q.systemPrompt().strip()).append("\n\n");
        sb.append("## Databases\nThe SQLite archives are mounted read-only in ")
                .append(DATABASES_DIR)
                .append(". Query them with: sqlite3 -readonly ")
                .append(DATABASES_DIR)
                .append("/<name>.db \"SELECT ...\"\nUse only these: ");
        List<String> files = new ArrayList<>();
        for (String db : q.databases()) {
            files.add(DATABASES_DIR + "/" + db + ".db");
        }
        sb.append(String.join(", ", files)).append(". Never modify files.\n\n");
        if (!history.isEmpty()) {
            sb.append("## Conversation so far\n");
            for (Question.Turn t : history) {
                sb.append("User: ")
                        .append(t.question().strip())
                        .append("\n\nYou answered:\n")
                        .append(t.answer().strip())
                        .append("\n\n");
            }
        }
        sb.append("## Question\n")
                .append(q.text().strip())
                .append("\n\n(")
                .append(job)
                .append(")\n");
        return sb.toString();
    }

    private void checkContainer() throws AnalystException {
        List<String> argv = List.of(docker, "inspect", "--format", "{{.State.Running}}", CONTAINER);
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            throw notInstalled(e);
        }
        String output;
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AnalystException("`docker inspect " + CONTAINER + "` hung for 30 s; is Docker healthy? "
                        + "Restart Docker Desktop (Mac) or `sudo systemctl restart docker`");
            }
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalystException("interrupted while checking the container");
        } catch (IOException e) {
            throw new AnalystException("cannot read the output of docker inspect: " + e.getMessage());
        }
        String low = output.toLowerCase();
        if (low.contains("cannot connect to the docker daemon")
                || low.contains("docker daemon running")
                || low.contains("error during connect")) {
            throw new AnalystException("Docker is not running: start Docker Desktop (Mac) or run "
                    + "`sudo systemctl start docker` (server), then ask again");
        }
        if (low.contains("no such object") || low.contains("no such container")) {
            throw new AnalystException("the container " + CONTAINER + " does not exist: start it with "
                    + "`docker compose up -d` in the sandbox folder (see docs: the Claude sandbox)");
        }
        if (p.exitValue() != 0) {
            throw new AnalystException("`docker inspect " + CONTAINER + "` failed: " + output);
        }
        if (!output.equals("true")) {
            throw new AnalystException("the container " + CONTAINER + " is not running: start it with "
                    + "`docker compose up -d` in the sandbox folder");
        }
    }

    private AnalystException notInstalled(IOException e) {
        return new AnalystException("cannot run '" + docker + "' (" + e.getMessage() + "): Docker is not "
                + "installed or not on PATH. Install Docker, or set CHATGEIST_ANALYST=api to use the Anthropic API");
    }

    /** Kills the local client and the CLI process inside the container (found by the job tag in its argv). */
    private void kill(Process p, String job) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            Process k = new ProcessBuilder(docker, "exec", CONTAINER, "pkill", "-f", job)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            k.getOutputStream().close();
            if (!k.waitFor(15, TimeUnit.SECONDS)) {
                k.destroyForcibly();
            }
        } catch (IOException e) {
            // docker vanished: the container's process dies with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream in, StringBuilder sink, Runnable onFirstOutput) {
        Thread t = new Thread(
                () -> {
                    boolean first = true;
                    try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                        char[] buf = new char[4096];
                        int n;
                        while ((n = r.read(buf)) > 0) {
                            synchronized (sink) {
                                sink.append(buf, 0, n);
                            }
                            if (first) {
                                first = false;
                                onFirstOutput.run();
                            }
                        }
                    } catch (IOException ignored) {
                        // the process was killed: what was read so far stays
                    }
                },
                "docker-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
