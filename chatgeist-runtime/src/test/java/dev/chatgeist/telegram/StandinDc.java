package dev.chatgeist.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/node/standin.js: a stand-in for Telegram's DCs (see that file), built on GramJS. Commands go to its
 * standard input as JSON lines; each is answered by one line.
 */
public final class StandinDc implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;
    private final JsonNode ready;

    public StandinDc(Path stateDir, int bigChatMessages) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        NodeTools.node(), "standin.js", stateDir.toString(), Integer.toString(bigChatMessages))
                .directory(NodeTools.nodeDir().toFile());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the stand-in DC exited before it was ready");
        }
        ready = JSON.readTree(line);
    }

    public int port(int dc) {
        return ready.path("dcs").path(Integer.toString(dc)).asInt();
    }

    /** The DC's port on ::1; 0 where this machine has no IPv6 loopback. */
    public int port6(int dc) {
        return ready.path("dcs6").path(Integer.toString(dc)).asInt();
    }

    public String serverKeyPath() {
        return ready.path("key").asText();
    }

    public int apiId() {
        return ready.path("apiId").asInt();
    }

    public String apiHash() {
        return ready.path("apiHash").asText();
    }

    public String loginCode() {
        return ready.path("loginCode").asText();
    }

    public String expiredCode() {
        return ready.path("expiredCode").asText();
    }

    /** The .env of a home that talks to this stand-in. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TELEGRAM_API_ID", Integer.toString(apiId()));
        env.put("TELEGRAM_API_HASH", apiHash());
        env.put("TELEGRAM_DC", "1@127.0.0.1:" + port(1));
        env.put("TELEGRAM_SERVER_KEY", serverKeyPath());
        return env;
    }

    /** {@link #env()} for the home {@code home}. */
    public Map<String, String> env(Path home) {
        Map<String, String> env = env();
        env.put("CHATGEIST_HOME", home.toString());
        return env;
    }

    public synchronized JsonNode command(String cmd, Object... kv) throws IOException {
        ObjectNode c = JSON.createObjectNode().put("cmd", cmd);
        for (int i = 0; i < kv.length; i += 2) {
            c.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
        }
        in.println(JSON.writeValueAsString(c));
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the stand-in DC exited");
        }
        JsonNode r = JSON.readTree(line);
        if (!r.path("ok").asBoolean()) {
            throw new IOException(
                    "stand-in command " + cmd + " failed: " + r.path("error").asText());
        }
        return r;
    }

    public int totalRequests() throws IOException {
        return command("stats").path("total").asInt();
    }

    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
