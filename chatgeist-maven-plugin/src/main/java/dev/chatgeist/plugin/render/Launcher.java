package dev.chatgeist.plugin.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The repository's {@code bin/chatgeist}, packed into the plugin: install-local and deploy install it as
 * {@code <app_dir>/bin/chatgeist} (mode 0755), and every launchd agent, crontab line and systemd unit runs it, so
 * what a job runs is what a person types on the host.
 */
public final class Launcher {
    public static final String RESOURCE = "/dev/chatgeist/plugin/launcher/chatgeist";
    public static final String MODE = "0755";

    private Launcher() {}

    /** The launcher script's bytes. */
    public static byte[] script() {
        try (InputStream in = Launcher.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the plugin jar has no " + RESOURCE + ": it was built without the "
                        + "repository's bin/chatgeist; rebuild it with ./mvnw install");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the plugin jar", e);
        }
    }
}
