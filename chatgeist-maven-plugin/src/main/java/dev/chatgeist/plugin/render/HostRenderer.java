package dev.chatgeist.plugin.render;

import dev.chatgeist.plugin.inventory.CronExpression;
import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.inventory.Schedule;
import dev.chatgeist.plugin.inventory.Scheduler;
import dev.chatgeist.plugin.inventory.TextCharacters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which files a host gets and renders them: launchd agents on macOS; the crontab block or systemd timers,
 * and the bot's systemd unit, on Linux; the Docker sandbox's compose file and Dockerfile everywhere.
 */
public final class HostRenderer {
    public static final String UPDATE = "update";
    public static final String SYNC_TOKEN = "sync-token";
    public static final String BOT = "bot";
    public static final String CRONTAB_FILE = "chatgeist.crontab";
    public static final String COMPOSE_FILE = "docker-compose.yml";
    public static final String DOCKERFILE = "sandbox/Dockerfile";

    private final TemplateEngine engine;

    public HostRenderer(TemplateEngine engine) {
        this.engine = engine;
    }

    public static String label(String job) {
        return "com.chatgeist." + job;
    }

    public static String unit(String job) {
        return "chatgeist-" + job;
    }

    /** Where launchd agents of this host live. */
    public static String launchAgentsDir(Host host) {
        return host.home() + "/Library/LaunchAgents";
    }

    /** Where the host's systemd units go: the user's unit folder for local hosts, /etc/systemd/system otherwise. */
    public static String systemdDir(Host host) {
        return host.isLocal() ? host.home() + "/.config/systemd/user" : "/etc/systemd/system";
    }

    public List<RenderedFile> render(Host host) throws RenderException {
        Map<String, Object> model;
        try {
            model = model(host);
        } catch (IllegalArgumentException e) { // the inventory refuses such values; a Host built in code may not
            throw new RenderException(
                    "host " + host.name() + ": " + e.getMessage() + " — fix the value in the " + "inventory", e);
        }
        List<RenderedFile> out = new ArrayList<>();
        if (host.platform() == Platform.MACOS) {
            String dir = launchAgentsDir(host);
            if (host.jobs().update().isPresent()) {
                out.add(file(label(UPDATE) + ".plist", dir, "0644", RenderedFile.Kind.LAUNCHD_AGENT, model));
            }
            if (host.jobs().syncToken().isPresent()) {
                out.add(file(label(SYNC_TOKEN) + ".plist", dir, "0644", RenderedFile.Kind.LAUNCHD_AGENT, model));
            }
            if (host.jobs().botService()) {
                out.add(file(label(BOT) + ".plist", dir, "0644", RenderedFile.Kind.LAUNCHD_AGENT, model));
            }
        } else {
            String dir = systemdDir(host);
            boolean anyBatch =
                    host.jobs().update().isPresent() || host.jobs().syncToken().isPresent();
            if (host.scheduler() == Scheduler.CRON && anyBatch) {
                out.add(render(CRONTAB_FILE, "crontab.ftl", null, "0600", RenderedFile.Kind.CRONTAB_BLOCK, model));
            }
            if (host.scheduler() == Scheduler.SYSTEMD) {
                for (String job : List.of(UPDATE, SYNC_TOKEN)) {
                    if ((job.equals(UPDATE) ? host.jobs().update() : host.jobs().syncToken()).isPresent()) {
                        out.add(file(unit(job) + ".service", dir, "0644", RenderedFile.Kind.SYSTEMD_UNIT, model));
                        out.add(file(unit(job) + ".timer", dir, "0644", RenderedFile.Kind.SYSTEMD_UNIT, model));
                    }
                }
            }
            if (host.jobs().botService()) {
                out.add(file(unit(BOT) + ".service", dir, "0644", RenderedFile.Kind.SYSTEMD_UNIT, model));
            }
        }
        out.add(file(COMPOSE_FILE, host.appDir(), "0644", RenderedFile.Kind.APP_FILE, model));
        out.add(render(
                DOCKERFILE,
                "Dockerfile.ftl",
                host.appDir() + "/" + DOCKERFILE,
                "0644",
                RenderedFile.Kind.APP_FILE,
                model));
        return List.copyOf(out);
    }

    private RenderedFile file(String name, String dir, String mode, RenderedFile.Kind kind, Map<String, Object> model)
            throws RenderException {
        return render(name, name + ".ftl", dir + "/" + name, mode, kind, model);
    }

