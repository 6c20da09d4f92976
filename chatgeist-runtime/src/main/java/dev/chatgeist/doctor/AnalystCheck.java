package dev.chatgeist.doctor;

import dev.chatgeist.analyst.ApiConfig;
import dev.chatgeist.core.credentials.ClaudeCredentials;
import dev.chatgeist.core.credentials.CredentialsException;
import dev.chatgeist.core.credentials.CredentialsSource;
import dev.chatgeist.core.credentials.CredentialsSourceKind;
import dev.chatgeist.core.credentials.FileCredentials;
import dev.chatgeist.core.process.ProgramRunner;
import dev.chatgeist.core.sandbox.ClaudeSandbox;
import dev.chatgeist.core.secret.Secrets;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bot's analyst, when the bot is configured: with CHATGEIST_ANALYST=api Anthropic accepts ANTHROPIC_API_KEY
 * ({@code GET /v1/models}, which costs nothing); with docker the claude-sandbox container runs and its Claude CLI
 * answers ({@code claude --version}), and the Claude OAuth token that sync-token copies has not expired.
 */
final class AnalystCheck implements Check {
    static final Duration EXPIRY_WARNING = Duration.ofHours(1);

    @Override
    public List<Finding> run(Examination exam) {
        boolean bot = exam.settings().get(BotCheck.TOKEN).isPresent();
        String analyst = exam.settings().get("CHATGEIST_ANALYST", "api").toLowerCase(Locale.ROOT);
        List<Finding> findings = new ArrayList<>();
        if (analyst.equals("docker")) {
            findings.add(sandbox(exam));
            findings.add(claudeToken(exam));
        } else if (bot || exam.settings().get("ANTHROPIC_API_KEY").isPresent()) {
            findings.add(apiKey(exam, bot));
        }
        return findings;
    }

    private static Finding apiKey(Examination exam, boolean bot) {
        String topic = "anthropic key";
        Optional<String> key = exam.settings().get("ANTHROPIC_API_KEY");
        if (key.isEmpty()) {
            return Finding.fail(
                    topic,
                    "the bot is configured with CHATGEIST_ANALYST=api but ANTHROPIC_API_KEY is not " + "set",
                    "put ANTHROPIC_API_KEY=sk-ant-... into .env, or use CHATGEIST_ANALYST=docker");
        }
        String base = exam.settings()
                .get("ANTHROPIC_BASE_URL", ApiConfig.DEFAULT_BASE_URL)
                .replaceAll("/+$", "");
        Http.Reply r;
        try {
            r = Http.get(
                    URI.create(base + "/v1/models"),
                    Map.of("x-api-key", key.get(), "anthropic-version", "2023-06-01"),
                    exam.networkTimeout());
        } catch (IllegalArgumentException e) {
            return Finding.fail(topic, "ANTHROPIC_BASE_URL is not a URL", "use " + ApiConfig.DEFAULT_BASE_URL);
        }
        String tail = Secrets.tail(key.get());
        if (r.status() == 0) {
            return Finding.fail(
                    topic,
                    "cannot reach " + base + ": " + Secrets.scrub(r.failure(), List.of(key.get())),
                    "check the network (and ANTHROPIC_BASE_URL if set)");
        }
        if (r.status() == 401 || r.status() == 403) {
            return Finding.fail(
                    topic,
                    "Anthropic rejected ANTHROPIC_API_KEY (" + tail + ", HTTP " + r.status() + ")",
                    "create a key at console.anthropic.com → API keys and put it into .env");
        }
        if (r.status() / 100 != 2) {
            return Finding.warn(
                    topic,
                    base + " answered HTTP " + r.status() + " to the key check",
                    "try again later; if it persists check ANTHROPIC_BASE_URL");
        }
        return Finding.ok(topic, "accepted (" + tail + ") by " + base);
    }

