package dev.chatgeist.token;

import dev.chatgeist.core.testing.ClaudeLogins;
import dev.chatgeist.core.testing.StandIns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A home directory, a user home with the Claude CLI's credentials file, and a bin directory of stand-ins that is the
 * whole PATH of the programs the sync starts.
 */
public final class SyncFixture {
    public final Path root;
    public final Path home;
    public final Path userHome;
    public final Path credentialsFile;
    public final StandIns standIns;

    public SyncFixture(Path root) throws IOException {
        this.root = root;
        this.home = Files.createDirectories(root.resolve("home"));
        this.userHome = Files.createDirectories(root.resolve("user"));
        this.credentialsFile = userHome.resolve(".claude").resolve(".credentials.json");
        this.standIns = new StandIns(root);
    }

    /** The environment the command sees: only the stand-ins on PATH, and the user's home. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", standIns.bin().toString());
        env.put("HOME", userHome.toString());
        return env;
    }

    public String writeCredentials(Duration validFor) throws IOException {
        return ClaudeLogins.writeCredentials(credentialsFile, validFor);
    }

    public Path envFile() {
        return home.resolve(".env");
    }

    public String env() throws IOException {
        return Files.readString(envFile(), StandardCharsets.UTF_8);
    }

    public Path log() {
        return home.resolve("logs").resolve("sync_token.log");
    }

    public String logText() throws IOException {
        return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
    }

    /** The last 4 characters of the token the stand-in Compose gave the recreated sandbox. */
    public String sandboxTokenTail() throws IOException {
        Path f = home.resolve("sandbox-token.txt");
        return Files.exists(f) ? Files.readString(f).strip() : "";
    }

    /** Every stand-in answers "all is well". */
    public void allPresent() throws IOException {
        standIns.claude(StandIns.Claude.OK, null, null);
        standIns.docker(StandIns.Docker.OK);
    }
}
