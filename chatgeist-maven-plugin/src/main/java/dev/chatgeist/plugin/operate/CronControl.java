package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.task.CronPause;
import dev.chatgeist.plugin.task.CrontabBlock;
import dev.chatgeist.plugin.task.CrontabTask;
import dev.chatgeist.plugin.task.ProbeResult;
import dev.chatgeist.plugin.task.StateReader;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A batch job's line in the app user's managed crontab block. Run: the line's command (without its schedule),
 * as the app user, in the foreground; pause: the line commented out ({@link CronPause}); resume: restored. The
 * rest of the crontab is written back byte for byte.
 */
final class CronControl implements JobControl {
    private final AppUser app;
    private final Job job;

    CronControl(AppUser app, Job job) {
        this.app = app;
        this.job = job;
    }

    @Override
    public String describe() {
        return "crontab line of " + job.id();
    }

    private String crontab() throws IOException, OperationException {
        String read = app.crontab() + " -l";
        ProbeResult r = new StateReader().read(app.transport(), List.of(read)).get(read);
        if (!r.ok() && !r.stderr().contains("no crontab for")) {
            throw new OperationException(
                    read + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        // as CrontabTask: the ISO-8859-1 view keeps every byte of the other lines, whatever their encoding
        return r.ok() ? new String(r.stdout(), StandardCharsets.ISO_8859_1) : "";
    }

    /** The job's line in the managed block (commented out when paused), if any. */
    private Optional<String> line(String crontab) {
        String block = new CrontabBlock(CrontabTask.MARKER).find(crontab);
        return block == null
                ? Optional.empty()
                : block.lines().filter(l -> CronPause.isLineOf(l, job.id())).findFirst();
    }

    @Override
    public boolean installed() throws IOException {
        try {
            return line(crontab()).isPresent();
        } catch (OperationException e) {
            return false;
        }
    }

    @Override
    public String state() throws IOException {
        try {
            return line(crontab())
                    .map(l -> l.startsWith(CronPause.PREFIX) ? "crontab line commented out" : "crontab line active")
                    .orElse("no crontab line");
        } catch (OperationException e) {
            return e.getMessage();
        }
    }

    @Override
    public void runNow() throws IOException, OperationException {
        String line = line(crontab()).orElseThrow(this::notInstalled);
        if (line.startsWith(CronPause.PREFIX)) {
            line = line.substring(CronPause.PREFIX.length());
        }
        String command = new String(command(line).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        Transport.ExecResult r = app.exec(command);
        // the line sends the job's own output to its .out.log; what is left on stderr is the shell's complaint
        if (!r.ok() && !r.stderr().isBlank()) {
            throw new OperationException("the crontab line's command failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
    }

    /**
     * The command part of a crontab line: without the five time fields (or an {@code @daily}-style nickname),
     * with cron's {@code \%} turned back into {@code %}, as cron hands it to {@code /bin/sh -c}.
     */
    static String command(String line) {
        String rest = line.strip();
        int fields = rest.startsWith("@") ? 1 : 5;
        for (int i = 0; i < fields; i++) {
            rest = rest.substring(rest.indexOf(' ') + 1).stripLeading();
        }
        return rest.replace("\\%", "%");
    }

    @Override
    public void pause() throws IOException, OperationException {
        rewrite(crontab -> CronPause.pause(crontab, List.of(job.id())));
    }

    @Override
    public void resume() throws IOException, OperationException {
        rewrite(crontab -> CronPause.resume(crontab, job.id()));
    }

    /** Never called: only the bot restarts, and it is a systemd unit on Linux ({@link Operations#restart}). */
    @Override
    public String restart() throws OperationException {
        throw new OperationException(
                "a crontab line cannot be restarted: chatgeist:run -Dchatgeist.job=" + job.id() + " runs it now");
    }

    private void rewrite(java.util.function.UnaryOperator<String> change) throws IOException, OperationException {
        String current = crontab();
        line(current).orElseThrow(this::notInstalled);
        String next = change.apply(current);
        if (next.equals(current)) {
            return;
        }
        Transport.ExecResult r = app.transport().exec(app.crontab() + " -", next.getBytes(StandardCharsets.ISO_8859_1));
        if (!r.ok()) {
            throw new OperationException("writing the crontab failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
    }

    private OperationException notInstalled() {
        return new OperationException("the crontab of " + app.host().user() + " has no line for " + job.id()
                + ": run chatgeist:" + (app.host().isLocal() ? "install-local" : "deploy")
                + " (and check that the inventory schedules " + job.id() + " on "
                + app.host().name() + ")");
    }
}
