package dev.chatgeist.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plain-Java pieces of the bot: skills, Telegram HTML, settings, bot.db, the quota, callback data. */
class BotUnitsTest {
    @TempDir
    Path dir;

    @Test
    void skillsAreChosenByUkrainianAndRussianTriggerWords() {
        assertThat(Skill.detect("Досьє на @olena_k")).isEqualTo(Skill.DOSSIER);
        assertThat(Skill.detect("кто такой @taras?")).isEqualTo(Skill.DOSSIER);
        assertThat(Skill.detect("Хто така Олена?")).isEqualTo(Skill.DOSSIER);
        assertThat(Skill.detect("Топ-10 кафе")).isEqualTo(Skill.TOP);
        assertThat(Skill.detect("Які найкращі барбершопи?")).isEqualTo(Skill.TOP);
        assertThat(Skill.detect("лучшие стоматологи")).isEqualTo(Skill.TOP);
        assertThat(Skill.detect("Знайди, де писали про оренду")).isEqualTo(Skill.SEARCH);
        assertThat(Skill.detect("Где упоминается NIE?")).isEqualTo(Skill.SEARCH);
        assertThat(Skill.detect("Хто писав про банки?")).isEqualTo(Skill.SEARCH);
        assertThat(Skill.detect("Скільки повідомлень?")).isEqualTo(Skill.GENERAL);
        assertThat(Skill.detect("стоп, а скільки людей?"))
                .as("'топ' inside a word")
                .isEqualTo(Skill.GENERAL);
    }

    @Test
    void markdownBecomesTheHtmlTelegramAccepts() {
        String html = TelegramHtml.render("""
                # Підсумок
                **Олена** пише _найбільше_ — `412` <script>. [посилання](https://t.me/c/1) і [погане](javascript:x)

                - перше
                - друге & третє

                | Хто | Скільки |
                |---|---|
                | Олена | 412 |

                > цитата
                """);
        assertThat(html)
                .contains(
                        "<b>Підсумок</b>",
                        "<b>Олена</b> пише <i>найбільше</i> — <code>412</code> &lt;script&gt;.",
                        "<a href=\"https://t.me/c/1\">посилання</a> і погане",
                        "• перше\n• друге &amp; третє",
                        "<pre>Хто   │ Скільки\n",
                        "Олена │ 412</pre>",
                        "<blockquote>цитата</blockquote>");
    }

    @Test
    void settingsComeFromEnvWithClearErrors() {
        BotSettings s = BotSettings.from(
                Settings.of(Map.of(
                        "TELEGRAM_BOT_TOKEN",
                        "1:abc",
                        "CHATGEIST_WHITELIST",
                        "1, 2;3",
                        "CHATGEIST_ALLOWED_USERS",
                        "7")),
                ZoneId.of("UTC"));
        assertThat(s.whitelist()).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(s.allowed(7)).isTrue();
        assertThat(s.allowed(2)).as("whitelisted users are allowed").isTrue();
        assertThat(s.allowed(8)).isFalse();
        assertThat(s.dailyLimit()).isEqualTo(5);
        assertThat(s.maxConcurrent()).isEqualTo(3);
        assertThat(s.apiUrl().toString()).isEqualTo("https://api.telegram.org");
        assertThat(s.toString()).doesNotContain("1:abc");
        assertThatThrownBy(() -> BotSettings.from(Settings.of(Map.of()), ZoneId.of("UTC")))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("@BotFather");
        assertThatThrownBy(() -> BotSettings.from(
                        Settings.of(Map.of("TELEGRAM_BOT_TOKEN", "1:abc", "CHATGEIST_WHITELIST", "12, @olena")),
                        ZoneId.of("UTC")))
                .hasMessageContaining("CHATGEIST_WHITELIST holds '@olena'");
        assertThatThrownBy(() -> BotSettings.from(
                        Settings.of(Map.of("TELEGRAM_BOT_TOKEN", "1:abc", "TELEGRAM_BOT_API_URL", "localhost")),
                        ZoneId.of("UTC")))
                .hasMessageContaining("TELEGRAM_BOT_API_URL");
        assertThatThrownBy(() -> BotSettings.from(
                        Settings.of(Map.of("TELEGRAM_BOT_TOKEN", "1:abc", "CHATGEIST_ANALYST", "gpt")),
                        ZoneId.of("UTC")))
                .hasMessageContaining("CHATGEIST_ANALYST must be api");
    }

