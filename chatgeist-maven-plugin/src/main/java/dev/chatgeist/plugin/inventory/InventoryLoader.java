package dev.chatgeist.plugin.inventory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an Ansible YAML inventory ({@code all} / {@code children} / {@code hosts} / {@code vars}) into
 * {@link Host}s. Variables are merged the way Ansible merges them: {@code all}, then groups by depth (then name),
 * then the host's own; a later value replaces an earlier one whole. Every error names file, line and key.
 */
public final class InventoryLoader {
    /** Our variables; anything else prefixed {@code chatgeist_} is a typo and rejected. */
    public static final Set<String> CHATGEIST_VARS = Set.of("chatgeist_platform", "chatgeist_app_dir",
            "chatgeist_java", "chatgeist_jobs", "chatgeist_transport", "chatgeist_user", "chatgeist_scheduler");
    /** Ansible connection variables we act on. */
    public static final Set<String> ANSIBLE_VARS = Set.of("ansible_host", "ansible_port", "ansible_user",
            "ansible_ssh_private_key_file", "ansible_connection", "ansible_become");
    /** Ansible variables that are harmless to find in a reused inventory and that we ignore. */
    static final Set<String> ANSIBLE_IGNORED = Set.of("ansible_python_interpreter", "ansible_become_method",
            "ansible_become_user", "ansible_ssh_common_args", "ansible_ssh_extra_args", "ansible_shell_type",
            "ansible_ssh_user", "ansible_ssh_host", "ansible_ssh_port");
    private static final Set<String> PASSWORD_VARS = Set.of("ansible_password", "ansible_ssh_pass",
            "ansible_become_password", "ansible_become_pass", "ansible_sudo_pass");
    private static final Set<String> GROUP_KEYS = Set.of("hosts", "vars", "children");
    private static final Set<String> JOB_KEYS = Set.of("update", "sync-token", "bot");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private final LoaderEnvironment env;

    public InventoryLoader(LoaderEnvironment env) {
        this.env = env;
    }

    public Inventory load(Path file) throws InventoryException {
        Path abs = file.toAbsolutePath().normalize();
        try (Reader r = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
            return parse(abs, r);
        } catch (NoSuchFileException e) {
            throw new InventoryException(abs, 0, 0, null, "does not exist",
                    "create it (the repository's inventory.yaml is an example) or point -Dchatgeist.inventory at yours");
        } catch (IOException e) {
            throw new InventoryException(abs, 0, 0, null, "cannot be read: " + e.getMessage(),
                    "check the file's permissions");
        }
    }

    public Inventory parse(Path file, String yaml) throws InventoryException {
        return parse(file, new StringReader(yaml));
    }

    private Inventory parse(Path file, Reader reader) throws InventoryException {
        YamlNode root = new YamlReader().read(file, reader);
        Walk walk = new Walk(file);
        YamlNode.Mapping top = walk.mapping(root, null, "the top level of an inventory must be a mapping of groups, "
                + "e.g. `all:` with `hosts:` and `children:`");
        for (YamlNode.Entry e : top.entries().values()) {
            walk.group(e.key(), e, null, e.key().equals("all") ? 0 : 1);
        }
        if (walk.hostOrder.isEmpty()) {
            throw new InventoryException(file, top.location().line(), top.location().column(), null,
                    "defines no hosts", "add hosts under `all: hosts:` (see the repository's inventory.yaml)");
        }
        List<Host> hosts = new ArrayList<>();
        for (String name : walk.hostOrder) {
            hosts.add(resolve(walk, name));
        }
        return new Inventory(file, List.copyOf(hosts));
    }

    /** One definition of a group: where its vars are and who its parents are. */
    private record GroupDef(String name, int depth, List<YamlNode.Mapping> vars) {
    }

    /** A variable's winning value and the key that set it (for error locations). */
    private record Var(String key, YamlNode.Location keyLocation, YamlNode value) {
    }

