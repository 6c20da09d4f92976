package dev.chatgeist.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.core.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatTargetTest {
    @Test
    void usernamesInEveryForm() {
        for (String t : new String[] {
            "@durov",
            "durov",
            "t.me/durov",
            "https://t.me/durov",
            "https://t.me/durov/123",
            "http://telegram.me/durov",
            "https://t.me/s/durov",
            "https://t.me/durov?single"
        }) {
            assertThat(ChatTarget.parse(t))
                    .as(t)
                    .isInstanceOfSatisfying(
                            ChatTarget.Username.class,
                            u -> assertThat(u.username()).isEqualTo("durov"));
        }
        assertThat(ChatTarget.parse(" @durov ").text()).isEqualTo("@durov");
        assertThat(ChatTarget.parse("@durov").publicUsername()).contains("durov");
    }

    @Test
    void privateChannelLinksAndMarkedIds() {
        assertThat(ChatTarget.parse("https://t.me/c/1234567890/55"))
                .isInstanceOfSatisfying(ChatTarget.Channel.class, c -> {
                    assertThat(c.channelId()).isEqualTo(1234567890L);
                    assertThat(c.markedId()).isEqualTo(-1001234567890L);
                });
        assertThat(ChatTarget.parse("-1001234567890"))
                .isInstanceOfSatisfying(
                        ChatTarget.NumericId.class,
                        n -> assertThat(n.markedId()).isEqualTo(-1001234567890L));
        assertThat(ChatTarget.parse("-4567")).isInstanceOf(ChatTarget.NumericId.class);
        assertThat(ChatTarget.parse("777000").publicUsername()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "@",
                "@ab",
                "@1abc",
                "@with space",
                "t.me/+AbCdEf",
                "https://t.me/joinchat/AbC",
                "t.me/c/notanumber/1",
                "0",
                "99999999999999999999",
                "ftp://t.me/x",
                "https://example.com/durov"
            })
    void invalidTargetsAreRejectedWithTheAcceptedForms(String t) {
        assertThatThrownBy(() -> ChatTarget.parse(t))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("chat target");
    }

    @Test
    void inviteLinksExplainTheAlternative() {
        assertThatThrownBy(() -> ChatTarget.parse("https://t.me/+AbCdEf"))
                .hasMessageContaining("invite links")
                .hasMessageContaining("numeric id");
    }

    @Test
    void aliasesAreFileNameSafe() {
        assertThat(Alias.isValid("my_chat-2")).isTrue();
        for (String bad : new String[] {"", "../x", "a/b", "a b", "чат", "a.db", "x".repeat(65)}) {
            assertThatThrownBy(() -> Alias.check(bad))
                    .as(bad)
                    .isInstanceOf(UserException.class)
                    .hasMessageContaining("letters, digits");
        }
    }
}
