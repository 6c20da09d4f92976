package dev.chatgeist.plugin.render;

/**
 * One file rendered for a host.
 *
 * @param name        its install name, also its path under {@code target/chatgeist/<host>/}
 *                    ({@code com.chatgeist.update.plist}, {@code sandbox/Dockerfile}, {@code chatgeist.crontab})
 * @param installPath absolute path on the host, or null for the crontab block (installed with {@code crontab})
 * @param content     text with the "generated from" header
 * @param mode        file mode on the host
 * @param kind        what installs it
 * @param origin      the template it came from
 */
public record RenderedFile(
        String name, String installPath, String content, String mode, Kind kind, TemplateOrigin origin) {
    public enum Kind {
        LAUNCHD_AGENT,
        CRONTAB_BLOCK,
        SYSTEMD_UNIT,
        APP_FILE
    }
}