    private final class Walk {
        final Path file;
        final Map<String, GroupDef> groups = new LinkedHashMap<>();
        final Map<String, Set<String>> parents = new LinkedHashMap<>();
        final List<String> hostOrder = new ArrayList<>();
        final Map<String, Set<String>> hostGroups = new LinkedHashMap<>();
        final Map<String, List<YamlNode.Mapping>> hostVars = new LinkedHashMap<>();
        final Map<String, YamlNode.Location> hostLocation = new LinkedHashMap<>();

        Walk(Path file) {
            this.file = file;
        }

        InventoryException error(YamlNode.Location at, String key, String problem, String fix) {
            return new InventoryException(file, at.line(), at.column(), key, problem, fix);
        }

        YamlNode.Mapping mapping(YamlNode node, String key, String expected) throws InventoryException {
            if (node instanceof YamlNode.Mapping m) {
                return m;
            }
            if (node instanceof YamlNode.Scalar s && s.isNull()) {
                return YamlNode.Mapping.empty(node.location());
            }
            throw error(node.location(), key, "must be a mapping but is " + YamlNode.describe(node), expected);
        }

        void group(String name, YamlNode.Entry entry, String parent, int depth) throws InventoryException {
            checkName(entry, "group");
            YamlNode.Mapping body = mapping(entry.value(), name,
                    "a group holds `hosts:`, `vars:` and `children:`");
            GroupDef def = groups.computeIfAbsent(name, n -> new GroupDef(n, depth, new ArrayList<>()));
            if (depth < def.depth()) {
                groups.put(name, new GroupDef(name, depth, def.vars()));
            }
            Set<String> ps = parents.computeIfAbsent(name, n -> new LinkedHashSet<>());
            if (parent != null) {
                ps.add(parent);
            } else if (!name.equals("all")) {
                ps.add("all");
            }
            for (YamlNode.Entry e : body.entries().values()) {
                switch (e.key()) {
                    case "vars" -> groups.get(name).vars().add(mapping(e.value(), name + ".vars",
                            "`vars:` holds `name: value` pairs"));
                    case "hosts" -> {
                        YamlNode.Mapping hs = mapping(e.value(), name + ".hosts",
                                "`hosts:` maps host names to their variables (or to nothing)");
                        for (YamlNode.Entry h : hs.entries().values()) {
                            host(h, name);
                        }
                    }
                    case "children" -> {
                        YamlNode.Mapping cs = mapping(e.value(), name + ".children",
                                "`children:` maps group names to groups");
                        for (YamlNode.Entry c : cs.entries().values()) {
                            if (c.key().equals("all")) {
                                throw error(c.keyLocation(), name + ".children.all",
                                        "cannot be a child group", "`all` is the root group; rename the child");
                            }
                            group(c.key(), c, name, depth + 1);
                        }
                    }
                    default -> throw error(e.keyLocation(), name + "." + e.key(), "is not a group key",
                            "a group may only have " + String.join(", ", GROUP_KEYS.stream().sorted().toList())
                                    + suggestion(e.key(), GROUP_KEYS)
                                    + " (variables go under `vars:`)");
                }
            }
        }

        void host(YamlNode.Entry h, String group) throws InventoryException {
            checkName(h, "host");
            String name = h.key();
            YamlNode.Mapping vars = mapping(h.value(), name,
                    "a host maps to its variables, e.g. `ansible_host: 192.0.2.10`, or to nothing");
            if (!hostGroups.containsKey(name)) {
                hostOrder.add(name);
                hostLocation.put(name, h.keyLocation());
            }
            hostGroups.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(group);
            hostVars.computeIfAbsent(name, n -> new ArrayList<>()).add(vars);
        }

        void checkName(YamlNode.Entry e, String what) throws InventoryException {
            if (!NAME.matcher(e.key()).matches()) {
                throw error(e.keyLocation(), e.key(), "is not a valid " + what + " name",
                        "use letters, digits, '.', '-' and '_' only");
            }
        }

