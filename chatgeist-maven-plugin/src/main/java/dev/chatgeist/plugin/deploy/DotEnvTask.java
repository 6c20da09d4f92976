package dev.chatgeist.plugin.deploy;

import dev.chatgeist.core.env.DotEnv;
import dev.chatgeist.core.sandbox.ClaudeSandbox;
import dev.chatgeist.plugin.task.FileTask;
import dev.chatgeist.plugin.task.Plan;
import dev.chatgeist.plugin.task.State;
import dev.chatgeist.plugin.task.Task;
import dev.chatgeist.plugin.task.TaskException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The host's {@code .env} (mode 0600), derived from what is there: either rendered from the local secrets file
 * (keeping the keys the server manages itself, such as the Claude token that push-credentials and sync-token
 * write, when the local file does not set them), or the host's file with one key set. Lines are read and written
 * with the runtime's {@link DotEnv}, so every other line stays as it was. Its diff names keys, never values.
 */
public final class DotEnvTask implements Task {
    /** The sandbox token: compose passes it to claude-sandbox, so its change recreates the sandbox. */
    public static final String TOKEN_KEY = ClaudeSandbox.TOKEN_VARIABLE;
    /** Keys the server writes itself; a deploy keeps them unless the local .env sets them. */
    static final List<String> SERVER_KEYS = List.of(TOKEN_KEY);

    private final String path;
    private final UnaryOperator<DotEnv> wanted;
    private final FileTask reader;

    private DotEnvTask(String path, UnaryOperator<DotEnv> wanted) {
        this.path = path;
        this.wanted = wanted;
        this.reader = FileTask.secret(path, new byte[0], "0600");
    }

    /** The local secrets, plus the host's own {@link #SERVER_KEYS} that the local file does not define. */
    public static DotEnvTask fromLocal(String path, String localText) {
        DotEnv local = DotEnv.parse(localText);
        return new DotEnvTask(path, current -> {
            DotEnv out = local;
            Map<String, String> local0 = local.values();
            Map<String, String> host = current.values();
            for (String key : SERVER_KEYS) {
                if (!local0.containsKey(key) && host.containsKey(key)) {
                    out = out.with(key, host.get(key));
                }
            }
            return out;
        });
    }

    /** The host's file with {@code key} set to {@code value} (created with only that line when missing). */
    public static DotEnvTask settingKey(String path, String key, String value) {
        return new DotEnvTask(path, current -> current.with(key, value));
    }

    public String path() {
        return path;
    }

    @Override
    public String name() {
        return reader.name();
    }

    @Override
    public List<String> probes() {
        return reader.probes();
    }

    @Override
    public Plan plan(State state) throws TaskException {
        return FileTask.secret(path, render(state).getBytes(StandardCharsets.UTF_8), "0600")
                .plan(state);
    }

    /** Whether applying this task changes the sandbox token (its value, or whether it is there at all). */
    public boolean changesToken(State state) throws TaskException {
        String before = current(state).values().get(TOKEN_KEY);
        String after = DotEnv.parse(render(state)).values().get(TOKEN_KEY);
        return !Objects.equals(before, after);
    }

    private String render(State state) throws TaskException {
        return wanted.apply(current(state)).render();
    }

    private DotEnv current(State state) throws TaskException {
        byte[] bytes = reader.currentContent(state);
        return bytes == null ? DotEnv.empty() : DotEnv.parse(new String(bytes, StandardCharsets.UTF_8));
    }
}
