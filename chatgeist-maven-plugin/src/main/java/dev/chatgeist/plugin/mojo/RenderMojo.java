package dev.chatgeist.plugin.mojo;

import dev.chatgeist.plugin.inventory.Host;
import dev.chatgeist.plugin.inventory.Inventory;
import dev.chatgeist.plugin.render.HostRenderer;
import dev.chatgeist.plugin.render.RenderException;
import dev.chatgeist.plugin.render.RenderedFile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Renders every selected host's files (launchd plists, the crontab block, systemd units, docker-compose.yml and
 * the sandbox's Dockerfile) into target/chatgeist/HOST/ under the names they are installed with, and prints the
 * list. No side effects outside that folder.
 */
@Mojo(name = "render", aggregator = true, threadSafe = true)
public final class RenderMojo extends AbstractChatgeistMojo {
    /** Where the rendered files go, one folder per host. */
    @Parameter(property = "chatgeist.outputDirectory", defaultValue = "${project.build.directory}/chatgeist")
    File outputDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("chatgeist:render skipped (chatgeist.skip)");
            return;
        }
        Inventory inv = loadInventory();
        HostRenderer renderer = renderer();
        for (Host host : selectHosts(inv)) {
            List<RenderedFile> files;
            try {
                files = renderer.render(host);
            } catch (RenderException e) {
                throw new MojoFailureException("host " + host.name() + ": " + e.getMessage(), e);
            }
            Path dir = outputDirectory.toPath().resolve(host.name());
            try {
                deleteTree(dir);
                for (RenderedFile f : files) {
                    Path out = dir.resolve(f.name());
                    Files.createDirectories(out.getParent());
                    Files.writeString(out, f.content(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new MojoExecutionException("cannot write " + dir + ": " + e.getMessage(), e);
            }
            getLog().info(host.name() + " (" + host.platform().id() + ", "
                    + host.connection().describe() + "):");
            for (RenderedFile f : files) {
                getLog().info(String.format(
                        "  %-40s -> %s  [%s]",
                        dir.resolve(f.name()),
                        f.installPath() == null ? "crontab of " + host.user() : f.installPath(),
                        f.origin().builtIn()
                                ? "built-in " + f.origin().name()
                                : "templates/" + f.origin().name()));
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
