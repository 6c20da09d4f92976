package dev.chatgeist.plugin.local;

import dev.chatgeist.plugin.task.Plan;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.task.State;
import dev.chatgeist.plugin.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The app dir's {@code .env} (secrets) exists. It is never overwritten: the runtime's sync-token rewrites it.
 * When it is missing and the project has one, it is copied (mode 0600); otherwise a warning says what to put there.
 */
final class EnvFilePresent implements Task {
    private final String target;
    private final Path projectEnv;

    EnvFilePresent(String target, Path projectEnv) {
        this.target = target;
        this.projectEnv = projectEnv;
    }

    @Override
    public String name() {
        return "secrets file " + target;
    }

    private String probe() {
        return "[ -f " + Shell.quote(target) + " ]";
    }

    @Override
    public List<String> probes() {
        return List.of(probe());
    }

    @Override
    public Plan plan(State state) {
        if (state.probe(probe()).ok()) {
            return Plan.ok("present; never overwritten");
        }
        if (projectEnv != null
                && Files.isRegularFile(projectEnv)
                && !projectEnv.toAbsolutePath().normalize().toString().equals(target)) {
            return Plan.change("copied from " + projectEnv + " (mode 0600)", null, t -> {
                try {
                    t.write(Files.readAllBytes(projectEnv), target, "0600");
                } catch (IOException e) {
                    throw new IOException("cannot copy " + projectEnv + ": " + e.getMessage(), e);
                }
            });
        }
        return Plan.ok("missing")
                .withWarning(target + " does not exist: create it (mode 0600) with "
                        + "TELEGRAM_API_ID and TELEGRAM_API_HASH (see README, \".env keys\") before the jobs run");
    }
}
