package dev.chatgeist.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.core.UserException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsFileTest {
    @Test
    void readsAndWritesThePythonFormatKeepingOtherKeys(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("targets.json");
        Files.writeString(f, """
                {"chats": {"durov": "@durov", "work": "-1001234567890"}, "updated_at": "2026-01-10T10:00:00", "note": "mine"}
                """);
        TargetsFile t = TargetsFile.load(f);
        assertThat(t.chats())
                .containsExactly(java.util.Map.entry("durov", "@durov"), java.util.Map.entry("work", "-1001234567890"));
        t.put("news", ChatTarget.parse("t.me/news_chan"));
        t.remove("durov");
        t.save();
        JsonNode root = new ObjectMapper().readTree(f.toFile());
        assertThat(root.get("chats").toString()).isEqualTo("{\"work\":\"-1001234567890\",\"news\":\"t.me/news_chan\"}");
        assertThat(root.get("note").asText()).isEqualTo("mine");
        assertThat(root.get("updated_at").asText()).isNotEqualTo("2026-01-10T10:00:00");
    }

    @Test
    void corruptFileIsReportedWithItsPositionAndNeverOverwritten(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("targets.json");
        String broken = "{\"chats\": {\"durov\": \"@durov\",, }\n";
        Files.writeString(f, broken);
        assertThatThrownBy(() -> TargetsFile.load(f))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("not valid JSON (line 1")
                .hasMessageContaining("It was not changed");
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo(broken);
    }

    @Test
    void wrongShapesAreExplained(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("targets.json");
        Files.writeString(f, "[1, 2]");
        assertThatThrownBy(() -> TargetsFile.load(f)).hasMessageContaining("must hold a JSON object");
        Files.writeString(f, "{\"chats\": [\"@durov\"]}");
        assertThatThrownBy(() -> TargetsFile.load(f)).hasMessageContaining("\"chats\" must be an object");
        Files.writeString(f, "{\"chats\": {\"../evil\": \"@durov\"}}");
        assertThatThrownBy(() -> TargetsFile.load(f)).hasMessageContaining("invalid alias '../evil'");
        Files.writeString(f, "");
        assertThatThrownBy(() -> TargetsFile.load(f)).hasMessageContaining("is empty");
    }

    @Test
    void missingFileIsEmptyAndCreatedOnSave(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("targets.json");
        TargetsFile t = TargetsFile.load(f);
        assertThat(t.chats()).isEmpty();
        assertThatThrownBy(() -> t.targetOf("x"))
                .hasMessageContaining("unknown chat 'x'")
                .hasMessageContaining("chats add");
        t.put("x", ChatTarget.parse("@xxxx_chat"));
        t.save();
        assertThat(TargetsFile.load(f).chats()).containsKey("x");
    }

    @Test
    void numericTargetsNestedOtherKeysAndUnusualShapesAreReadLikePythonsJsonLoad(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("targets.json");
        Files.writeString(f, """
                {"extra": {"deep": [1, {"x": null}], "s": "тест"},
                 "chats": {"a": "@first"},
                 "chats": {"work": -1001234567890, "big": 123456789012345678901234567890},
                 "updated_at": "2026-01-10T10:00:00"}
                """);
        TargetsFile t = TargetsFile.load(f);
        assertThat(t.chats())
                .as("a repeated key: the last one counts")
                .containsExactly(
                        java.util.Map.entry("work", "-1001234567890"),
                        java.util.Map.entry("big", "123456789012345678901234567890"));
        t.save();
        JsonNode root = new ObjectMapper().readTree(f.toFile());
        assertThat(root.get("extra").toString()).isEqualTo("{\"deep\":[1,{\"x\":null}],\"s\":\"тест\"}");
        assertThat(root.get("chats").get("work").asText()).isEqualTo("-1001234567890");

        Files.writeString(f, "{\"chats\": null, \"updated_at\": \"x\"}");
        assertThat(TargetsFile.load(f).chats()).isEmpty();
        Files.writeString(f, "{\"chats\": {\"a\": 1.5}}");
        assertThatThrownBy(() -> TargetsFile.load(f)).hasMessageContaining("the target of 'a' must be a string");
        Files.writeString(f, "\"@durov\"");
        assertThatThrownBy(() -> TargetsFile.load(f)).hasMessageContaining("found string");
        Files.writeString(f, "{\"chats\": {\"a\": \"@abcde\"}");
        assertThatThrownBy(() -> TargetsFile.load(f)).hasMessageContaining("not valid JSON");
    }
}
