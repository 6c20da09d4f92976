package dev.chatgeist.plugin.operate;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.task.Output;
import dev.chatgeist.plugin.task.Shell;
import dev.chatgeist.plugin.transport.Transport;
import java.io.IOException;

/**
 * chatgeist:doctor on one host: the installed {@code <app_dir>/bin/chatgeist doctor}, run as the app user with the
 * inventory's Java, its report printed line by line. The runtime's doctor exits 0 when nothing failed.
 */
public final class Doctor {
    private final Output out;

    public Doctor(Output out) {
        this.out = out;
    }

    public boolean check(AppUser app) throws IOException, OperationException {
        Host host = app.host();
        String launcher = host.launcher();
        String command = "[ -x " + Shell.quote(launcher) + " ] || exit 126; cd " + Shell.quote(host.appDir())
                + " && CHATGEIST_JAVA=" + Shell.quote(host.java()) + " " + Shell.quote(launcher) + " --home "
                + Shell.quote(host.appDir()) + " doctor";
        Transport.ExecResult r = app.exec(command);
        if (r.exitCode() == 126 && r.stdout().isEmpty()) {
            throw new OperationException(launcher + " is missing on " + host.name() + ": run chatgeist:"
                    + (host.isLocal() ? "install-local" : "deploy") + " first");
        }
        r.stdout().lines().forEach(l -> out.info("[" + host.name() + "] " + l));
        r.stderr().lines().filter(l -> !l.isBlank()).forEach(l -> out.warn("[" + host.name() + "] " + l));
        return r.ok();
    }
}