        /** All groups of a host with their ancestors, in Ansible's merge order: depth, then name. */
        List<GroupDef> groupsOf(String host) {
            Set<String> all = new LinkedHashSet<>();
            List<String> todo = new ArrayList<>(hostGroups.get(host));
            while (!todo.isEmpty()) {
                String g = todo.remove(todo.size() - 1);
                if (all.add(g)) {
                    todo.addAll(parents.getOrDefault(g, Set.of()));
                }
            }
            all.add("all");
            List<GroupDef> out = new ArrayList<>();
            for (String g : all) {
                out.add(groups.getOrDefault(g, new GroupDef(g, 0, List.of())));
            }
            out.sort(Comparator.comparingInt(GroupDef::depth).thenComparing(GroupDef::name));
            return out;
        }
    }

    private Host resolve(Walk walk, String name) throws InventoryException {
        Map<String, Var> vars = new LinkedHashMap<>();
        List<GroupDef> groups = walk.groupsOf(name);
        for (GroupDef g : groups) {
            for (YamlNode.Mapping m : g.vars()) {
                merge(walk, vars, m);
            }
        }
        for (YamlNode.Mapping m : walk.hostVars.get(name)) {
            merge(walk, vars, m);
        }
        HostBuilder b = new HostBuilder(walk, name, vars, walk.hostLocation.get(name));
        return b.build(groups.stream().map(GroupDef::name).toList());
    }

    private void merge(Walk walk, Map<String, Var> vars, YamlNode.Mapping m) throws InventoryException {
        for (YamlNode.Entry e : m.entries().values()) {
            String k = e.key();
            if (PASSWORD_VARS.contains(k)) {
                throw walk.error(e.keyLocation(), k, "is not supported: passwords do not belong in the inventory",
                        "use key authentication (ansible_ssh_private_key_file) and passwordless sudo");
            }
            if (k.startsWith("chatgeist_") && !CHATGEIST_VARS.contains(k)) {
                throw walk.error(e.keyLocation(), k, "is not a ChatGeist variable",
                        "known ones are " + String.join(", ", CHATGEIST_VARS.stream().sorted().toList())
                                + suggestion(k, CHATGEIST_VARS));
            }
            if (k.startsWith("ansible_") && !ANSIBLE_VARS.contains(k) && !ANSIBLE_IGNORED.contains(k)) {
                throw walk.error(e.keyLocation(), k, "is an Ansible variable ChatGeist does not understand",
                        "supported: " + String.join(", ", ANSIBLE_VARS.stream().sorted().toList())
                                + suggestion(k, ANSIBLE_VARS));
            }
            vars.put(k, new Var(k, e.keyLocation(), e.value()));
        }
    }

    /** Checks and converts the merged variables of one host. */
    private final class HostBuilder {
        final Walk walk;
        final String name;
        final Map<String, Var> vars;
        final YamlNode.Location hostAt;

        HostBuilder(Walk walk, String name, Map<String, Var> vars, YamlNode.Location hostAt) {
            this.walk = walk;
            this.name = name;
            this.vars = vars;
            this.hostAt = hostAt;
        }

        InventoryException error(Var v, String key, String problem, String fix) {
            YamlNode.Location at = v == null ? hostAt : (key.equals(v.key()) ? v.keyLocation() : v.value().location());
            return new InventoryException(walk.file, at.line(), at.column(), key,
                    problem + " (host '" + name + "')", fix);
        }

        InventoryException valueError(Var v, String problem, String fix) {
            YamlNode.Location at = v.value().location();
            return new InventoryException(walk.file, at.line(), at.column(), v.key(),
                    problem + " (host '" + name + "')", fix);
        }

        Optional<String> string(String key, String expected) throws InventoryException {
            Var v = vars.get(key);
            if (v == null || (v.value() instanceof YamlNode.Scalar s && s.isNull())) {
                return Optional.empty();
            }
            if (v.value() instanceof YamlNode.Scalar s && !(s.value() instanceof Boolean)) {
                return Optional.of(s.value().toString());
            }
            throw valueError(v, "must be " + expected + " but is " + YamlNode.describe(v.value()),
                    "write it as " + expected);
        }

