package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Recap;
import dev.chatgeist.plugin.task.SecretMasker;
import dev.chatgeist.plugin.task.TaskRunner;
import java.util.List;

/** {@code chatgeist:rollback} without Maven: per host, switch to the previous jar and restart the bot service. */
public final class Rollbacks {
    private final HostConnector connector;
    private final Output out;
    private final boolean check;
    private final int forks;
    private final HealthCheck health;
    private final String localUser;

    public Rollbacks(
            HostConnector connector, Output out, boolean check, int forks, HealthCheck health, String localUser) {
        this.connector = connector;
        this.out = out;
        this.check = check;
        this.forks = forks;
        this.health = health;
        this.localUser = localUser;
    }

    public List<Recap> run(List<Host> hosts) {
        if (check) {
            out.info("check mode: nothing will be changed");
        }
        List<Recap> recaps = new HostRuns(connector, forks, out).run(hosts, (host, transport, hostOut) -> {
            JarVersions jar = new JarVersions(
                    host.runtimeJar(), host.user(), !host.user().equals(HostConnector.loginUser(host, localUser)));
            RollbackTask task = new RollbackTask(jar, host.jobs().botService() ? DeployTasks.BOT_UNIT : null, health);
            return new TaskRunner(hostOut, check, false, SecretMasker.none())
                    .run(host.name(), transport, List.of(task));
        });
        TaskRunner.printRecap(out, recaps);
        return recaps;
    }
}
