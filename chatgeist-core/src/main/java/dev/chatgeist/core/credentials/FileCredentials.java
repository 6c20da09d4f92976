package dev.chatgeist.core.credentials;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** The Claude CLI's credentials file ({@code ~/.claude/.credentials.json} on Linux). */
public final class FileCredentials implements CredentialsSource {
    /** Environment variable (or .env key) that points at another credentials file. */
    public static final String FILE_VARIABLE = "CLAUDE_CREDENTIALS_FILE";
    /** The Claude CLI keeps its files here instead of ~/.claude when this is set. */
    public static final String CONFIG_DIR_VARIABLE = "CLAUDE_CONFIG_DIR";

    private static final long MAX_SIZE = 1 << 20;

    private final Path file;

    public FileCredentials(Path file) {
        this.file = file;
    }

    /**
     * The file to read: {@code CLAUDE_CREDENTIALS_FILE} if set (a leading {@code ~/} means the user's home), else
     * {@code $CLAUDE_CONFIG_DIR/.credentials.json}, else {@code ~/.claude/.credentials.json}.
     */
    public static Path locate(Map<String, String> settings, Path userHome) {
        String explicit = settings.get(FILE_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            return expandHome(explicit.strip(), userHome);
        }
        String configDir = settings.get(CONFIG_DIR_VARIABLE);
        if (configDir != null && !configDir.isBlank()) {
            return expandHome(configDir.strip(), userHome).resolve(".credentials.json");
        }
        return userHome.resolve(".claude").resolve(".credentials.json");
    }

    private static Path expandHome(String value, Path userHome) {
        if (value.equals("~")) {
            return userHome;
        }
        if (value.startsWith("~/")) {
            return userHome.resolve(value.substring(2));
        }
        return Path.of(value);
    }

    public Path file() {
        return file;
    }

    @Override
    public ClaudeCredentials read() {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new CredentialsException(describe() + " is a directory, not the Claude credentials file: point "
                        + FILE_VARIABLE + " at the .credentials.json file");
            }
            if (Files.size(file) > MAX_SIZE) {
                throw new CredentialsException(
                        describe() + " is too large to be a Claude credentials file: check " + FILE_VARIABLE);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CredentialsException("no Claude credentials file at " + file + ": log in with the Claude CLI "
                    + "(`claude auth login`, or /login inside `claude`) as the user this job runs as, or set "
                    + FILE_VARIABLE + " to the file; on macOS the CLI keeps them in the Keychain (--from keychain)");
        } catch (AccessDeniedException e) {
            throw new CredentialsException("cannot read " + file + " (permission denied): run sync-token as the user "
                    + "who logged in to the Claude CLI");
        } catch (CharacterCodingException e) {
            throw new CredentialsException(describe() + " is not UTF-8 text: log in again with the Claude CLI");
        } catch (IOException e) {
            throw new CredentialsException("cannot read " + file + " ("
                    + e.getClass().getSimpleName() + "): check the " + "file and " + FILE_VARIABLE);
        }
        return ClaudeCredentials.parse(text, describe());
    }

    @Override
    public String describe() {
        return "credentials file " + file;
    }

    @Override
    public String kind() {
        return "file";
    }
}
