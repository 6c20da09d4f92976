package dev.chatgeist.plugin.inventory;

import java.util.Optional;
import java.util.Set;

/** {@code chatgeist_jobs}: which jobs a host runs and when, checked against what its scheduler can express. */
final class JobSettings {
    private static final Set<String> JOB_KEYS = Set.of("update", "sync-token", "bot");

    private final HostVars vars;

    JobSettings(HostVars vars) {
        this.vars = vars;
    }

    Jobs jobs(Platform platform, Scheduler scheduler) throws InventoryException {
        HostVar v = vars.get("chatgeist_jobs");
        if (v == null) {
            return Jobs.defaults(platform);
        }
        if (v.value() instanceof YamlNode.Scalar s && Boolean.FALSE.equals(s.value())) {
            return Jobs.none();
        }
        if (!(v.value() instanceof YamlNode.Mapping m)) {
            throw vars.error(
                    v,
                    "chatgeist_jobs",
                    "must be a mapping but is " + YamlNode.describe(v.value()),
                    "write `chatgeist_jobs:` with `update:`, `sync-token:` and `bot:` below it");
        }
        Optional<Schedule> update = Optional.empty();
        Optional<Schedule> sync = Optional.empty();
        boolean bot = false;
        for (YamlNode.Entry e : m.entries().values()) {
            String key = "chatgeist_jobs." + e.key();
            HostVar jv = new HostVar(key, e.keyLocation(), e.value());
            switch (e.key()) {
                case "update" -> update = schedule(jv, platform, scheduler);
                case "sync-token" -> sync = schedule(jv, platform, scheduler);
                case "bot" -> bot = botMode(jv);
                default ->
                    throw vars.error(
                            jv,
                            key,
                            "is not a job",
                            "jobs are "
                                    + String.join(
                                            ", ", JOB_KEYS.stream().sorted().toList())
                                    + Suggestions.didYouMean(e.key(), JOB_KEYS));
            }
        }
        return new Jobs(update, sync, bot);
    }

    private Optional<Schedule> schedule(HostVar v, Platform platform, Scheduler scheduler) throws InventoryException {
        if (v.value() instanceof YamlNode.Scalar s) {
            if (Boolean.FALSE.equals(s.value()) || s.isNull()) {
                return Optional.empty();
            }
            if (s.value() instanceof String text) {
                ValueRules.text(vars, v, text);
                Schedule schedule;
                try {
                    schedule = Schedule.parse(text);
                    if (platform == Platform.MACOS && schedule instanceof Schedule.Cron c) {
                        c.expression().toLaunchdCalendar();
                    }
                    if (scheduler == Scheduler.SYSTEMD && schedule instanceof Schedule.Cron c) {
                        c.expression().toSystemdOnCalendar();
                    }
                } catch (IllegalArgumentException e) {
                    throw vars.valueError(v, e.getMessage(), "");
                }
                if (scheduler == Scheduler.CRON && schedule.asCron().isEmpty()) {
                    throw vars.valueError(
                            v,
                            "interval \"" + text + "\" cannot be written as a cron " + "schedule",
                            "use a divisor of an hour or a day (\"15m\", \"1h\", \"4h\", \"1d\") "
                                    + "or a cron expression");
                }
                return Optional.of(schedule);
            }
        }
        throw vars.valueError(
                v,
                "is " + YamlNode.describe(v.value()),
                "expected an interval such as \"30m\", \"1h\", \"4h\", \"1d\", a quoted five-field cron expression "
                        + "such as \"0 */4 * * *\", or false");
    }

    private boolean botMode(HostVar v) throws InventoryException {
        if (v.value() instanceof YamlNode.Scalar s) {
            if (Boolean.FALSE.equals(s.value()) || s.isNull()) {
                return false;
            }
            if ("service".equals(s.value())) {
                return true;
            }
        }
        throw vars.valueError(
                v,
                "is " + YamlNode.describe(v.value()),
                "expected service (kept running by launchd KeepAlive or a systemd service) or false");
    }
}
