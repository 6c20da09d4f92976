package dev.chatgeist.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chatgeist.core.UserException;
import dev.chatgeist.core.secret.Secrets;
import dev.chatgeist.core.testing.ClaudeLogins;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClaudeCredentialsTest {
    private static final String TOKEN = ClaudeLogins.newToken("oat");
    private static final String REFRESH = ClaudeLogins.newToken("ort");

    @Test
    void readsTheClaudeCliJson() {
        Instant exp = Instant.parse("2026-03-01T10:15:30.123Z");
        ClaudeCredentials c = ClaudeCredentials.parse(ClaudeLogins.json(TOKEN, REFRESH, exp), "test");
        assertThat(c.accessToken()).isEqualTo(TOKEN);
        assertThat(c.refreshTokenIfAny()).contains(REFRESH);
        assertThat(c.expiresAt()).isEqualTo(exp);
        assertThat(c.json()).contains("subscriptionType"); // the whole document, for --credentials-out
        assertThat(c.remaining(exp.minus(Duration.ofMinutes(90)))).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void expiresAtAsDigitsInAStringIsAccepted() {
        ClaudeCredentials c = ClaudeCredentials.parse(
                "{\"claudeAiOauth\":{\"accessToken\":\"" + TOKEN + "\",\"expiresAt\":\"1767225600000\"}}", "t");
        assertThat(c.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(c.refreshTokenIfAny()).isEmpty();
    }

    @Test
    void toStringShowsOnlyTheLastFourCharacters() {
        ClaudeCredentials c = ClaudeCredentials.parse(ClaudeLogins.json(TOKEN, REFRESH, Instant.now()), "t");
        assertThat(c.toString())
                .doesNotContain(TOKEN)
                .doesNotContain(REFRESH)
                .contains("…" + TOKEN.substring(TOKEN.length() - 4));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "{\"claudeAiOauth\": {\"accessToken\": \"TOKEN\", ",
                "{\"claudeAiOauth\": {\"accessToken\": TOKEN}}",
                "[\"TOKEN\"]",
                "{}",
                "{\"claudeAiOauth\": \"TOKEN\"}",
                "{\"claudeAiOauth\": {\"refreshToken\": \"TOKEN\", \"expiresAt\": 1}}",
                "{\"claudeAiOauth\": {\"accessToken\": \"\", \"expiresAt\": 1}}",
                "{\"claudeAiOauth\": {\"accessToken\": 42, \"expiresAt\": 1}}",
                "{\"claudeAiOauth\": {\"accessToken\": \"TOKEN\"}}",
                "{\"claudeAiOauth\": {\"accessToken\": \"TOKEN\", \"expiresAt\": \"soon\"}}",
                "{\"claudeAiOauth\": {\"accessToken\": \"TOKEN\", \"expiresAt\": 1.5}}",
                "{\"claudeAiOauth\": {\"accessToken\": \"TOKEN with space\", \"expiresAt\": 1}}",
                "{\"claudeAiOauth\": {\"accessToken\": \"TOKEN\\nX=1\", \"expiresAt\": 1}}",
                "{\"apiKey\": \"TOKEN\"}"
            })
    void badDocumentsAreRefusedWithAFixAndWithoutTheToken(String template) {
        String json = template.replace("TOKEN", TOKEN);
        Throwable t = catchThrowable(() -> ClaudeCredentials.parse(json, "credentials file /x/.credentials.json"));
        assertThat(t).isInstanceOf(CredentialsException.class);
        assertThat(((CredentialsException) t).exitCode()).isEqualTo(3);
        assertThat(t.getMessage())
                .startsWith("credentials file /x/.credentials.json")
                .contains("claude auth login")
                .doesNotContain(TOKEN)
                .doesNotContain(TOKEN.substring(7, 30));
        assertThat(t.getCause()).isNull(); // Jackson's exception quotes the input
    }

    @Test
    void theMessageSaysWhichFieldIsMissing() {
        assertThatThrownBy(() -> ClaudeCredentials.parse("{\"claudeAiOauth\":{\"expiresAt\":1}}", "f"))
                .hasMessageContaining("claudeAiOauth.accessToken");
        assertThatThrownBy(() -> ClaudeCredentials.parse("{\"claudeAiOauth\":{\"accessToken\":\"abc\"}}", "f"))
                .hasMessageContaining("claudeAiOauth.expiresAt");
        assertThatThrownBy(() -> ClaudeCredentials.parse("{\"x\":1}", "f"))
                .hasMessageContaining("no claudeAiOauth object");
        assertThatThrownBy(() -> ClaudeCredentials.parse("{\n\"claudeAiOauth\": nope", "f"))
                .hasMessageContaining("not valid JSON (line 2");
    }

    @Test
    void secretsAreScrubbedFromRelayedText() {
        String text = "error: token " + TOKEN + " rejected; other sk-ant-api03-abcdefghijkl seen; refresh " + REFRESH;
        String s = Secrets.scrub(text, List.of(TOKEN, REFRESH));
        assertThat(s)
                .doesNotContain(TOKEN)
                .doesNotContain(REFRESH)
                .doesNotContain("abcdefghijkl")
                .contains("[redacted]")
                .contains("sk-ant-[redacted]");
        assertThat(Secrets.tail(TOKEN)).isEqualTo("…" + TOKEN.substring(TOKEN.length() - 4));
        assertThat(Secrets.tail("short")).isEqualTo("…");
        assertThat(Secrets.lastLine("first\n  second line  \n\n", List.of())).isEqualTo("second line");
    }

    @Test
    void sourceKindDefaultsFollowTheOperatingSystem() {
        assertThat(CredentialsSourceKind.defaultFor("Mac OS X")).isEqualTo(CredentialsSourceKind.KEYCHAIN);
        assertThat(CredentialsSourceKind.defaultFor("Linux")).isEqualTo(CredentialsSourceKind.FILE);
        assertThat(CredentialsSourceKind.defaultFor(null)).isEqualTo(CredentialsSourceKind.FILE);
        assertThat(CredentialsSourceKind.parse(" Keychain ", "--from")).isEqualTo(CredentialsSourceKind.KEYCHAIN);
        assertThat(CredentialsSourceKind.chosen(null, "Mac OS X", "--from")).isEqualTo(CredentialsSourceKind.KEYCHAIN);
        assertThat(CredentialsSourceKind.chosen(" ", "Linux", "--from")).isEqualTo(CredentialsSourceKind.FILE);
        assertThat(CredentialsSourceKind.chosen("file", "Mac OS X", "--from")).isEqualTo(CredentialsSourceKind.FILE);
        assertThatThrownBy(() -> CredentialsSourceKind.chosen("vault", "Linux", "chatgeist.credentialsFrom"))
                .isInstanceOf(UserException.class)
                .hasMessage("chatgeist.credentialsFrom must be keychain or file, not 'vault'");
    }
}
