package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * chatgeist:logs: the last lines of a job's log, optionally followed. The batch jobs' logs/&lt;job&gt;.log; the bot's
 * journal on Linux ({@code journalctl -u}, as root on an SSH host, where the unit is a system unit), its
 * logs/bot.log on macOS. Following streams over the same connection ({@link Transport#stream}); the command is
 * wrapped so that it ends when its stdin closes, which is how the transport stops it (Ctrl+C, or the line limit).
 */
public final class Logs {
    private final Output out;

    public Logs(Output out) {
        this.out = out;
    }

    /**
     * @param lines    how many past lines to show
     * @param follow   keep printing new lines
     * @param maxLines stop following after this many lines in all (0: until stopped)
     */
    public void show(AppUser app, Job job, int lines, boolean follow, long maxLines)
            throws IOException, OperationException {
        if (lines < 0) {
            throw new OperationException("chatgeist.lines must not be negative, not " + lines);
        }
        Host host = app.host();
        boolean journal = job == Job.BOT && host.platform() == Platform.LINUX;
        String unit = HostRenderer.unit(job.id()) + ".service";
        String command = journal
                ? "journalctl " + (host.isLocal() ? "--user " : "") + "-u " + Shell.quote(unit) + " -n " + lines
                        + " --no-pager -o short-iso" + (follow ? " -f" : "")
                : "tail -n " + lines + (follow ? " -F " : " ") + Shell.quote(job.log(host));
        Transport transport = journal && !host.isLocal() ? app.transport().become() : app.transport();
        // exec: the background job is the reading program itself, so that killing it leaves nothing behind
        String run = journal ? command : app.wrap("exec " + command);
        if (!follow) {
            Transport.ExecResult r = transport.exec(run);
            if (!r.ok()) {
                throw new OperationException(command + " failed (exit " + r.exitCode() + "): "
                        + r.stderr().strip() + (journal ? "" : "; the job may not have run yet on " + host.name()));
            }
            r.stdout().lines().forEach(out::info);
            return;
        }
        AtomicLong seen = new AtomicLong();
        transport.stream(untilStdinCloses(run), line -> {
            out.info(line);
            return maxLines <= 0 || seen.incrementAndGet() < maxLines;
        });
    }

    /**
     * Runs {@code command} in the background and ends it when stdin reaches EOF: an SSH channel gives a command
     * no hangup when it closes, so a bare {@code tail -F} would live on on the host.
     */
    static String untilStdinCloses(String command) {
        return command + " </dev/null & p=$!\ncat >/dev/null\nkill $p 2>/dev/null; wait $p 2>/dev/null; true";
    }
}
