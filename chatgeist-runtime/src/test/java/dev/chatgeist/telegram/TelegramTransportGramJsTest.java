package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GramJS's own TelegramClient (src/test/node/gramjs-download.js) logs in to the stand-in DC (standing for Telegram's
 * production DCs) and downloads a chat's whole history over each transport GramJS has — full, abridged, obfuscated
 * abridged, and through the stand-in MTProxy (standing for the official MTProxy server): the stand-in speaks
 * Telegram, not only what our client sends. Its rows must equal the stand-in's expected history.
 */
class TelegramTransportGramJsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "00112233445566778899aabbccddeeff";
    static final List<String> FIELDS =
            List.of("id", "timestamp", "message", "sender_id", "reply_to_msg_id", "views", "is_service");

    @RegisterExtension
    static final StandinDcExtension STANDIN = new StandinDcExtension(3_000, 30);

    static StandinDc dc;

    @BeforeAll
    static void start() {
        dc = STANDIN.dc();
    }

    static List<String> rows(Path jsonl) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            ObjectNode o = JSON.createObjectNode();
            for (String f : FIELDS) {
                o.set(f, n.path(f).isMissingNode() ? JSON.nullNode() : n.get(f));
            }
            rows.add(o.toString());
        }
        return rows;
    }

    JsonNode gramjs(Path dir, String connection, int proxyPort) throws Exception {
        ObjectNode a = JSON.createObjectNode()
                .put("host", "127.0.0.1")
                .put("port", dc.port(1))
                .put("dc", 1)
                .put("keyPem", dc.serverKeyPath())
                .put("apiId", dc.apiId())
                .put("apiHash", dc.apiHash())
                .put("phone", "+15550001")
                .put("code", dc.loginCode())
                .put("chat", "bigchat")
                .put("out", dir.resolve("gramjs.jsonl").toString())
                .put("connection", connection)
                .put("proxyPort", proxyPort)
                .put("proxySecret", SECRET);
        a.putObject("ports").put("1", dc.port(1)).put("2", dc.port(2));
        Process p = new ProcessBuilder(NodeTools.node(), "gramjs-download.js", JSON.writeValueAsString(a))
                .directory(NodeTools.nodeDir().toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        JsonNode r = JSON.readTree(out.strip().lines().reduce((x, y) -> y).orElse("{}"));
        assertThat(r.path("ok").asBoolean()).as("GramJS said: " + out).isTrue();
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"full, full", "abridged, abridged", "obfuscated, obfuscated/abridged", "mtproxy, abridged"})
    void gramJsDownloadsTheWholeHistory(String connection, String transportSeen, @TempDir Path dir) throws Exception {
        int before = dc.command("transports").path("seen").path(transportSeen).asInt();
        int proxyEvents = dc.command("transports").path("proxy").size();
        int proxyPort = connection.equals("mtproxy")
                ? dc.command("mtproxy", "secret", SECRET).path("port").asInt()
                : 0;
        JsonNode r = gramjs(dir, connection, proxyPort);
        Path expected = dir.resolve("expected.jsonl");
        dc.command("expected", "chat", "bigchat", "file", expected.toString());
        assertThat(r.path("messages").asInt()).isEqualTo(3_000);
        assertThat(rows(dir.resolve("gramjs.jsonl"))).isEqualTo(rows(expected));
        assertThat(dc.command("transports").path("seen").path(transportSeen).asInt())
                .isGreaterThan(before);
        if (connection.equals("mtproxy")) {
            JsonNode events = dc.command("transports").path("proxy");
            assertThat(events.size()).isGreaterThan(proxyEvents);
            assertThat(events.get(events.size() - 1).path("event").asText()).isEqualTo("mtproxy_forward");
        }
    }
}
