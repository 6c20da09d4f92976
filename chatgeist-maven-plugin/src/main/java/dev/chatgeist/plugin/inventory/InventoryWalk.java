package dev.chatgeist.plugin.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Ansible part of the inventory: walks {@code all} / {@code children} / {@code hosts} / {@code vars}, records
 * which groups each host is in, and merges a host's variables the way Ansible does: {@code all}, then groups by
 * depth (then name), then the host's own; a later value replaces an earlier one whole.
 */
final class InventoryWalk {
    private static final Set<String> GROUP_KEYS = Set.of("hosts", "vars", "children");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    /** One definition of a group: how deep it sits and its {@code vars:} mappings. */
    private record GroupDef(String name, int depth, List<YamlNode.Mapping> vars) {}

    private final Path file;
    private final Map<String, GroupDef> groups = new LinkedHashMap<>();
    private final Map<String, Set<String>> parents = new LinkedHashMap<>();
    private final List<String> hostOrder = new ArrayList<>();
    private final Map<String, Set<String>> hostGroups = new LinkedHashMap<>();
    private final Map<String, List<YamlNode.Mapping>> hostVars = new LinkedHashMap<>();
    private final Map<String, YamlNode.Location> hostLocation = new LinkedHashMap<>();

    private InventoryWalk(Path file) {
        this.file = file;
    }

    /** Walks the whole document; fails on the first structural error. */
    static InventoryWalk of(Path file, YamlNode root) throws InventoryException {
        InventoryWalk walk = new InventoryWalk(file);
        YamlNode.Mapping top = walk.mapping(
                root,
                null,
                "the top level of an inventory must be a mapping of groups, "
                        + "e.g. `all:` with `hosts:` and `children:`");
        for (YamlNode.Entry e : top.entries().values()) {
            walk.group(e.key(), e, null, e.key().equals("all") ? 0 : 1);
        }
        if (walk.hostOrder.isEmpty()) {
            throw new InventoryException(
                    file,
                    top.location().line(),
                    top.location().column(),
                    null,
                    "defines no hosts",
                    "add hosts under `all: hosts:` (see the repository's inventory.yaml)");
        }
        return walk;
    }

    /** Host names in the order they first appear. */
    List<String> hosts() {
        return List.copyOf(hostOrder);
    }

    YamlNode.Location location(String host) {
        return hostLocation.get(host);
    }

    /** Every group of a host with its ancestors, in Ansible's merge order: depth, then name ({@code all} first). */
    List<String> groupNames(String host) {
        return groupsOf(host).stream().map(GroupDef::name).toList();
    }

    /** The host's variables after the merge, each with the key that won. */
    Map<String, HostVar> mergedVars(String host) throws InventoryException {
        Map<String, HostVar> vars = new LinkedHashMap<>();
        for (GroupDef g : groupsOf(host)) {
            for (YamlNode.Mapping m : g.vars()) {
                merge(vars, m);
            }
        }
        for (YamlNode.Mapping m : hostVars.get(host)) {
            merge(vars, m);
        }
        return vars;
    }

    private void merge(Map<String, HostVar> vars, YamlNode.Mapping m) throws InventoryException {
        for (YamlNode.Entry e : m.entries().values()) {
            VariableNames.check(file, e);
            vars.put(e.key(), new HostVar(e.key(), e.keyLocation(), e.value()));
        }
    }

    private InventoryException error(YamlNode.Location at, String key, String problem, String fix) {
        return new InventoryException(file, at.line(), at.column(), key, problem, fix);
    }

    private YamlNode.Mapping mapping(YamlNode node, String key, String expected) throws InventoryException {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        if (node instanceof YamlNode.Scalar s && s.isNull()) {
            return YamlNode.Mapping.empty(node.location());
        }
        throw error(node.location(), key, "must be a mapping but is " + YamlNode.describe(node), expected);
    }

    private void group(String name, YamlNode.Entry entry, String parent, int depth) throws InventoryException {
        checkName(entry, "group");
        YamlNode.Mapping body = mapping(entry.value(), name, "a group holds `hosts:`, `vars:` and `children:`");
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
                case "vars" ->
                    groups.get(name)
                            .vars()
                            .add(mapping(e.value(), name + ".vars", "`vars:` holds `name: value` pairs"));
                case "hosts" -> {
                    YamlNode.Mapping hs = mapping(
                            e.value(), name + ".hosts", "`hosts:` maps host names to their variables (or to nothing)");
                    for (YamlNode.Entry h : hs.entries().values()) {
                        host(h, name);
                    }
                }
                case "children" -> {
                    YamlNode.Mapping cs =
                            mapping(e.value(), name + ".children", "`children:` maps group names to groups");
                    for (YamlNode.Entry c : cs.entries().values()) {
                        if (c.key().equals("all")) {
                            throw error(
                                    c.keyLocation(),
                                    name + ".children.all",
                                    "cannot be a child group",
                                    "`all` is the root group; rename the child");
                        }
                        group(c.key(), c, name, depth + 1);
                    }
                }
                default ->
                    throw error(
                            e.keyLocation(),
                            name + "." + e.key(),
                            "is not a group key",
                            "a group may only have "
                                    + String.join(
                                            ", ", GROUP_KEYS.stream().sorted().toList())
                                    + Suggestions.didYouMean(e.key(), GROUP_KEYS)
                                    + " (variables go under `vars:`)");
            }
        }
    }

    private void host(YamlNode.Entry h, String group) throws InventoryException {
        checkName(h, "host");
        String name = h.key();
        YamlNode.Mapping vars = mapping(
                h.value(), name, "a host maps to its variables, e.g. `ansible_host: 192.0.2.10`, or to nothing");
        if (!hostGroups.containsKey(name)) {
            hostOrder.add(name);
            hostLocation.put(name, h.keyLocation());
        }
        hostGroups.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(group);
        hostVars.computeIfAbsent(name, n -> new ArrayList<>()).add(vars);
    }

    private void checkName(YamlNode.Entry e, String what) throws InventoryException {
        if (!NAME.matcher(e.key()).matches()) {
            throw error(
                    e.keyLocation(),
                    e.key(),
                    "is not a valid " + what + " name",
                    "use letters, digits, '.', '-' and '_' only");
        }
    }

    private List<GroupDef> groupsOf(String host) {
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
