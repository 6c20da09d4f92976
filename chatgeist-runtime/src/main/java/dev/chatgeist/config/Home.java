package dev.chatgeist.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * The home directory: {@code targets.json}, {@code .env}, {@code databases/}, {@code logs/}, {@code prompts/}.
 * Chosen by {@code --home}, else {@code CHATGEIST_HOME}, else the current directory.
 */
public record Home(Path dir) {
    public Home {
        dir = dir.toAbsolutePath().normalize();
    }

    public static Home resolve(Path option, Map<String, String> environment) {
        if (option != null) {
            return new Home(option);
        }
        String fromEnv = environment.get("CHATGEIST_HOME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Home(Path.of(fromEnv));
        }
        return new Home(Path.of(""));
    }

    public Path targetsFile() {
        return dir.resolve("targets.json");
    }

    public Path envFile() {
        return dir.resolve(".env");
    }

    public Path databasesDir() {
        return dir.resolve("databases");
    }

    public Path logsDir() {
        return dir.resolve("logs");
    }

    public Path promptsDir() {
        return dir.resolve("prompts");
    }

    /** {@code databases/<alias>.db}; the alias is validated, so it cannot leave the directory. */
    public Path database(String alias) {
        return databasesDir().resolve(Alias.check(alias) + ".db");
    }

    /** Downloaded photos and files of a chat ({@code media/<alias>/}, see CHATGEIST_DOWNLOAD_MEDIA). */
    public Path mediaDir(String alias) {
        return dir.resolve("media").resolve(Alias.check(alias));
    }

    /** The Python version's dump folder of a chat ({@code export_data/<alias>/}). */
    public Path legacyExportDir(String alias) {
        return dir.resolve("export_data").resolve(Alias.check(alias));
    }
}