        boolean bool(String key) throws InventoryException {
            Var v = vars.get(key);
            if (v == null) {
                return false;
            }
            if (v.value() instanceof YamlNode.Scalar s) {
                if (s.value() instanceof Boolean b) {
                    return b;
                }
                if (s.value() instanceof String str) {
                    switch (str.toLowerCase()) {
                        case "yes", "true", "on", "1" -> {
                            return true;
                        }
                        case "no", "false", "off", "0" -> {
                            return false;
                        }
                        default -> {
                        }
                    }
                }
            }
            throw error(v, key, "must be true or false but is " + YamlNode.describe(v.value()),
                    "write true or false");
        }

        Host build(List<String> groups) throws InventoryException {
            String connectionType = string("ansible_connection", "ssh or local").orElse("ssh");
            boolean local = switch (connectionType) {
                case "local" -> true;
                case "ssh", "smart", "paramiko" -> false;
                default -> throw error(vars.get("ansible_connection"), "ansible_connection",
                        "is \"" + connectionType + "\", which ChatGeist cannot use", "use ssh (the default) or local");
            };
            String address = string("ansible_host", "a host name or IP address").orElse(null);
            if (!local && address == null) {
                throw error(null, name, "has no address",
                        "set `ansible_host: <IP or DNS name>` for this host, or `ansible_connection: local` if it is "
                                + "the machine Maven runs on");
            }
            int port = 22;
            Optional<String> portText = string("ansible_port", "a port number");
            if (portText.isPresent()) {
                try {
                    port = Integer.parseInt(portText.get());
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    throw error(vars.get("ansible_port"), "ansible_port", "is not a port number: " + portText.get(),
                            "use a number from 1 to 65535");
                }
            }
            String ansibleUser = string("ansible_user", "a user name").orElse(null);
            String keyFile = string("ansible_ssh_private_key_file", "a file path")
                    .map(p -> expandLocal(p)).orElse(null);
            boolean become = bool("ansible_become");
            Connection connection = new Connection(local, local ? null : address, port, ansibleUser, keyFile, become);

            Platform platform;
            Optional<String> platformText = string("chatgeist_platform", "macos or linux");
            if (platformText.isPresent()) {
                platform = Platform.parse(platformText.get());
                if (platform == null) {
                    throw error(vars.get("chatgeist_platform"), "chatgeist_platform",
                            "is \"" + platformText.get() + "\"", "expected macos or linux");
                }
            } else if (local && env.platform() != null) {
                platform = env.platform();
            } else {
                platform = Platform.LINUX;
            }

            String user = string("chatgeist_user", "a user name").orElse(ansibleUser != null ? ansibleUser
                    : env.userName());
            String home = local && user.equals(env.userName()) ? env.home().toString()
                    : (platform == Platform.MACOS ? "/Users/" + user : user.equals("root") ? "/root" : "/home/" + user);
            String appDir = path(string("chatgeist_app_dir", "a directory path").orElse("~/chatgeist"),
                    "chatgeist_app_dir", home, local);
            String java = path(string("chatgeist_java", "the path of java on that host")
                    .orElse(local ? env.java() : "/usr/bin/java"), "chatgeist_java", home, local);

            Scheduler scheduler = scheduler(platform);
            Jobs jobs = jobs(platform, scheduler);
            String transport = string("chatgeist_transport", "sshj or jsch").orElse("sshj");
            if (!transport.equals("sshj") && !transport.equals("jsch")) {
                throw error(vars.get("chatgeist_transport"), "chatgeist_transport", "is \"" + transport + "\"",
                        "expected sshj (the default) or jsch");
            }
            Map<String, Object> plain = new LinkedHashMap<>();
            vars.forEach((k, v) -> plain.put(k, YamlNode.toPlain(v.value())));
            return new Host(name, groups, connection, platform, user, home, appDir, java, jobs, scheduler, transport,
                    Collections.unmodifiableMap(plain));
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
                p = walk.file.getParent().resolve(raw).toString();
            } else {
                throw error(vars.get(key), key, "is the relative path \"" + raw + "\"",
                        "use an absolute path or one starting with ~/ on remote hosts");
            }
            p = Path.of(p).normalize().toString();
            if (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            return p;
        }

