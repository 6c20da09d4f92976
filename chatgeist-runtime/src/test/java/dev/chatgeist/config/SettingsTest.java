package dev.chatgeist.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @Test
    void settingsPreferTheRealEnvironment(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve(".env"), "A=from-file\nB=from-file\n");
        Settings s = Settings.load(new Home(home), Map.of("B", "from-env"));
        assertThat(s.get("A")).contains("from-file");
        assertThat(s.get("B")).contains("from-env");
        assertThat(s.get("C")).isEmpty();
    }
}
