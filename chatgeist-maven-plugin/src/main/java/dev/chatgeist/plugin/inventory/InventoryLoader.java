package dev.chatgeist.plugin.inventory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an Ansible YAML inventory into {@link Host}s: {@link YamlReader} keeps every node's location,
 * {@link InventoryWalk} walks groups and merges variables as Ansible does, {@link HostSettings} turns each host's
 * variables into checked settings ({@link ValueRules} for the values that reach rendered files). Every error names
 * file, line, column and key.
 */
public final class InventoryLoader {
    private final LoaderEnvironment env;

    public InventoryLoader(LoaderEnvironment env) {
        this.env = env;
    }

    public Inventory load(Path file) throws InventoryException {
        Path abs = file.toAbsolutePath().normalize();
        try (Reader r = Files.newBufferedReader(abs, StandardCharsets.UTF_8)) {
            return parse(abs, r);
        } catch (NoSuchFileException e) {
            throw new InventoryException(
                    abs,
                    0,
                    0,
                    null,
                    "does not exist",
                    "create it (the repository's inventory.yaml is an example) or point -Dchatgeist.inventory at yours");
        } catch (IOException e) {
            throw new InventoryException(
                    abs, 0, 0, null, "cannot be read: " + e.getMessage(), "check the file's permissions");
        }
    }

    public Inventory parse(Path file, String yaml) throws InventoryException {
        return parse(file, new StringReader(yaml));
    }

    private Inventory parse(Path file, Reader reader) throws InventoryException {
        InventoryWalk walk = InventoryWalk.of(file, new YamlReader().read(file, reader));
        List<Host> hosts = new ArrayList<>();
        for (String name : walk.hosts()) {
            HostVars vars = new HostVars(file, name, walk.location(name), walk.mergedVars(name));
            hosts.add(new HostSettings(env, vars, name).build(walk.groupNames(name)));
        }
        return new Inventory(file, List.copyOf(hosts));
    }
}