    private static Finding sandbox(Examination exam) {
        String topic = "claude sandbox";
        ProgramRunner runner = exam.runner();
        Optional<Path> docker = runner.find("docker");
        if (docker.isEmpty()) {
            return Finding.fail(
                    topic,
                    "CHATGEIST_ANALYST=docker but docker is not on PATH (" + runner.path() + ")",
                    "install Docker, or use CHATGEIST_ANALYST=api");
        }
        Duration timeout = exam.networkTimeout();
        try {
            ProgramRunner.Result inspect = runner.run(
                    docker.get(),
                    List.of("inspect", "--format", "{{.State.Running}}", ClaudeSandbox.CONTAINER),
                    exam.home().dir(),
                    timeout);
            String out = inspect.combinedOutput().strip();
            String low = out.toLowerCase(Locale.ROOT);
            if (low.contains("cannot connect to the docker daemon") || low.contains("docker daemon running")) {
                return Finding.fail(
                        topic,
                        "Docker is not running",
                        "start Docker Desktop (Mac) or " + "sudo systemctl start docker (server)");
            }
            if (low.contains("no such object") || low.contains("no such container")) {
                return Finding.fail(
                        topic,
                        "the container " + ClaudeSandbox.CONTAINER + " does not exist",
                        "docker compose up -d in " + exam.home().dir());
            }
            if (!inspect.ok() || !out.equals("true")) {
                return Finding.fail(
                        topic,
                        "the container " + ClaudeSandbox.CONTAINER + " is not running (" + lastLine(out) + ")",
                        "docker compose up -d in " + exam.home().dir());
            }
            ProgramRunner.Result version = runner.run(
                    docker.get(),
                    List.of("exec", "-u", "node", ClaudeSandbox.CONTAINER, "claude", "--version"),
                    exam.home().dir(),
                    timeout);
            if (version.timedOut() || !version.ok()) {
                return Finding.fail(
                        topic,
                        ClaudeSandbox.CONTAINER + " runs but its Claude CLI does not answer ("
                                + (version.timedOut()
                                        ? "no answer within " + timeout.toSeconds() + " s"
                                        : lastLine(version.combinedOutput()))
                                + ")",
                        "docker compose up -d --force-recreate in "
                                + exam.home().dir());
            }
            return Finding.ok(
                    topic,
                    ClaudeSandbox.CONTAINER + " is running and its Claude CLI answers (" + lastLine(version.stdout())
                            + ")");
        } catch (IOException e) {
            return Finding.fail(
                    topic, "cannot run " + docker.get() + ": " + e.getMessage(), "check the Docker installation");
        }
    }

    /** The expiry of the Claude credentials sync-token copies into .env (read where sync-token reads them). */
    private static Finding claudeToken(Examination exam) {
        String topic = "claude token";
        Map<String, String> lookup = new HashMap<>();
        for (String key : new String[] {FileCredentials.FILE_VARIABLE, FileCredentials.CONFIG_DIR_VARIABLE}) {
            exam.settings().get(key).ifPresent(v -> lookup.put(key, v));
        }
        CredentialsSource source = CredentialsSourceKind.defaultFor(exam.osName())
                .open(exam.runner(), lookup, exam.userHome(), exam.home().dir());
        ClaudeCredentials credentials;
        try {
            credentials = source.read();
        } catch (CredentialsException e) {
            return Finding.fail(topic, e.getMessage(), "claude auth login, then chatgeist sync-token");
        }
        Instant now = exam.clock().instant();
        Duration left = credentials.remaining(now);
        String when = "expires " + credentials.expiresAt() + " (" + source.describe() + ")";
        if (left.isNegative() || left.isZero()) {
            return Finding.fail(
                    topic,
                    "expired at " + credentials.expiresAt() + " (" + source.describe() + ")",
                    "claude auth login, then chatgeist sync-token");
        }
        if (left.compareTo(EXPIRY_WARNING) < 0) {
            return Finding.warn(
                    topic,
                    when + ", in " + left.toMinutes() + " min",
                    "chatgeist sync-token refreshes " + "it; check that the sync-token job runs (logs/sync_token.log)");
        }
        return Finding.ok(topic, when + ", in " + left.toHours() + " h");
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }
}
