package dev.chatgeist.plugin.task;

import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one host's tasks the Ansible way: read all state in one batch, then plan and apply task by task; stop the
 * host at the first failure; handlers only when notified. Check mode plans and reports without applying; diff
 * mode prints each change's unified diff. Everything printed passes the secret masker first.
 */
public final class TaskRunner {
    private final Output output;
    private final boolean check;
    private final boolean diff;
    private final SecretMasker masker;

    public TaskRunner(Output output, boolean check, boolean diff, SecretMasker masker) {
        this.output = output;
        this.check = check;
        this.diff = diff;
        this.masker = masker;
    }

    public Recap run(String host, Transport transport, List<? extends Task> tasks) {
        long start = System.nanoTime();
        List<TaskResult> results = new ArrayList<>();
        List<String> probes = new ArrayList<>();
        tasks.forEach(t -> probes.addAll(t.probes()));
        Map<String, ProbeResult> answers;
        try {
            answers = new StateReader().read(transport, probes);
        } catch (IOException e) {
            report(
                    results,
                    new TaskResult(
                            host,
                            "read state",
                            TaskStatus.FAILED,
                            "cannot read the state of " + transport.describe() + ": " + e.getMessage(),
                            null,
                            List.of()));
            return recap(host, results, start);
        }
        Set<String> changed = new HashSet<>();
        State state = new State() {
            @Override
            public ProbeResult probe(String command) {
                ProbeResult r = answers.get(command);
                if (r == null) {
                    throw new IllegalStateException("probe was not declared: " + command);
                }
                return r;
            }

            @Override
            public boolean changed(String taskName) {
                return changed.contains(taskName);
            }
        };
        for (Task task : tasks) {
            if (!task.notifiedBy().isEmpty() && task.notifiedBy().stream().noneMatch(changed::contains)) {
                continue; // a handler nobody notified
            }
            TaskResult result = runOne(host, transport, task, state);
            report(results, result);
            if (result.status() == TaskStatus.CHANGED) {
                changed.add(task.name());
            }
            if (result.status() == TaskStatus.FAILED) {
                break;
            }
        }
        return recap(host, results, start);
    }

    private TaskResult runOne(String host, Transport transport, Task task, State state) {
        Plan plan;
        try {
            plan = task.plan(state);
        } catch (TaskException | RuntimeException e) {
            return new TaskResult(host, task.name(), TaskStatus.FAILED, message(e), null, List.of());
        }
        return switch (plan.kind()) {
            case OK -> new TaskResult(host, task.name(), TaskStatus.OK, plan.note(), null, plan.warnings());
            case SKIP -> new TaskResult(host, task.name(), TaskStatus.SKIPPED, plan.note(), null, plan.warnings());
            case CHANGE -> {
                if (check) {
                    yield new TaskResult(
                            host,
                            task.name(),
                            TaskStatus.CHANGED,
                            join(plan.note(), "check mode: not applied"),
                            plan.diff(),
                            plan.warnings());
                }
                try {
                    plan.action().apply(transport);
                    yield new TaskResult(
                            host, task.name(), TaskStatus.CHANGED, plan.note(), plan.diff(), plan.warnings());
                } catch (IOException | TaskException | RuntimeException e) {
                    yield new TaskResult(
                            host, task.name(), TaskStatus.FAILED, message(e), plan.diff(), plan.warnings());
                }
            }
        };
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String join(String a, String b) {
        return a == null || a.isBlank() ? b : a + "; " + b;
    }

    private void report(List<TaskResult> results, TaskResult r) {
        results.add(r);
        StringBuilder line = new StringBuilder();
        line.append(r.status().word())
                .append(": [")
                .append(r.host())
                .append("] ")
                .append(r.task());
        if (r.note() != null && !r.note().isBlank()) {
            line.append(" (").append(r.note()).append(')');
        }
        String text = masker.mask(line.toString());
        if (r.status() == TaskStatus.FAILED) {
            output.warn(text);
        } else {
            output.info(text);
        }
        if (diff && r.diff() != null && !r.diff().isBlank()) {
            for (String l : masker.mask(r.diff()).split("\n", -1)) {
                if (!l.isEmpty()) {
                    output.info(l);
                }
            }
        }
        for (String w : r.warnings()) {
            output.warn("[" + r.host() + "] " + masker.mask(w));
        }
    }

    private static Recap recap(String host, List<TaskResult> results, long start) {
        int ok = 0;
        int changed = 0;
        int failed = 0;
        int skipped = 0;
        for (TaskResult r : results) {
            switch (r.status()) {
                case OK -> ok++;
                case CHANGED -> changed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
        }
        return new Recap(
                host, ok, changed, failed, skipped, List.copyOf(results), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Prints the PLAY RECAP block. */
    public static void printRecap(Output output, List<Recap> recaps) {
        output.info("");
        output.info("PLAY RECAP " + "*".repeat(60));
        for (Recap r : recaps) {
            output.info(r.line());
        }
    }
}
