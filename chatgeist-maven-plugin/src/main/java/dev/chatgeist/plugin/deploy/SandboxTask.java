package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.task.Plan;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.State;
import dev.chatgeist.plugin.task.Task;
import dev.chatgeist.plugin.task.TaskException;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Claude CLI sandbox ({@code claude-sandbox} of the app dir's docker-compose.yml), brought up with
 * {@code docker compose up -d} when its compose file, its Dockerfile (then with {@code --build}) or the token in
 * .env changed, or when it is not running. Hosts without Docker get a skip with a note: the bot's API analyst
 * works without the sandbox.
 */
final class SandboxTask implements Task {
    static final String SERVICE = "claude-sandbox";
    private static final int NO_DOCKER = 3;
    private static final int NO_COMPOSE = 4;
    private static final int DOCKER_REFUSED = 5;

    private final String appDir;
    private final String composeTask;
    private final String dockerfileTask;
    private final DotEnvTask env;
    private final boolean asRoot;

    /**
     * @param env    the .env task, whose token change recreates the sandbox (null: the token is not managed here)
     * @param asRoot run docker through sudo (the login user is not the app user, who is in the docker group)
     */
    SandboxTask(String appDir, String composeTask, String dockerfileTask, DotEnvTask env, boolean asRoot) {
        this.appDir = appDir;
        this.composeTask = composeTask;
        this.dockerfileTask = dockerfileTask;
        this.env = env;
        this.asRoot = asRoot;
    }

    @Override
    public String name() {
        return "docker sandbox " + SERVICE;
    }

    private String probe() {
        String dir = Shell.quote(appDir);
        return "command -v docker >/dev/null 2>&1 || exit " + NO_DOCKER + "\n"
                + (asRoot ? "d='sudo -n docker'" : "d=docker") + "\n"
                + "$d compose version >/dev/null 2>&1 || exit " + NO_COMPOSE + "\n"
                + "[ -f " + dir + "/docker-compose.yml ] || exit 0\n"
                + "cd " + dir + " && $d compose ps --status running --quiet " + SERVICE + " || exit " + DOCKER_REFUSED;
    }

    @Override
    public List<String> probes() {
        List<String> p = new ArrayList<>(List.of(probe()));
        if (env != null) {
            p.addAll(env.probes());
        }
        return p;
    }

    @Override
    public Plan plan(State state) throws TaskException {
        ProbeResult r = state.probe(probe());
        if (r.exitCode() == NO_DOCKER) {
            return Plan.skip(
                    "Docker is not installed on this host, so the Claude sandbox is not started (install"
                            + " Docker Engine with the compose plugin and deploy again; the bot's api analyst needs no Docker)");
        }
        if (r.exitCode() == NO_COMPOSE) {
            return Plan.skip("docker is installed but `docker compose` is not (install the docker-compose-plugin"
                    + " package and deploy again), so the Claude sandbox is not started");
        }
        if (!r.ok()) {
            throw new TaskException("cannot ask Docker about " + SERVICE + " (exit " + r.exitCode() + "): "
                    + r.stderr().strip() + ". Is the Docker daemon running, and is the app user in the docker group"
                    + " (sudo usermod -aG docker USER)?");
        }
        List<String> why = new ArrayList<>();
        boolean build = state.changed(dockerfileTask);
        if (state.changed(composeTask)) {
            why.add("compose file changed");
        }
        if (build) {
            why.add("Dockerfile changed");
        }
        if (env != null && env.changesToken(state)) {
            why.add("token changed");
        }
        if (r.text().isBlank() && why.isEmpty()) {
            why.add("not running");
        }
        if (why.isEmpty()) {
            return Plan.ok("running");
        }
        String command = "docker compose up -d" + (build ? " --build" : "");
        return Plan.change(command + " (" + String.join(", ", why) + ")", null, t -> up(t, command));
    }

    private void up(Transport t, String command) throws IOException, TaskException {
        Transport.ExecResult r = (asRoot ? t.become() : t).exec("cd " + Shell.quote(appDir) + " && " + command);
        if (!r.ok()) {
            throw new TaskException(
                    command + " failed in " + appDir + " (exit " + r.exitCode() + "): " + lastLines(r.stderr()));
        }
    }

    static String lastLines(String text) {
        List<String> lines = text.strip().lines().toList();
        return String.join("\n    ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
