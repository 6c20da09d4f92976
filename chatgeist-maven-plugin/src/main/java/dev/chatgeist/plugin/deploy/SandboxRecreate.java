package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.task.Plan;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.State;
import dev.chatgeist.plugin.task.Task;
import dev.chatgeist.plugin.task.TaskException;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.List;

/**
 * Handler of push-credentials: recreates the sandbox so it reads the new token ({@code docker compose down}, then
 * {@code up -d}: a restart would keep the old environment), then checks that the Claude CLI inside answers.
 */
final class SandboxRecreate implements Task {
    private static final int NO_DOCKER = 3;
    private static final int NO_COMPOSE_FILE = 4;
    private final String appDir;
    private final List<String> notifiedBy;
    private final boolean asRoot;

    SandboxRecreate(String appDir, List<String> notifiedBy, boolean asRoot) {
        this.appDir = appDir;
        this.notifiedBy = List.copyOf(notifiedBy);
        this.asRoot = asRoot;
    }

    @Override
    public String name() {
        return "recreate docker sandbox " + SandboxTask.SERVICE;
    }

    @Override
    public List<String> notifiedBy() {
        return notifiedBy;
    }

    private String probe() {
        return "command -v docker >/dev/null 2>&1 || exit " + NO_DOCKER + "; [ -f "
                + Shell.quote(appDir + "/docker-compose.yml") + " ] || exit " + NO_COMPOSE_FILE;
    }

    @Override
    public List<String> probes() {
        return List.of(probe());
    }

    @Override
    public Plan plan(State state) throws TaskException {
        ProbeResult r = state.probe(probe());
        if (r.exitCode() == NO_DOCKER) {
            return Plan.skip("Docker is not installed on this host: the sandbox gets the new token when it is"
                    + " started (docker compose up -d in " + appDir + ")");
        }
        if (r.exitCode() == NO_COMPOSE_FILE) {
            return Plan.skip("no docker-compose.yml in " + appDir + ": run chatgeist:deploy first");
        }
        return Plan.change(
                "docker compose down, docker compose up -d, then claude in " + SandboxTask.SERVICE + " answers",
                null,
                this::recreate);
    }

    private void recreate(Transport login) throws IOException, TaskException {
        Transport t = asRoot ? login.become() : login;
        String cd = "cd " + Shell.quote(appDir) + " && ";
        Transport.ExecResult down = t.exec(cd + "docker compose down");
        Transport.ExecResult up = t.exec(cd + "docker compose up -d");
        if (!up.ok()) {
            throw new TaskException("docker compose up -d failed in " + appDir + " (exit " + up.exitCode() + "): "
                    + SandboxTask.lastLines(up.stderr())
                    + (down.ok()
                            ? ""
                            : "; docker compose down had failed too: " + SandboxTask.lastLines(down.stderr())));
        }
        Transport.ExecResult ping =
                t.exec("timeout 120 docker exec -u node " + SandboxTask.SERVICE + " claude --print ping");
        if (!ping.ok() || ping.stdout().isBlank()) {
            throw new TaskException("the sandbox was recreated, but claude inside does not answer (exit "
                    + ping.exitCode() + "): " + SandboxTask.lastLines(ping.stderr() + "\n" + ping.stdout())
                    + ". Check the token (chatgeist:status) and docker logs " + SandboxTask.SERVICE + " on the host.");
        }
    }
}
