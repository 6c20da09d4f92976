package dev.chatgeist.plugin.local;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.operate.Job;
import dev.chatgeist.plugin.operate.Pauses;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.render.Launcher;
import dev.chatgeist.plugin.render.RenderedFile;
import dev.chatgeist.plugin.task.CopyTask;
import dev.chatgeist.plugin.task.CrontabTask;
import dev.chatgeist.plugin.task.DaemonReload;
import dev.chatgeist.plugin.task.DirectoryTask;
import dev.chatgeist.plugin.task.FileTask;
import dev.chatgeist.plugin.task.Guarded;
import dev.chatgeist.plugin.task.SystemdUnitTask;
import dev.chatgeist.plugin.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The task lists of install-local and uninstall-local for the machine Maven runs on. Every scheduling artifact
 * the plugin can create has a task in both directions, so a job switched off in the inventory is removed by the
 * next install, and uninstall removes exactly those artifacts (never the app dir's data).
 */
public final class LocalPlans {
    static final String SYSTEMCTL = "systemctl --user";
    static final String SESSION_PROBE = "systemctl --user show-environment >/dev/null 2>&1";
    static final String NO_SESSION = "no systemd user session for this user (log in, or enable lingering: "
            + "sudo loginctl enable-linger $USER)";
    private static final List<String> AGENTS = List.of(HostRenderer.UPDATE, HostRenderer.SYNC_TOKEN, HostRenderer.BOT);

    private LocalPlans() {}

    /**
     * @param localUser the user Maven runs as (a different {@code chatgeist_user} gets {@code crontab -u})
     */
    public static List<Task> install(Host host, List<RenderedFile> files, ProjectFiles project, String localUser) {
        return install(host, files, project, localUser, false, System.getenv("PATH"));
    }

    /**
     * @param resume start the jobs paused with chatgeist:stop again; else they stay paused
     * @param path   the user's PATH: ~/.local/bin/chatgeist is linked only when ~/.local/bin is on it
     */
    public static List<Task> install(
            Host host, List<RenderedFile> files, ProjectFiles project, String localUser, boolean resume, String path) {
        List<Task> tasks = new ArrayList<>();
        String app = host.appDir();
        for (String dir : List.of(app, app + "/bin", app + "/logs", app + "/databases", app + "/sandbox")) {
            tasks.add(new DirectoryTask(dir, "0755"));
        }
        CopyTask jar = new CopyTask(project.runtimeJar(), host.runtimeJar(), "0644", true);
        tasks.add(jar);
        tasks.add(FileTask.present(host.launcher(), Launcher.script(), Launcher.MODE));
        tasks.add(new LauncherLink(host.home(), host.launcher(), path));
        if (resume) {
            for (Job job : Job.values()) {
                tasks.add(FileTask.absent(Pauses.marker(host, job)));
            }
        }
        if (project.hasTargets()) {
            tasks.add(FileTask.present(app + "/targets.json", read(project.targetsFile()), "0644")
                    .keepingPrevious());
        }
        if (project.hasPrompts()) {
            tasks.addAll(prompts(project.promptsDir(), app + "/prompts"));
        }
        tasks.add(new EnvFilePresent(app + "/.env", project.envFile()));
        Map<String, RenderedFile> byName = new TreeMap<>();
        files.forEach(f -> byName.put(f.name(), f));
        for (RenderedFile f : files) {
            if (f.kind() == RenderedFile.Kind.APP_FILE) {
                tasks.add(FileTask.present(f.installPath(), f.content(), f.mode()));
            }
        }
        if (host.platform() == Platform.MACOS) {
            tasks.add(new DirectoryTask(HostRenderer.launchAgentsDir(host), "0755"));
            tasks.addAll(agents(host, byName, resume));
            tasks.add(new PmsetCheck());
        } else {
            String cronUser = host.user().equals(localUser) ? null : host.user();
            RenderedFile block = byName.get(HostRenderer.CRONTAB_FILE);
            CrontabTask crontab = new CrontabTask(cronUser, block == null ? null : block.content());
            tasks.add(resume ? crontab : crontab.keepingPaused(Pauses.list(host)));
            tasks.addAll(userUnits(host, byName, localUser, jar.name(), resume));
        }
        return tasks;
    }

    /** A start of {@code job}, skipped while it is paused with chatgeist:stop (unless resuming). */
    private static Task unlessPaused(Task start, Host host, Job job, boolean resume) {
        return Pauses.unlessPaused(start, host, job, resume, "install-local");
    }

    /** Removes the agents, the crontab block and the user units; leaves the app dir (data, jar, logs) alone. */
    public static List<Task> uninstall(Host host, String localUser) {
        List<Task> tasks = new ArrayList<>();
        if (host.platform() == Platform.MACOS) {
            tasks.addAll(agents(host, Map.of(), true));
        } else {
            tasks.add(new CrontabTask(host.user().equals(localUser) ? null : host.user(), null));
            tasks.addAll(userUnits(host, Map.of(), localUser, null, true));
        }
        return tasks;
    }

    private static List<Task> agents(Host host, Map<String, RenderedFile> files, boolean resume) {
        List<Task> tasks = new ArrayList<>();
        for (String job : AGENTS) {
            String label = HostRenderer.label(job);
            String plist = HostRenderer.launchAgentsDir(host) + "/" + label + ".plist";
            RenderedFile f = files.get(label + ".plist");
            if (f != null) {
                FileTask write = FileTask.present(plist, f.content(), f.mode());
                tasks.add(write);
                tasks.add(
                        unlessPaused(new LaunchAgentTask(label, plist, true, write.name()), host, Job.of(job), resume));
            } else {
                tasks.add(new LaunchAgentTask(label, plist, false, null));
                tasks.add(FileTask.absent(plist));
            }
        }
        return tasks;
    }

    /** systemd user units: stop the unwanted ones, write/remove files, daemon-reload, enable/start/restart. */
    private static List<Task> userUnits(
            Host host, Map<String, RenderedFile> files, String localUser, String jarTask, boolean resume) {
        String dir = HostRenderer.systemdDir(host);
        List<String> units = new ArrayList<>();
        for (String job : List.of(HostRenderer.UPDATE, HostRenderer.SYNC_TOKEN)) {
            units.add(HostRenderer.unit(job) + ".service");
            units.add(HostRenderer.unit(job) + ".timer");
        }
        units.add(HostRenderer.unit(HostRenderer.BOT) + ".service");
        boolean otherUser = !host.user().equals(localUser);
        String reason = otherUser
                ? "systemd user units are installed only for the user running Maven (" + localUser + "), not "
                        + host.user()
                : NO_SESSION;
        String guard = otherUser ? "false" : SESSION_PROBE;
        List<Task> stops = new ArrayList<>();
        List<Task> writes = new ArrayList<>();
        List<Task> starts = new ArrayList<>();
        List<String> fileTasks = new ArrayList<>();
        for (String unit : units) {
            RenderedFile f = files.get(unit);
            String path = dir + "/" + unit;
            boolean startable = unit.endsWith(".timer") || unit.startsWith(HostRenderer.unit(HostRenderer.BOT));
            if (f == null) {
                if (startable) {
                    stops.add(new Guarded(new SystemdUnitTask(SYSTEMCTL, unit, false, true, List.of()), guard, reason));
                }
                FileTask remove = FileTask.absent(path);
                writes.add(remove);
                fileTasks.add(remove.name());
            } else {
                FileTask write = FileTask.present(path, f.content(), f.mode());
                writes.add(new Guarded(write, guard, reason));
                fileTasks.add(write.name());
                if (startable) {
                    List<String> restartOn = new ArrayList<>(List.of(write.name()));
                    Optional.ofNullable(jarTask).ifPresent(restartOn::add);
                    Job job = Job.of(unit.substring("chatgeist-".length(), unit.lastIndexOf('.')));
                    starts.add(unlessPaused(
                            new Guarded(new SystemdUnitTask(SYSTEMCTL, unit, true, true, restartOn), guard, reason),
                            host,
                            job,
                            resume));
                }
            }
        }
        List<Task> out = new ArrayList<>(stops);
        if (units.stream().anyMatch(files::containsKey)) {
            out.add(new Guarded(new DirectoryTask(dir, "0755"), guard, reason));
        }
        out.addAll(writes);
        out.add(new Guarded(new DaemonReload(SYSTEMCTL, fileTasks), guard, reason));
        out.addAll(starts);
        return out;
    }

    private static List<Task> prompts(Path source, String target) {
        List<Task> tasks = new ArrayList<>();
        tasks.add(new DirectoryTask(target, "0755"));
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.sorted().toList()) {
                String rel = source.relativize(p).toString().replace('\\', '/');
                if (rel.isEmpty() || p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    tasks.add(new DirectoryTask(target + "/" + rel, "0755"));
                } else {
                    tasks.add(FileTask.present(target + "/" + rel, read(p), "0644"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        return tasks;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
