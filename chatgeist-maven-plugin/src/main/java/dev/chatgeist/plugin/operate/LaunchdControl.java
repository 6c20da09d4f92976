package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A launchd agent in the user's GUI domain: {@code launchctl kickstart} runs it now, {@code bootout} pauses it,
 * {@code bootstrap} resumes it, {@code kickstart -k} restarts it (see {@code man launchctl}). Whether it is loaded
 * and running comes from {@code launchctl list LABEL}, as install-local reads it.
 */
final class LaunchdControl implements JobControl {
    private static final Pattern PID = Pattern.compile("\"PID\"\\s*=\\s*(\\d+);");
    private static final Pattern LAST_EXIT = Pattern.compile("\"LastExitStatus\"\\s*=\\s*(-?\\d+);");

    private final AppUser app;
    private final String label;
    private final String plist;
    private final Job job;
    private final Waits waits;

    LaunchdControl(AppUser app, Job job, Waits waits) {
        this.app = app;
        this.job = job;
        this.label = HostRenderer.label(job.id());
        this.plist = HostRenderer.launchAgentsDir(app.host()) + "/" + label + ".plist";
        this.waits = waits;
    }

    @Override
    public String describe() {
        return "launchd agent " + label;
    }

    @Override
    public boolean installed() throws IOException {
        return loaded()
                || app.transport().exec("[ -f " + Shell.quote(plist) + " ]").ok();
    }

    @Override
    public String state() throws IOException {
        Transport.ExecResult r = list();
        if (!r.ok()) {
            return "not loaded";
        }
        StringBuilder sb = new StringBuilder("loaded");
        Matcher pid = PID.matcher(r.stdout());
        sb.append(pid.find() ? ", running (pid " + pid.group(1) + ")" : ", not running");
        Matcher exit = LAST_EXIT.matcher(r.stdout());
        if (exit.find()) {
            sb.append(", last exit status ").append(exit.group(1));
        }
        return sb.toString();
    }

    private boolean loaded() throws IOException {
        return list().ok();
    }

    private Transport.ExecResult list() throws IOException {
        return app.transport().exec("launchctl list " + Shell.quote(label));
    }

    private Optional<String> pid() throws IOException {
        Transport.ExecResult r = list();
        Matcher m = PID.matcher(r.stdout());
        return r.ok() && m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private String target() throws IOException, OperationException {
        Transport.ExecResult uid = app.transport().exec("id -u");
        if (!uid.ok()) {
            throw new OperationException(
                    "cannot find the user id (id -u): " + uid.stderr().strip());
        }
        return "gui/" + uid.stdout().strip() + "/" + label;
    }

    @Override
    public void runNow() throws IOException, OperationException {
        if (!loaded()) {
            throw new OperationException(label + " is not loaded ("
                    + (installed()
                            ? "paused: chatgeist:start" + " -Dchatgeist.job=" + job.id() + " resumes it"
                            : "not installed: run chatgeist:install-local")
                    + ")");
        }
        launchctl("kickstart " + target());
        if (!job.isBatch()) {
            return;
        }
        // kickstart returns once launchd has spawned the job; the run has ended when the agent has no PID again
        long end = System.nanoTime() + waits.run().toNanos();
        while (pid().isPresent()) {
            if (System.nanoTime() > end) {
                throw new OperationException(label + " still runs after "
                        + waits.run().toSeconds() + " s;" + " chatgeist:logs -Dchatgeist.job=" + job.id()
                        + " -Dchatgeist.follow shows what it does");
            }
            sleep();
        }
    }

    @Override
    public void pause() throws IOException, OperationException {
        if (loaded()) {
            launchctl("bootout " + target());
        }
    }

    @Override
    public void resume() throws IOException, OperationException {
        if (loaded()) {
            return;
        }
        if (!app.transport().exec("[ -f " + Shell.quote(plist) + " ]").ok()) {
            throw new OperationException(plist + " does not exist: the inventory does not schedule " + job.id()
                    + " on this host, or install-local has not run yet");
        }
        String domain = target();
        launchctl("bootstrap " + domain.substring(0, domain.lastIndexOf('/')) + " " + Shell.quote(plist));
    }

    @Override
    public String restart() throws IOException, OperationException {
        if (!loaded()) {
            throw new OperationException(
                    label + " is not loaded: chatgeist:start -Dchatgeist.job=" + job.id() + " loads it");
        }
        launchctl("kickstart -k " + target());
        // healthy: a process right away, and the same one for the whole window (KeepAlive would respawn a crash)
        long end = System.nanoTime() + waits.health().window().toNanos();
        Optional<String> first = pid();
        do {
            Optional<String> now = pid();
            if (now.isEmpty() || !now.equals(first)) {
                return "the agent "
                        + (now.isEmpty()
                                ? "is not running"
                                : "was restarted by launchd (pid " + first.orElse("?") + " -> " + now.get() + ")")
                        + "; see logs/bot.log and logs/bot.out.log";
            }
            sleep();
        } while (System.nanoTime() < end);
        return null;
    }

    private void launchctl(String args) throws IOException, OperationException {
        Transport.ExecResult r = app.transport().exec("launchctl " + args);
        if (!r.ok()) {
            throw new OperationException("launchctl " + args + " failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
    }

    private void sleep() throws IOException {
        try {
            Thread.sleep(waits.poll().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + label, e);
        }
    }
}
