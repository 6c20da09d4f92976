package dev.chatgeist.plugin.deploy;

import dev.chatgeist.core.credentials.ClaudeCredentials;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.task.DirectoryTask;
import dev.chatgeist.plugin.task.FileTask;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Owned;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.SecretMasker;
import dev.chatgeist.plugin.task.Task;
import dev.chatgeist.plugin.task.TaskRunner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code chatgeist:push-credentials} without Maven: the Claude credentials read on this machine (the runtime's
 * reader: Keychain on the Mac) installed on each SSH host as {@code .claude-docker/credentials.json} (0600, app
 * user) and as {@code CLAUDE_CODE_OAUTH_TOKEN} in its .env (other lines kept); when either changed, the sandbox is
 * recreated and must answer.
 */
public final class PushCredentials {
    private final HostConnector connector;
    private final Output out;
    private final boolean check;
    private final boolean diff;
    private final int forks;
    private final String localUser;

    public PushCredentials(
            HostConnector connector, Output out, boolean check, boolean diff, int forks, String localUser) {
        this.connector = connector;
        this.out = out;
        this.check = check;
        this.diff = diff;
        this.forks = forks;
        this.localUser = localUser;
    }

    public List<Recap> push(List<Host> hosts, ClaudeCredentials credentials) {
        if (check) {
            out.info("check mode: nothing will be changed");
        }
        List<String> secrets = new ArrayList<>(List.of(credentials.accessToken(), credentials.json()));
        credentials.refreshTokenIfAny().ifPresent(secrets::add);
        SecretMasker masker = new SecretMasker(secrets);
        List<Recap> recaps = new HostRuns(connector, forks, out)
                .run(
                        hosts,
                        (host, transport, hostOut) -> new TaskRunner(hostOut, check, diff, masker)
                                .run(
                                        host.name(),
                                        transport,
                                        tasks(host, credentials, HostConnector.loginUser(host, localUser))));
        TaskRunner.printRecap(out, recaps);
        return recaps;
    }

    static List<Task> tasks(Host host, ClaudeCredentials credentials, String loginUser) {
        String app = host.appDir();
        String dir = app + "/.claude-docker";
        String file = dir + "/credentials.json";
        String owner = host.user();
        List<Task> tasks = new ArrayList<>();
        tasks.add(new Owned(new DirectoryTask(dir, "0700"), dir, owner, loginUser));
        Task json = new Owned(
                FileTask.secret(file, (credentials.json() + "\n").getBytes(StandardCharsets.UTF_8), "0600"),
                file,
                owner,
                loginUser);
        tasks.add(json);
        Task env = new Owned(
                DotEnvTask.settingKey(app + "/.env", DotEnvTask.TOKEN_KEY, credentials.accessToken()),
                app + "/.env",
                owner,
                loginUser);
        tasks.add(env);
        tasks.add(new SandboxRecreate(app, List.of(json.name(), env.name()), !owner.equals(loginUser)));
        return tasks;
    }
}
