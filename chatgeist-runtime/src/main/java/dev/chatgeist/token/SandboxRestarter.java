package dev.chatgeist.token;

import dev.chatgeist.core.process.ProgramRunner;
import dev.chatgeist.core.sandbox.ClaudeSandbox;
import dev.chatgeist.core.secret.Secrets;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recreates the Docker sandbox so that it reads the new {@code .env}: {@code docker compose down}, then
 * {@code docker compose up -d}, in the home directory; {@code docker-compose} when the Compose plugin is missing.
 * Never {@code restart}: a restarted container keeps the environment it was created with.
 */
public final class SandboxRestarter {

    private final ProgramRunner runner;
    private final Path projectDir;
    private final Duration downTimeout;
    private final Duration upTimeout;

    public SandboxRestarter(ProgramRunner runner, Path projectDir) {
        this(runner, projectDir, Duration.ofMinutes(3), Duration.ofMinutes(10));
    }

    public SandboxRestarter(ProgramRunner runner, Path projectDir, Duration downTimeout, Duration upTimeout) {
        this.runner = runner;
        this.projectDir = projectDir;
        this.downTimeout = downTimeout;
        this.upTimeout = upTimeout;
    }

    /**
     * What happened. {@code commands} are the command lines run, in order; {@code warnings} are problems that did
     * not stop the restart; {@code problem} is null on success.
     */
    public record Outcome(
            boolean ok,
            String tool,
            List<String> commands,
            List<String> warnings,
            String problem,
            boolean dockerNotRunning) {}

    /** How Compose is invoked: {@code docker compose ...} or {@code docker-compose ...}. */
    private record Compose(Path executable, List<String> prefix, String label) {
        List<String> args(String... rest) {
            List<String> a = new ArrayList<>(prefix);
            a.addAll(List.of(rest));
            return a;
        }
    }

    /** Runs down then up; {@code secrets} are masked in any output that is passed on. */
    public Outcome recreate(Collection<String> secrets) {
        List<String> commands = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Optional<Path> docker = runner.find("docker");
        Optional<Path> legacy = runner.find("docker-compose");
        Compose compose;
        ProgramRunner.Result down = null;
        if (docker.isPresent()) {
            Compose plugin = new Compose(docker.get(), List.of("compose"), "docker compose");
            down = run(plugin, commands, downTimeout, "down");
            if (down == null) {
                return failed(plugin.label(), commands, warnings, "cannot start " + docker.get(), false);
            }
            if (!down.ok() && composePluginMissing(down)) {
                if (legacy.isEmpty()) {
                    return failed(
                            plugin.label(),
                            commands,
                            warnings,
                            "Docker Compose is missing: " + docker.get()
                                    + " does not know `compose` and there is no docker-compose on PATH; install the Compose "
                                    + "plugin (Docker Desktop has it; Debian/Ubuntu: docker-compose-plugin)",
                            false);
                }
                compose = new Compose(legacy.get(), List.of(), "docker-compose");
                down = null;
            } else {
                compose = plugin;
            }
        } else if (legacy.isPresent()) {
            compose = new Compose(legacy.get(), List.of(), "docker-compose");
        } else {
            return failed(
                    "docker compose",
                    commands,
                    warnings,
                    "neither docker nor docker-compose is on PATH ("
                            + runner.path()
                            + "): install Docker, or add its directory (Docker Desktop: /usr/local/bin) to "
                            + "the PATH of the launchd/cron job",
                    false);
        }
        if (down == null) {
            down = run(compose, commands, downTimeout, "down");
            if (down == null) {
                return failed(compose.label(), commands, warnings, "cannot start " + compose.executable(), false);
            }
        }
        if (!down.ok()) {
            warnings.add("`" + compose.label() + " down` " + describeFailure(down, downTimeout, secrets) + "; trying `"
                    + compose.label() + " up -d` anyway");
        }
        ProgramRunner.Result up = run(compose, commands, upTimeout, "up", "-d");
        if (up == null) {
            return failed(compose.label(), commands, warnings, "cannot start " + compose.executable(), false);
        }
        if (up.ok()) {
            return new Outcome(true, compose.label(), List.copyOf(commands), List.copyOf(warnings), null, false);
        }
        if (daemonDown(up)) {
            return failed(
                    compose.label(),
                    commands,
                    warnings,
                    "Docker is not running ("
                            + Secrets.lastLine(up.combinedOutput(), secrets)
                            + "): start Docker Desktop (macOS) or the docker "
                            + "service (`sudo systemctl start docker`); .env is updated and the next sync-token run recreates "
                            + "the sandbox (or run `chatgeist sync-token --restart` now)",
                    true);
        }
        if (noComposeFile(up)) {
            return failed(
                    compose.label(),
                    commands,
                    warnings,
                    "Compose found no compose file in " + projectDir
                            + ": put the sandbox's docker-compose.yml in the home directory",
                    false);
        }
        return failed(
                compose.label(),
                commands,
                warnings,
                "`" + compose.label() + " up -d` " + describeFailure(up, upTimeout, secrets) + ": check `"
                        + compose.label() + " logs` in " + projectDir,
                false);
    }

    private ProgramRunner.Result run(Compose compose, List<String> commands, Duration timeout, String... args) {
        List<String> full = compose.args(args);
        commands.add(compose.label() + " " + String.join(" ", args));
        try {
            return runner.run(compose.executable(), full, projectDir, timeout, List.of(ClaudeSandbox.TOKEN_VARIABLE));
        } catch (IOException e) {
            return null;
        }
    }

    private static String describeFailure(ProgramRunner.Result r, Duration timeout, Collection<String> secrets) {
        if (r.timedOut()) {
            return "did not finish within " + timeout.toSeconds() + " s";
        }
        return "failed (exit " + r.exitCode() + ": " + Secrets.lastLine(r.combinedOutput(), secrets) + ")";
    }

    private Outcome failed(
            String tool, List<String> commands, List<String> warnings, String problem, boolean dockerNotRunning) {
        return new Outcome(false, tool, List.copyOf(commands), List.copyOf(warnings), problem, dockerNotRunning);
    }

    /** Older clients: "'compose' is not a docker command."; Docker 25+: "unknown command: docker compose". */
    static boolean composePluginMissing(ProgramRunner.Result r) {
        String s = r.combinedOutput();
        return s.contains("'compose' is not a docker command") || s.contains("unknown command: docker compose");
    }

    /** Compose v2 and the docker CLI: "Cannot connect to the Docker daemon"; Compose v1: "Couldn't connect ...". */
    static boolean daemonDown(ProgramRunner.Result r) {
        String s = r.combinedOutput().toLowerCase(Locale.ROOT);
        return s.contains("cannot connect to the docker daemon")
                || s.contains("is the docker daemon running")
                || s.contains("couldn't connect to docker daemon")
                || s.contains("error during connect");
    }

    static boolean noComposeFile(ProgramRunner.Result r) {
        String s = r.combinedOutput();
        return s.contains("no configuration file provided") || s.contains("Can't find a suitable configuration file");
    }
}
