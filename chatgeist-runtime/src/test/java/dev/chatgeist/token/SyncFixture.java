package dev.chatgeist.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A home directory, a user home with the Claude CLI's credentials file, and a bin directory of stand-ins that is the
 * whole PATH of the programs the sync starts.
 */
public final class SyncFixture {
    private static final SecureRandom RANDOM = new SecureRandom();

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

    /** A token shaped like a real Claude OAuth access token, different every time. */
    public static String newToken(String kind) {
        byte[] b = new byte[60];
        RANDOM.nextBytes(b);
        return "sk-ant-" + kind + "01-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String json(String accessToken, String refreshToken, Instant expiresAt) {
        return "{\"claudeAiOauth\":{\"accessToken\":\"" + accessToken + "\",\"refreshToken\":\"" + refreshToken
                + "\",\"expiresAt\":" + expiresAt.toEpochMilli() + ",\"scopes\":[\"user:inference\","
                + "\"user:profile\"],\"subscriptionType\":\"max\"}}";
    }

    /** Writes fresh credentials valid for {@code validFor} to {@code file}; returns the access token. */
    public static String writeCredentials(Path file, Duration validFor) throws IOException {
        String token = newToken("oat");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json(token, newToken("ort"), Instant.now().plus(validFor)), StandardCharsets.UTF_8);
        return token;
    }

    public String writeCredentials(Duration validFor) throws IOException {
        return writeCredentials(credentialsFile, validFor);
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