        private Scheduler scheduler(Platform platform) throws InventoryException {
            Optional<String> text = string("chatgeist_scheduler", "cron or systemd");
            if (platform == Platform.MACOS) {
                if (text.isPresent() && !text.get().equals("launchd")) {
                    throw error(vars.get("chatgeist_scheduler"), "chatgeist_scheduler",
                            "is \"" + text.get() + "\" on a macOS host", "macOS hosts use launchd; remove the key");
                }
                return Scheduler.LAUNCHD;
            }
            if (text.isEmpty()) {
                return Scheduler.CRON;
            }
            Scheduler s = Scheduler.parse(text.get());
            if (s == null || s == Scheduler.LAUNCHD) {
                throw error(vars.get("chatgeist_scheduler"), "chatgeist_scheduler", "is \"" + text.get() + "\"",
                        "expected cron (the default on Linux) or systemd (timers)");
            }
            return s;
        }

        private Jobs jobs(Platform platform, Scheduler scheduler) throws InventoryException {
            Var v = vars.get("chatgeist_jobs");
            if (v == null) {
                return Jobs.defaults(platform);
            }
            if (v.value() instanceof YamlNode.Scalar s && Boolean.FALSE.equals(s.value())) {
                return Jobs.none();
            }
            if (!(v.value() instanceof YamlNode.Mapping m)) {
                throw error(v, "chatgeist_jobs", "must be a mapping but is " + YamlNode.describe(v.value()),
                        "write `chatgeist_jobs:` with `update:`, `sync-token:` and `bot:` below it");
            }
            Optional<Schedule> update = Optional.empty();
            Optional<Schedule> sync = Optional.empty();
            boolean bot = false;
            for (YamlNode.Entry e : m.entries().values()) {
                String key = "chatgeist_jobs." + e.key();
                Var jv = new Var(key, e.keyLocation(), e.value());
                switch (e.key()) {
                    case "update" -> update = schedule(jv, platform, scheduler);
                    case "sync-token" -> sync = schedule(jv, platform, scheduler);
                    case "bot" -> bot = botMode(jv);
                    default -> throw error(jv, key, "is not a job",
                            "jobs are " + String.join(", ", JOB_KEYS.stream().sorted().toList())
                                    + suggestion(e.key(), JOB_KEYS));
                }
            }
            return new Jobs(update, sync, bot);
        }

        private Optional<Schedule> schedule(Var v, Platform platform, Scheduler scheduler)
                throws InventoryException {
            if (v.value() instanceof YamlNode.Scalar s) {
                if (Boolean.FALSE.equals(s.value()) || s.isNull()) {
                    return Optional.empty();
                }
                if (s.value() instanceof String text) {
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
                        throw valueError(v, e.getMessage(), "")
                                ;
                    }
                    if (scheduler == Scheduler.CRON && schedule.asCron().isEmpty()) {
                        throw valueError(v, "interval \"" + text + "\" cannot be written as a cron "
                                + "schedule", "use a divisor of an hour or a day (\"15m\", \"1h\", \"4h\", \"1d\") "
                                + "or a cron expression");
                    }
                    return Optional.of(schedule);
                }
            }
            throw valueError(v, "is " + YamlNode.describe(v.value()),
                    "expected an interval such as \"30m\", \"1h\", \"4h\", \"1d\", a quoted five-field cron expression "
                            + "such as \"0 */4 * * *\", or false");
        }

        private boolean botMode(Var v) throws InventoryException {
            if (v.value() instanceof YamlNode.Scalar s) {
                if (Boolean.FALSE.equals(s.value()) || s.isNull()) {
                    return false;
                }
                if ("service".equals(s.value())) {
                    return true;
                }
            }
            throw valueError(v, "is " + YamlNode.describe(v.value()),
                    "expected service (kept running by launchd KeepAlive or a systemd service) or false")
                    ;
        }
    }

    /** ", did you mean 'x'?" for a near miss, else "". */
    static String suggestion(String typo, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(typo, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, typo.length() / 4) ? "; did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
