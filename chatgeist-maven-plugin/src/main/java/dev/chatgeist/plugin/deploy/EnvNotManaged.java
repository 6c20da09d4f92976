package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.task.Plan;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.State;
import dev.chatgeist.plugin.task.Task;
import java.nio.file.Path;
import java.util.List;

/** Stands in the task list when there is no local .env: the host's one is left alone, and a missing one is named. */
final class EnvNotManaged implements Task {
    private final String path;
    private final Path localFile;

    EnvNotManaged(String path, Path localFile) {
        this.path = path;
        this.localFile = localFile;
    }

    @Override
    public String name() {
        return "file " + path;
    }

    private String probe() {
        return "[ -f " + Shell.quote(path) + " ]";
    }

    @Override
    public List<String> probes() {
        return List.of(probe());
    }

    @Override
    public Plan plan(State state) {
        String how = "no local secrets file " + (localFile == null ? "" : localFile + " ")
                + "(create it, or pass -Dchatgeist.envFile=FILE)";
        if (state.probe(probe()).ok()) {
            return Plan.ok("left as it is: " + how);
        }
        return Plan.skip(path + " does not exist and " + how)
                .withWarning(path + " is missing: the bot cannot start"
                        + " without TELEGRAM_BOT_TOKEN; put your secrets into a local .env and deploy again");
    }
}
