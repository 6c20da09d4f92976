package dev.chatgeist.plugin.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Turns the merged variables of one host into a checked, typed {@link Host}, filling defaults. */
final class HostSettings {
    private final LoaderEnvironment env;
    private final HostVars vars;
    private final String name;

    HostSettings(LoaderEnvironment env, HostVars vars, String name) {
        this.env = env;
        this.vars = vars;
        this.name = name;
    }

    Host build(List<String> groups) throws InventoryException {
        Connection connection = connection();
        boolean local = connection.local();
        Platform platform = platform(local);

        HostVar userVar = vars.get("chatgeist_user") != null
                ? vars.get("chatgeist_user")
                : connection.user() != null ? vars.get("ansible_user") : null;
        String user = vars.string("chatgeist_user", "a user name")
                .orElse(connection.user() != null ? connection.user() : env.userName());
        ValueRules.userName(vars, userVar == null ? "chatgeist_user" : userVar.key(), userVar, user);
        String home = local && user.equals(env.userName())
                ? env.home().toString()
                : (platform == Platform.MACOS ? "/Users/" + user : user.equals("root") ? "/root" : "/home/" + user);
        String appDir = path(
                vars.string("chatgeist_app_dir", "a directory path").orElse("~/chatgeist"),
                "chatgeist_app_dir",
                home,
                local);
        String java = path(
                vars.string("chatgeist_java", "the path of java on that host")
                        .orElse(local ? env.java() : "/usr/bin/java"),
                "chatgeist_java",
                home,
                local);
        ValueRules.executable(vars, "chatgeist_java", vars.get("chatgeist_java"), java);

        Scheduler scheduler = scheduler(platform);
        Jobs jobs = new JobSettings(vars).jobs(platform, scheduler);
        String transport = vars.string("chatgeist_transport", "sshj or jsch").orElse("sshj");
        if (!transport.equals("sshj") && !transport.equals("jsch")) {
            throw vars.error(
                    vars.get("chatgeist_transport"),
                    "chatgeist_transport",
                    "is \"" + transport + "\"",
                    "expected sshj (the default) or jsch");
        }
        return new Host(
                name, groups, connection, platform, user, home, appDir, java, jobs, scheduler, transport, vars.plain());
    }

    private Connection connection() throws InventoryException {
        String connectionType =
                vars.string("ansible_connection", "ssh or local").orElse("ssh");
        boolean local = switch (connectionType) {
            case "local" -> true;
            case "ssh", "smart", "paramiko" -> false;
            default ->
                throw vars.error(
                        vars.get("ansible_connection"),
                        "ansible_connection",
                        "is \"" + connectionType + "\", which ChatGeist cannot use",
                        "use ssh (the default) or local");
        };
        String address =
                vars.string("ansible_host", "a host name or IP address").orElse(null);
        if (!local && address == null) {
            throw vars.error(
                    null,
                    name,
                    "has no address",
                    "set `ansible_host: <IP or DNS name>` for this host, or `ansible_connection: local` if it is "
                            + "the machine Maven runs on");
        }
        if (!local) {
            ValueRules.address(vars, vars.get("ansible_host"), address);
        }
        int port = 22;
        Optional<String> portText = vars.string("ansible_port", "a port number");
        if (portText.isPresent()) {
            try {
                port = Integer.parseInt(portText.get());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw vars.error(
                        vars.get("ansible_port"),
                        "ansible_port",
                        "is not a port number: " + portText.get(),
                        "use a number from 1 to 65535");
            }
        }
        String ansibleUser = vars.string("ansible_user", "a user name").orElse(null);
        if (ansibleUser != null) {
            ValueRules.userName(vars, "ansible_user", vars.get("ansible_user"), ansibleUser);
        }
        String keyFile = vars.string("ansible_ssh_private_key_file", "a file path")
                .map(this::expandLocal)
                .orElse(null);
        boolean become = vars.bool("ansible_become");
        return new Connection(local, local ? null : address, port, ansibleUser, keyFile, become);
    }

    private Platform platform(boolean local) throws InventoryException {
        Optional<String> platformText = vars.string("chatgeist_platform", "macos or linux");
        if (platformText.isPresent()) {
            Platform platform = Platform.parse(platformText.get());
            if (platform == null) {
                throw vars.error(
                        vars.get("chatgeist_platform"),
                        "chatgeist_platform",
                        "is \"" + platformText.get() + "\"",
                        "expected macos or linux");
            }
            return platform;
        }
        return local && env.platform() != null ? env.platform() : Platform.LINUX;
    }

    private String expandLocal(String p) {
        if (p.equals("~")) {
            return env.home().toString();
        }
        if (p.startsWith("~/")) {
            return env.home().resolve(p.substring(2)).toString();
        }
        return p;
    }

    /** Expands {@code ~}, resolves local relative paths beside the inventory, normalizes and checks the result. */
    private String path(String raw, String key, String home, boolean local) throws InventoryException {
        String p;
        if (raw.equals("~")) {
            p = home;
        } else if (raw.startsWith("~/")) {
            p = home + "/" + raw.substring(2);
        } else if (raw.startsWith("/")) {
            p = raw;
        } else if (local) {
            // relative to the inventory file, so that a project can keep its app dir beside it
            p = vars.file().getParent().resolve(raw).toString();
        } else {
            throw vars.error(
                    vars.get(key),
                    key,
                    "is the relative path \"" + raw + "\"",
                    "use an absolute path or one starting with ~/ on remote hosts");
        }
        p = Path.of(p).normalize().toString();
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        ValueRules.path(vars, key, vars.get(key), p);
        return p;
    }

    private Scheduler scheduler(Platform platform) throws InventoryException {
        Optional<String> text = vars.string("chatgeist_scheduler", "cron or systemd");
        if (platform == Platform.MACOS) {
            if (text.isPresent() && !text.get().equals("launchd")) {
                throw vars.error(
                        vars.get("chatgeist_scheduler"),
                        "chatgeist_scheduler",
                        "is \"" + text.get() + "\" on a macOS host",
                        "macOS hosts use launchd; remove the key");
            }
            return Scheduler.LAUNCHD;
        }
        if (text.isEmpty()) {
            return Scheduler.CRON;
        }
        Scheduler s = Scheduler.parse(text.get());
        if (s == null || s == Scheduler.LAUNCHD) {
            throw vars.error(
                    vars.get("chatgeist_scheduler"),
                    "chatgeist_scheduler",
                    "is \"" + text.get() + "\"",
                    "expected cron (the default on Linux) or systemd (timers)");
        }
        return s;
    }
}
