package dev.chatgeist.plugin.deploy;

import dev.chatgeist.plugin.task.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What a deploy ships from the project besides the rendered files.
 *
 * @param runtimeJar  the executable jar (must exist)
 * @param targetsFile {@code targets.json}, or null / missing to leave the host's alone
 * @param promptsDir  {@code prompts/}, or null / missing when the project has none
 * @param envFile     the local secrets ({@code .env}), or null / missing to leave the host's .env alone
 * @param runtimeJarHash the jar's SHA-256, computed in the background (started by the short constructor)
 */
public record DeployArtifacts(
        Path runtimeJar, Path targetsFile, Path promptsDir, Path envFile, CompletableFuture<String> runtimeJarHash) {
    /** Starts hashing the runtime jar in the background, so that it overlaps connecting. */
    public DeployArtifacts(Path runtimeJar, Path targetsFile, Path promptsDir, Path envFile) {
        this(runtimeJar, targetsFile, promptsDir, envFile, CompletableFuture.supplyAsync(() -> {
            try {
                return Sha256.hex(runtimeJar);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    /** The jar's SHA-256 (waits for the background hashing); throws UncheckedIOException when unreadable. */
    String jarHash() {
        try {
            return runtimeJarHash.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u;
            }
            throw e;
        }
    }

    public boolean hasTargets() {
        return targetsFile != null && Files.isRegularFile(targetsFile);
    }

    public boolean hasPrompts() {
        return promptsDir != null && Files.isDirectory(promptsDir);
    }

    public boolean hasEnv() {
        return envFile != null && Files.isRegularFile(envFile);
    }

    String envText() throws IOException {
        return Files.readString(envFile, StandardCharsets.UTF_8);
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The prompt files and folders below {@code promptsDir}, sorted, hidden ones left out. */
    List<Path> prompts() throws IOException {
        try (Stream<Path> walk = Files.walk(promptsDir)) {
            return walk.filter(p -> !p.equals(promptsDir))
                    .filter(p -> !hidden(promptsDir.relativize(p)))
                    .sorted()
                    .toList();
        }
    }
}
