package dev.chatgeist.plugin.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiffAndMaskTest {
    @Test
    void unifiedDiffLooksLikeDiffU() {
        String before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        String after = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";
        assertThat(UnifiedDiff.of(before, after, "x (before)", "x (after)")).isEqualTo("""
                --- x (before)
                +++ x (after)
                @@ -1,8 +1,9 @@
                 a
                 b
                 c
                -d
                +D
                 e
                 f
                 g
                 h
                +i
                """);
        assertThat(UnifiedDiff.of("", "new\n", "a", "b")).isEqualTo("--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n");
    }

    @Test
    void secretsAreMaskedByValueByKeyNameAndByShape() {
        SecretMasker m = new SecretMasker(SecretMasker.envValues("""
                # comment
                TELEGRAM_API_HASH="0123456789abcdef"
                OTHER=short
                """));
        String text = """
                +TELEGRAM_API_HASH=0123456789abcdef
                -CLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-AAAABBBBCCCC
                {"accessToken": "abc.def", "expiresAt": 1}
                the hash 0123456789abcdef leaked into a message
                token sk-ant-api03-ZZZZYYYYXXXX in prose
                keep=short
                """;
        String masked = m.mask(text);
        assertThat(masked)
                .doesNotContain("0123456789abcdef", "sk-ant-", "abc.def")
                .contains("+TELEGRAM_API_HASH=********")
                .contains("-CLAUDE_CODE_OAUTH_TOKEN=********")
                .contains("\"accessToken\": \"********\"")
                .contains("\"expiresAt\": 1")
                .contains("keep=short");
    }

    @Test
    void secretFilesDiffByKeyOnly() {
        String d = SecretDiff.keysOnly(".env", "A_TOKEN=old\nB=1\n", "A_TOKEN=new\nC=2\n");
        assertThat(d)
                .doesNotContain("old", "new\n", "=1", "=2")
                .contains("~A_TOKEN=******** (value changed)")
                .contains("-B=********")
                .contains("+C=********");
    }

    @Test
    void crontabBlockKeepsForeignLinesAndRefusesBrokenMarkers() {
        CrontabBlock b = new CrontabBlock("chatgeist");
        String block = b.wrap("0 * * * * run\n");
        assertThat(b.apply("", block)).isEqualTo("# BEGIN chatgeist\n0 * * * * run\n# END chatgeist\n");
        assertThat(b.apply("MAILTO=x\n5 5 * * * other", block))
                .isEqualTo("MAILTO=x\n5 5 * * * other\n# BEGIN chatgeist\n0 * * * * run\n# END chatgeist\n");
        String installed = "a\n# BEGIN chatgeist\nold\n# END chatgeist\nz\n";
        assertThat(b.apply(installed, block)).isEqualTo("a\n# BEGIN chatgeist\n0 * * * * run\n# END chatgeist\nz\n");
        assertThat(b.apply(installed, null)).isEqualTo("a\nz\n");
        for (String broken : List.of(
                "# BEGIN chatgeist\nx\n",
                "# END chatgeist\n",
                "# BEGIN chatgeist\n# END chatgeist\n# BEGIN chatgeist\n# END chatgeist\n")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.apply(broken, block))
                    .hasMessageContaining("crontab -e");
        }
    }
}
