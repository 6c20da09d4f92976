package dev.chatgeist.plugin.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What install-local copies from the project into the app dir.
 *
 * @param runtimeJar  {@code chatgeist-runtime/target/chatgeist-runtime.jar}; must exist
 * @param targetsFile {@code targets.json}; copied when present
 * @param promptsDir  {@code prompts/}; its files are copied when it exists
 * @param envFile     {@code .env}; copied only when the app dir has none
 */
public record ProjectFiles(Path runtimeJar, Path targetsFile, Path promptsDir, Path envFile) {
    public boolean hasTargets() {
        return targetsFile != null && Files.isRegularFile(targetsFile);
    }

    public boolean hasPrompts() {
        return promptsDir != null && Files.isDirectory(promptsDir);
    }
}
