package dev.chatgeist.plugin.inventory;

import java.nio.file.Path;

/**
 * Facts about the machine Maven runs on that fill defaults of local hosts.
 *
 * @param userName the local user ({@code user.name})
 * @param home     the local home directory ({@code $HOME}), for {@code ~} in local paths
 * @param platform the local platform, the default {@code chatgeist_platform} of local hosts (may be null)
 * @param java     the java executable running Maven, the default {@code chatgeist_java} of local hosts
 */
public record LoaderEnvironment(String userName, Path home, Platform platform, String java) {
    public static LoaderEnvironment current() {
        String home = System.getenv("HOME");
        return new LoaderEnvironment(
                System.getProperty("user.name"),
                Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home),
                Platform.ofOsName(System.getProperty("os.name")),
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
