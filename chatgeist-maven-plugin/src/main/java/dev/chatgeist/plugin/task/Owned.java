package dev.chatgeist.plugin.task;

import dev.chatgeist.plugin.transport.Transport;
import java.util.ArrayList;
import java.util.List;

/**
 * A file or directory task whose path must belong to {@code owner} (the app user). When the login user is the
 * owner, the task runs as it is and only a wrong owner (e.g. left by an earlier root-run tool) is fixed, with
 * {@code chown} through become; when the login user is another account, the change is applied as root and the path
 * then given to the owner.
 */
public final class Owned implements Task {
    private final Task task;
    private final String path;
    private final String owner;
    private final boolean loginIsOwner;

    /**
     * @param path      the path {@code task} creates or changes
     * @param owner     the user that must own it (its group becomes the user's login group)
     * @param loginUser the user the transport logs in as
     */
    public Owned(Task task, String path, String owner, String loginUser) {
        this.task = task;
        this.path = path;
        this.owner = owner;
        this.loginIsOwner = owner.equals(loginUser);
    }

    @Override
    public String name() {
        return task.name();
    }

    private String probe() {
        return "ls -ld " + Shell.quote(path) + " 2>/dev/null";
    }

    @Override
    public List<String> probes() {
        List<String> p = new ArrayList<>(task.probes());
        p.add(probe());
        return p;
    }

    @Override
    public List<String> notifiedBy() {
        return task.notifiedBy();
    }

    @Override
    public Plan plan(State state) throws TaskException {
        Plan plan = task.plan(state);
        ProbeResult ls = state.probe(probe());
        String current = ls.ok() ? FileMode.ownerFromLs(ls.text().strip()) : null;
        boolean wrongOwner = current != null && !current.equals(owner);
        if (plan.kind() == Plan.Kind.SKIP) {
            return plan;
        }
        if (plan.kind() == Plan.Kind.OK) {
            if (!wrongOwner) {
                return plan;
            }
            return new Plan(
                    Plan.Kind.CHANGE,
                    join(plan.note(), "owner " + current + " -> " + owner),
                    null,
                    this::chown,
                    plan.warnings());
        }
        String note = wrongOwner ? join(plan.note(), "owner " + current + " -> " + owner) : plan.note();
        return new Plan(
                Plan.Kind.CHANGE,
                note,
                plan.diff(),
                t -> {
                    if (loginIsOwner && !wrongOwner) {
                        plan.action().apply(t);
                    } else {
                        plan.action().apply(t.become()); // a path of another user may not be writable by the login user
                        chown(t);
                    }
                },
                plan.warnings());
    }

    private void chown(Transport t) throws java.io.IOException, TaskException {
        Transport.ExecResult r = t.become().exec("chown " + Shell.quote(owner + ":") + " " + Shell.quote(path));
        if (!r.ok()) {
            throw new TaskException(
                    "cannot give " + path + " to " + owner + ": " + r.stderr().strip());
        }
    }

    private static String join(String a, String b) {
        return a == null || a.isBlank() ? b : a + "; " + b;
    }
}