    private RenderedFile render(
            String name,
            String template,
            String installPath,
            String mode,
            RenderedFile.Kind kind,
            Map<String, Object> model)
            throws RenderException {
        TemplateOrigin origin = engine.origin(template);
        String body = engine.process(template, model);
        String bad = TextCharacters.firstForbidden(body, "\t\n");
        if (bad != null) {
            // a project template put an unescaped variable into the file; the built-in ones escape every value
            throw new RenderException(
                    origin.describe() + " rendered " + name + " with the character " + bad
                            + ", which breaks the file — pass the value through shq, sdq, sdpath, sdtext or composeq, or "
                            + "remove the character from the inventory",
                    null);
        }
        return new RenderedFile(name, installPath, GeneratedHeader.add(name, origin, body), mode, kind, origin);
    }

    /** The data templates see; documented in docs/plugin-local.md ("Template model"). */
    public Map<String, Object> model(Host host) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("name", host.name());
        h.put("platform", host.platform().id());
        h.put("user", host.user());
        h.put("home", host.home());
        h.put("appDir", host.appDir());
        h.put("java", host.java());
        h.put("runtimeJar", host.runtimeJar());
        h.put("launcher", host.launcher());
        h.put("logsDir", host.logsDir());
        h.put("scope", host.isLocal() ? "user" : "system");
        h.put("local", host.isLocal());
        h.put("scheduler", host.scheduler().id());
        m.put("host", h);
        m.put("vars", host.vars());
        m.put(
                "launchdPath",
                String.join(
                        ":",
                        host.home() + "/.local/bin",
                        "/opt/homebrew/bin",
                        "/usr/local/bin",
                        "/Applications/Docker.app/Contents/Resources/bin",
                        "/usr/bin",
                        "/bin",
                        "/usr/sbin",
                        "/sbin"));
        m.put("linuxPath", String.join(":", host.home() + "/.local/bin", "/usr/local/bin", "/usr/bin", "/bin"));
        Map<String, Object> jobs = new LinkedHashMap<>();
        List<Object> batch = new ArrayList<>();
        host.jobs().update().ifPresent(s -> {
            Map<String, Object> j = job(host, UPDATE, s);
            jobs.put("update", j);
            batch.add(j);
        });
        host.jobs().syncToken().ifPresent(s -> {
            Map<String, Object> j = job(host, SYNC_TOKEN, s);
            jobs.put("syncToken", j);
            batch.add(j);
        });
        m.put("jobs", jobs);
        m.put("batchJobs", batch);
        // bin/chatgeist picks the JVM flags (a bot-sized heap here) and the Java of CHATGEIST_JAVA
        List<String> botArgs = List.of(host.launcher(), "--home", host.appDir(), BOT);
        Map<String, Object> bot = new LinkedHashMap<>();
        bot.put("enabled", host.jobs().botService());
        bot.put("label", label(BOT));
        bot.put("unit", unit(BOT));
        bot.put("args", botArgs);
        bot.put("execStart", systemdExec(botArgs));
        bot.put("outLog", host.logsDir() + "/bot.out.log");
        m.put("bot", bot);
        m.putAll(TemplateFunctions.all());
        return m;
    }

    /**
     * ExecStart= runs the launcher through /bin/sh: systemd refuses an executable path with quotes, backslashes or
     * $, which an app dir may have; as an argument the launcher's path is quoted like any other.
     */
    private static String systemdExec(List<String> args) {
        List<String> withShell = new ArrayList<>(List.of("/bin/sh"));
        withShell.addAll(args);
        return SystemdSyntax.exec(withShell);
    }

    private static Map<String, Object> job(Host host, String id, Schedule schedule) {
        // bin/chatgeist runs the jar with the batch JVM flags (small heap, serial GC) and the Java of CHATGEIST_JAVA
        List<String> args = List.of(host.launcher(), "--home", host.appDir(), id);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("id", id);
        j.put("command", id);
        j.put("label", label(id));
        j.put("unit", unit(id));
        j.put("args", args);
        j.put("shellCommand", CronSyntax.command(args));
        j.put("execStart", systemdExec(args));
        j.put("outLog", host.logsDir() + "/" + id + ".out.log");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("kind", schedule instanceof Schedule.Cron ? "cron" : "interval");
        s.put("source", schedule.source());
        s.put("describe", schedule.describe());
        s.put("seconds", schedule instanceof Schedule.Every e ? e.seconds() : 0L);
        Optional<CronExpression> cron = schedule.asCron();
        s.put("cron", cron.map(CronExpression::source).orElse(""));
        List<Map<String, Integer>> calendar = List.of();
        String onCalendar = "";
        if (schedule instanceof Schedule.Cron c) {
            if (host.platform() == Platform.MACOS) {
                calendar = c.expression().toLaunchdCalendar();
            } else {
                try {
                    onCalendar = c.expression().toSystemdOnCalendar();
                } catch (IllegalArgumentException e) {
                    onCalendar = ""; // only an error when systemd timers are used, checked by the inventory
                }
            }
        }
        s.put("calendar", calendar);
        s.put("onCalendar", onCalendar);
        j.put("schedule", s);
        return j;
    }
}
