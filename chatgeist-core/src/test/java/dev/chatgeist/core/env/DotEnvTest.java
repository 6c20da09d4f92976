package dev.chatgeist.core.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {
    @Test
    void readsTheCommonDotenvForms() {
        DotEnv env = DotEnv.parse("""
                # comment
                A=plain
                export B = "double \\"quoted\\" value"
                C='single # not a comment'
                D=value # inline comment
                E=
                A=last wins
                not a line
                """);
        assertThat(env.values())
                .containsExactly(
                        Map.entry("A", "last wins"),
                        Map.entry("B", "double \"quoted\" value"),
                        Map.entry("C", "single # not a comment"),
                        Map.entry("D", "value"),
                        Map.entry("E", ""));
    }

    @Test
    void settingAKeyKeepsEveryOtherByte() {
        String text = "# secrets\r\nTELEGRAM_API_ID=123\r\n\r\nexport TOKEN='old'\r\nOTHER=x";
        String out =
                DotEnv.parse(text).with("TOKEN", "new-value").with("ADDED", "1").render();
        assertThat(out)
                .isEqualTo(
                        "# secrets\r\nTELEGRAM_API_ID=123\r\n\r\nexport TOKEN='new-value'\r\nOTHER=x\r\nADDED=1\r\n");
    }

    @Test
    void writesAtomicallyWithOwnerOnlyMode(@TempDir Path dir) throws Exception {
        Path f = dir.resolve(".env");
        DotEnv.empty().with("K", "v").writeAtomically(f);
        assertThat(Files.readString(f)).isEqualTo("K=v\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".env");
        }
    }
}
