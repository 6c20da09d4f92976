package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.operate.Job;
import dev.chatgeist.plugin.operate.Pauses;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.render.Launcher;
import dev.chatgeist.plugin.render.RenderedFile;
import dev.chatgeist.plugin.task.AsRoot;
import dev.chatgeist.plugin.task.CopyTask;
import dev.chatgeist.plugin.task.CrontabTask;
import dev.chatgeist.plugin.task.DaemonReload;
import dev.chatgeist.plugin.task.DirectoryTask;
import dev.chatgeist.plugin.task.FileTask;
import dev.chatgeist.plugin.task.Owned;
import dev.chatgeist.plugin.task.SystemdUnitTask;
import dev.chatgeist.plugin.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The task list of one SSH host's deploy, in Ansible's order: app directories, the jar, targets.json, prompts,
 * the sandbox's files, .env, the crontab block, the systemd units (written as root, daemon-reload only when one
 * changed), the bot service (restarted only when its unit, the jar, .env or the prompts changed, then
 * health-checked) and the Docker sandbox. Everything in the app dir belongs to the app user.
 */
public final class DeployTasks {
    public static final String BOT_UNIT = HostRenderer.unit(HostRenderer.BOT) + ".service";
    static final String SYSTEM_UNITS = "/etc/systemd/system";
    static final String SYSTEMCTL = "systemctl";

    private final Host host;
    private final String loginUser;
    private final boolean diff;
    private final HealthCheck health;
    private final boolean resume;
    private final List<Task> tasks = new ArrayList<>();

    private DeployTasks(Host host, String loginUser, boolean diff, HealthCheck health, boolean resume) {
        this.host = host;
        this.loginUser = loginUser;
        this.diff = diff;
        this.health = health;
        this.resume = resume;
    }

    /**
     * @param files     the host's rendered files
     * @param loginUser the SSH login user ({@code ansible_user}); another account than the app user needs become
     * @param diff      diff mode: files are read whole for unified diffs instead of compared by SHA-256
     * @param resume    start the jobs paused with chatgeist:stop again; else they stay paused
     */
    public static List<Task> forHost(
            Host host,
            List<RenderedFile> files,
            DeployArtifacts artifacts,
            String loginUser,
            boolean diff,
            HealthCheck health,
            boolean resume)
            throws IOException {
        return new DeployTasks(host, loginUser, diff, health, resume).build(files, artifacts);
    }

    private List<Task> build(List<RenderedFile> rendered, DeployArtifacts artifacts) throws IOException {
        String app = host.appDir();
        Map<String, RenderedFile> files = new TreeMap<>();
        rendered.forEach(f -> files.put(f.name(), f));
        List<String> restartOn = new ArrayList<>();

        for (String dir :
                List.of(app, app + "/bin", app + "/databases", app + "/logs", app + "/prompts", app + "/sandbox")) {
            owned(new DirectoryTask(dir, "0755"), dir);
        }
        CopyTask jar = new CopyTask(artifacts.runtimeJar(), host.runtimeJar(), "0644", true, artifacts::jarHash);
        owned(jar, host.runtimeJar());
        restartOn.add(jar.name());
        FileTask launcher = FileTask.present(host.launcher(), Launcher.script(), Launcher.MODE);
        owned(launcher, host.launcher());
        restartOn.add(launcher.name());
        if (resume) {
            for (Job job : Job.values()) {
                owned(FileTask.absent(Pauses.marker(host, job)), Pauses.marker(host, job));
            }
        }
        if (artifacts.hasTargets()) {
            String path = app + "/targets.json";
            owned(file(path, Files.readAllBytes(artifacts.targetsFile()), true), path);
        }
        if (artifacts.hasPrompts()) {
            for (Path p : artifacts.prompts()) {
                String path = app + "/prompts/"
                        + artifacts.promptsDir().relativize(p).toString().replace('\\', '/');
                Task t = Files.isDirectory(p)
                        ? new DirectoryTask(path, "0755")
                        : file(path, Files.readAllBytes(p), false);
                owned(t, path);
                if (t instanceof FileTask) {
                    restartOn.add(t.name());
                }
            }
        }
        String composeTask = "";
        String dockerfileTask = "";
        for (RenderedFile f : rendered) {
            if (f.kind() == RenderedFile.Kind.APP_FILE) {
                Task t = owned(file(f.installPath(), bytes(f), false), f.installPath());
                if (f.name().equals(HostRenderer.COMPOSE_FILE)) {
                    composeTask = t.name();
                } else if (f.name().equals(HostRenderer.DOCKERFILE)) {
                    dockerfileTask = t.name();
                }
            }
        }
        DotEnvTask env = null;
        String envPath = app + "/.env";
        if (artifacts.hasEnv()) {
            env = DotEnvTask.fromLocal(envPath, artifacts.envText());
            owned(env, envPath);
            restartOn.add(env.name());
        } else {
            tasks.add(new EnvNotManaged(envPath, artifacts.envFile()));
        }
        crontab(files.get(HostRenderer.CRONTAB_FILE));
        units(files, restartOn, jar.name());
        tasks.add(new SandboxTask(app, composeTask, dockerfileTask, env, !loginIsOwner()));
        return List.copyOf(tasks);
    }

