package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Schedule;
import dev.chatgeist.plugin.task.Shell;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The jobs part of chatgeist:status, the same on the Mac and on a server: per job whether its scheduler has it,
 * whether it is paused, its last run with the outcome (and the reason of a failure) from its log's outcome line,
 * and its next run (only when installed and not paused); for the bot its state, since when, its restarts and the
 * last error in logs/bot.log. Reads only.
 */
public final class JobStatus {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final ZoneId zone;
    private final Instant now;

    public JobStatus(ZoneId zone, Instant now) {
        this.zone = zone;
        this.now = now;
    }

    public List<String> lines(AppUser app) throws IOException {
        Host host = app.host();
        List<String> paused = app.transport()
                .exec(Pauses.list(host))
                .stdout()
                .lines()
                .map(String::strip)
                .toList();
        List<String> out = new ArrayList<>();
        for (Job job : Job.values()) {
            out.add("  " + line(app, job, paused.contains(job.id())));
        }
        return out;
    }

    private String line(AppUser app, Job job, boolean paused) throws IOException {
        Host host = app.host();
        Optional<Schedule> schedule = switch (job) {
            case UPDATE -> host.jobs().update();
            case SYNC_TOKEN -> host.jobs().syncToken();
            case BOT -> Optional.empty();
        };
        JobControl control = JobControl.of(app, job, null);
        boolean installed = control.installed();
        StringBuilder sb = new StringBuilder(job.id());
        schedule.ifPresent(s -> sb.append(" (").append(s.describe()).append(')'));
        sb.append(": ");
        if (!installed) {
            sb.append("not installed")
                    .append(
                            job.wanted(host)
                                    ? " (run chatgeist:" + (host.isLocal() ? "install-local" : "deploy") + ")"
                                    : " (off in the inventory)");
        } else {
            sb.append(paused ? "PAUSED (chatgeist:start -Dchatgeist.job=" + job.id() + " resumes it)" : "installed")
                    .append("; ")
                    .append(control.state());
        }
        Optional<Outcome> last = job.isBatch() ? Operations.lastOutcome(app, job) : Optional.empty();
        if (job.isBatch() && (installed || last.isPresent())) {
            sb.append("; last run ")
                    .append(last.map(o -> TIME.format(o.time().atZoneSameInstant(zone)) + " " + o.describe())
                            .orElse("never seen (no outcome line in logs/" + job.logName() + ")"));
            if (installed && !paused && schedule.isPresent()) {
                sb.append("; next run ").append(next(schedule.get(), last));
            }
        } else if (installed) {
            String error = app.exec(
                            "grep -E '^[^ ]+ ERROR ' " + Shell.quote(job.log(host)) + " 2>/dev/null" + " | tail -n 1")
                    .stdout()
                    .strip();
            sb.append("; last error in logs/bot.log: ").append(error.isEmpty() ? "none" : error);
        }
        return sb.toString();
    }

    private String next(Schedule schedule, Optional<Outcome> last) {
        ZonedDateTime nowZ = now.atZone(zone);
        if (schedule instanceof Schedule.Cron c) {
            return c.expression().nextAfter(nowZ).map(TIME::format).orElse("unknown");
        }
        Duration every = ((Schedule.Every) schedule).period();
        return last.map(o -> o.time().atZoneSameInstant(zone).plus(every))
                .filter(n -> n.isAfter(nowZ))
                .map(TIME::format)
                .orElse("within " + schedule.source());
    }
}