    @Test
    void botDbKeepsCountersChoicesAndChains() {
        Path db = dir.resolve("bot.db");
        LocalDate day = LocalDate.of(2026, 1, 10);
        try (BotStore s = BotStore.open(db)) {
            assertThat(s.tryConsume(1, day, 2)).isTrue();
            assertThat(s.tryConsume(1, day, 2)).isTrue();
            assertThat(s.tryConsume(1, day, 2)).isFalse();
            s.refund(1, day);
            s.chooseChat(1, "other");
            s.saveAnswer(new BotStore.StoredAnswer(1, 10, "q1", "a1", List.of("chat"), null));
            s.saveAnswer(new BotStore.StoredAnswer(1, 12, "q2", "a2", List.of("chat", "other"), 10));
        }
        try (BotStore s = BotStore.open(db)) {
            assertThat(s.used(1, day)).isEqualTo(1);
            assertThat(s.used(1, day.plusDays(1))).isZero();
            assertThat(s.chosenChat(1)).contains("other");
            assertThat(s.chain(1, 12, 10))
                    .extracting(BotStore.StoredAnswer::question)
                    .containsExactly("q1", "q2");
            assertThat(s.chain(1, 12, 1))
                    .extracting(BotStore.StoredAnswer::question)
                    .containsExactly("q2");
            assertThat(s.answer(1, 12).orElseThrow().databases()).containsExactly("chat", "other");
        }
    }

    @Test
    void theDailyQuotaCountsRefundsAndSparesTheWhitelist() {
        BotSettings settings = BotSettings.from(
                Settings.of(Map.of(
                        "TELEGRAM_BOT_TOKEN", "1:abc", "CHATGEIST_DAILY_LIMIT", "2", "CHATGEIST_WHITELIST", "9")),
                ZoneId.of("UTC"));
        try (BotStore store = BotStore.open(dir.resolve("bot.db"))) {
            DailyQuota quota = new DailyQuota(store, settings);
            DailyQuota.Ticket first = quota.tryConsume(1).orElseThrow();
            assertThat(first).isEqualTo(new DailyQuota.Ticket(1, LocalDate.now(ZoneId.of("UTC")), true));
            assertThat(quota.exhausted(1)).isFalse();
            assertThat(quota.tryConsume(1)).isPresent();
            assertThat(quota.exhausted(1)).isTrue();
            assertThat(quota.tryConsume(1)).as("the third question of the day").isEmpty();
            quota.refund(first);
            assertThat(quota.used(1)).isEqualTo(1);
            assertThat(quota.tryConsume(1))
                    .as("the refunded question can be asked again")
                    .isPresent();
            for (int i = 0; i < 5; i++) {
                assertThat(quota.tryConsume(9).orElseThrow().counted())
                        .as("whitelisted: never counted")
                        .isFalse();
            }
            assertThat(quota.used(9)).isZero();
            assertThat(quota.exhausted(9)).isFalse();
        }
    }

    @Test
    void callbackDataRoundTripsWithinTelegramsLimitAndOddDataIsUnknown() {
        List<CallbackData> all = List.of(
                CallbackData.ChooseChat.of(3, "my-chat_2"),
                new CallbackData.Cancel(17),
                new CallbackData.DossierToggle(4, 2),
                new CallbackData.DossierAll(4),
                new CallbackData.DossierGo(4));
        for (CallbackData d : all) {
            assertThat(CallbackData.parse(d.encode())).isEqualTo(d);
        }
        CallbackData.ChooseChat longAlias = CallbackData.ChooseChat.of(999, "a".repeat(200));
        assertThat(longAlias.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .as("aliases are ASCII; Telegram takes at most 64 bytes")
                .isLessThanOrEqualTo(64);
        assertThat(CallbackData.parse(longAlias.encode())).isEqualTo(longAlias);
        assertThat(CallbackData.parse(new CallbackData.Cancel(1).encode().replace("1", "one")))
                .as("a number that does not parse names no job")
                .isEqualTo(new CallbackData.Cancel(-1));
        String pickAll = new CallbackData.DossierAll(1).encode();
        String noStep = pickAll.substring(0, pickAll.lastIndexOf(':'));
        for (String odd : new String[] {"", "?", noStep, pickAll + "q", pickAll + ":q"}) {
            assertThat(CallbackData.parse(odd)).isEqualTo(new CallbackData.Unknown(odd));
        }
        assertThat(CallbackData.parse(null)).isEqualTo(new CallbackData.Unknown(null));
    }

    @Test
    void homePromptsOverrideTheShippedOnesFileByFile() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("prompts"));
        java.nio.file.Files.writeString(dir.resolve("prompts/top.md"), "Мій топ.");
        Prompts p = new Prompts(dir.resolve("prompts"));
        String top = p.system(Skill.TOP, List.of("chat"), LocalDate.of(2026, 1, 10));
        assertThat(top)
                .contains("CREATE TABLE IF NOT EXISTS messages", "Today is 2026-01-10")
                .endsWith("Мій топ.");
        assertThat(p.system(Skill.SEARCH, List.of("a", "b"), LocalDate.of(2026, 1, 10)))
                .contains("Skill: search", "Databases you may query: a, b")
                .doesNotContain("{{");
    }

    @Test
    void englishTextsAreTheSecondLanguage() {
        assertThat(new Texts(java.util.Locale.ENGLISH).get("current", "<chat>"))
                .isEqualTo("Current chat: <b>&lt;chat&gt;</b>");
        assertThat(new Texts(java.util.Locale.forLanguageTag("uk")).get("current", "x"))
                .isEqualTo("Поточний чат: <b>x</b>");
    }
}