    private void crontab(RenderedFile block) {
        String inner = block == null ? null : block.content();
        CrontabTask task =
                loginIsOwner() ? new CrontabTask(null, inner) : new CrontabTask(host.user(), inner).throughSudo();
        tasks.add(resume ? task : task.keepingPaused(Pauses.list(host)));
    }

    /** A start of {@code job}'s unit, skipped while the job is paused (unless -Dchatgeist.resume). */
    private Task unlessPaused(Task start, Job job) {
        return Pauses.unlessPaused(start, host, job, resume, "deploy");
    }

    /** systemd: stop unwanted units, write/remove unit files as root, daemon-reload, start timers and the bot. */
    private void units(Map<String, RenderedFile> files, List<String> restartOn, String jarTask) {
        List<String> names = new ArrayList<>();
        for (String job : List.of(HostRenderer.UPDATE, HostRenderer.SYNC_TOKEN)) {
            names.add(HostRenderer.unit(job) + ".service");
            names.add(HostRenderer.unit(job) + ".timer");
        }
        names.add(BOT_UNIT);
        List<Task> stops = new ArrayList<>();
        List<Task> writes = new ArrayList<>();
        List<Task> starts = new ArrayList<>();
        List<String> fileTasks = new ArrayList<>();
        Map<String, String> fileTaskOf = new TreeMap<>();
        for (String unit : names) {
            RenderedFile f = files.get(unit);
            String path = SYSTEM_UNITS + "/" + unit;
            boolean startable = unit.endsWith(".timer") || unit.equals(BOT_UNIT);
            FileTask write = f == null ? FileTask.absent(path) : file(path, bytes(f), false);
            writes.add(new AsRoot(write));
            fileTasks.add(write.name());
            fileTaskOf.put(unit, write.name());
            if (f == null && startable) {
                stops.add(new AsRoot(new SystemdUnitTask(SYSTEMCTL, unit, false, true, List.of())));
            }
        }
        for (String unit : names) {
            if (!files.containsKey(unit) || !unit.endsWith(".timer")) {
                continue;
            }
            String service = unit.replace(".timer", ".service");
            starts.add(unlessPaused(
                    new AsRoot(new SystemdUnitTask(
                            SYSTEMCTL, unit, true, true, List.of(fileTaskOf.get(unit), fileTaskOf.get(service)))),
                    Job.of(unit.substring("chatgeist-".length(), unit.length() - ".timer".length()))));
        }
        if (files.containsKey(BOT_UNIT)) {
            List<String> botRestart = new ArrayList<>(restartOn);
            botRestart.add(fileTaskOf.get(BOT_UNIT));
            starts.add(unlessPaused(
                    new ServiceTask(
                            BOT_UNIT,
                            botRestart,
                            jarTask,
                            new JarVersions(host.runtimeJar(), host.user(), !loginIsOwner()),
                            health),
                    Job.BOT));
        }
        tasks.addAll(stops);
        tasks.addAll(writes);
        tasks.add(new AsRoot(new DaemonReload(SYSTEMCTL, fileTasks)));
        tasks.addAll(starts);
    }

    private FileTask file(String path, byte[] content, boolean keepPrevious) {
        FileTask f = FileTask.present(path, content, "0644");
        if (keepPrevious) {
            f = f.keepingPrevious();
        }
        return diff ? f : f.comparedByHash();
    }

    private static byte[] bytes(RenderedFile f) {
        return f.content().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Task owned(Task task, String path) {
        Task t = new Owned(task, path, host.user(), loginUser);
        tasks.add(t);
        return t;
    }

    private boolean loginIsOwner() {
        return host.user().equals(loginUser);
    }
}
