package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Inventory;
import dev.chatgeist.plugin.inventory.InventoryException;
import dev.chatgeist.plugin.inventory.InventoryLoader;
import dev.chatgeist.plugin.inventory.LoaderEnvironment;
import dev.chatgeist.plugin.inventory.Platform;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.render.RenderException;
import dev.chatgeist.plugin.render.TemplateEngine;
import dev.chatgeist.plugin.task.SecretMasker;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** Parameters every goal shares, and the steps they share: load the inventory, pick hosts, build the renderer. */
abstract class AbstractChatgeistMojo extends AbstractMojo {
    /** The Ansible YAML inventory (all/children/hosts/vars) describing the machines. */
    @Parameter(property = "chatgeist.inventory", defaultValue = "${project.basedir}/inventory.yaml")
    File inventory;

    /**
     * Limit the run to these hosts or groups (comma-separated names, as Ansible's --limit). install-local,
     * uninstall-local and status need it when the inventory has more than one local host.
     */
    @Parameter(property = "chatgeist.limit")
    String limit;

    /** Check mode: report what would change (ok/changed) and change nothing. */
    @Parameter(property = "chatgeist.check", defaultValue = "false")
    boolean check;

    /** Diff mode: print a unified diff of every changed file; secret values are masked. */
    @Parameter(property = "chatgeist.diff", defaultValue = "false")
    boolean diff;

    /** Skip the goal. */
    @Parameter(property = "chatgeist.skip", defaultValue = "false")
    boolean skip;

    /**
     * The project's template overrides: a file here replaces the built-in template of the same name
     * (e.g. com.chatgeist.update.plist.ftl, crontab.ftl, chatgeist-bot.service.ftl).
     */
    @Parameter(property = "chatgeist.templates", defaultValue = "${project.basedir}/templates")
    File templates;

    Inventory loadInventory() throws MojoFailureException {
        try {
            return new InventoryLoader(LoaderEnvironment.current()).load(inventory.toPath());
        } catch (InventoryException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    List<Host> selectHosts(Inventory inv) throws MojoFailureException {
        try {
            return inv.select(limit);
        } catch (InventoryException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    HostRenderer renderer() throws MojoFailureException {
        try {
            return new HostRenderer(new TemplateEngine(templates == null ? null : templates.toPath()));
        } catch (RenderException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    /** The one host with {@code ansible_connection: local} among the selected ones, on a matching platform. */
    Host localHost(Inventory inv) throws MojoFailureException {
        List<Host> selected = selectHosts(inv);
        List<Host> local = selected.stream().filter(Host::isLocal).toList();
        if (local.isEmpty()) {
            throw new MojoFailureException("No local host among " + names(selected) + " in " + inv.file()
                    + ": add a host with `ansible_connection: local` (see the commented `local` host in the "
                    + "repository's inventory.yaml) or use chatgeist:deploy for SSH hosts.");
        }
        if (local.size() > 1) {
            throw new MojoFailureException("Several local hosts in " + inv.file() + ": " + names(local)
                    + "; choose one with -Dchatgeist.limit=<host>.");
        }
        Host host = local.get(0);
        Platform here = Platform.ofOsName(System.getProperty("os.name"));
        if (here != host.platform()) {
            throw new MojoFailureException("Host '" + host.name() + "' is "
                    + host.platform().id()
                    + " but this machine runs " + System.getProperty("os.name") + ": run on that machine, or pick "
                    + "the host for this one with -Dchatgeist.limit=<host> (the repository's inventory.yaml has a "
                    + "commented `local` host for Linux).");
        }
        return host;
    }

    static String names(List<Host> hosts) {
        return String.join(", ", hosts.stream().map(Host::name).toList());
    }

    /** Masks the values of the project's and the app dir's .env files in everything printed. */
    static SecretMasker masker(Path... envFiles) throws MojoExecutionException {
        List<String> secrets = new ArrayList<>();
        for (Path p : envFiles) {
            if (p != null && Files.isRegularFile(p)) {
                try {
                    secrets.addAll(SecretMasker.envValues(Files.readString(p, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new MojoExecutionException("cannot read " + p + ": " + e.getMessage(), e);
                }
            }
        }
        return new SecretMasker(secrets);
    }
}
