package dev.chatgeist.plugin.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The hosts of one inventory file, in file order. */
public record Inventory(Path file, List<Host> hosts) {

    /**
     * The hosts matching an Ansible-style limit: comma-separated host or group names, {@code all}, or null/blank
     * for every host.
     *
     * @throws InventoryException when a name matches nothing
     */
    public List<Host> select(String limit) throws InventoryException {
        if (limit == null || limit.isBlank() || limit.trim().equals("all")) {
            return hosts;
        }
        Set<Host> out = new LinkedHashSet<>();
        for (String raw : limit.split("[,:]")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            List<Host> matched = new ArrayList<>();
            for (Host h : hosts) {
                if (h.name().equals(name) || h.groups().contains(name)) {
                    matched.add(h);
                }
            }
            if (matched.isEmpty()) {
                throw new InventoryException(
                        file,
                        0,
                        0,
                        null,
                        "has no host or group named '" + name + "' (from -Dchatgeist.limit)",
                        "use one of: "
                                + String.join(
                                        ", ", hosts.stream().map(Host::name).toList()));
            }
            out.addAll(matched);
        }
        return List.copyOf(out);
    }
}
