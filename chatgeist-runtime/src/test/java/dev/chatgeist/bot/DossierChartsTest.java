package dev.chatgeist.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.analyst.Answer;
import dev.chatgeist.analyst.Cancellation;
import dev.chatgeist.testing.TestArchives;
import dev.chatgeist.testing.TestCharts;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whose dossier it is and where its two charts go, on real archives through the real sandbox and renderer. */
class DossierChartsTest {
    @TempDir
    static Path dir;

    static DossierCharts dossier;

    @BeforeAll
    static void archives() {
        TestArchives.build(dir.resolve("databases"), "chat", 300);
        TestArchives.build(dir.resolve("databases"), "other", 30);
        Locale uk = Locale.forLanguageTag("uk");
        dossier = new DossierCharts(
                TestCharts.tools(dir.resolve("databases")), new Texts(uk), uk, ZoneId.of("Europe/Kyiv"));
    }

    static long who(String question, String answer) {
        return dossier.person(question, answer, List.of("chat", "other"), new Cancellation())
                .map(DossierCharts.Person::senderId)
                .orElse(-1L);
    }

    @Test
    void thePersonIsFoundByUsernameIdOrDeclinedName() {
        assertThat(who("Досьє на @OLENA_K", "")).isEqualTo(TestArchives.OLENA.id());
        assertThat(who("хто такий 102?", "")).isEqualTo(TestArchives.TARAS.id());
        assertThat(who("Розкажи все про Івана Петренка", "")).isEqualTo(TestArchives.IVAN.id());
        assertThat(who("Досьє на Тараса", "")).isEqualTo(TestArchives.TARAS.id());
        assertThat(who("Досьє на неї", "## Хто це\n@ivan_p, id 103")).isEqualTo(TestArchives.IVAN.id());
        assertThat(who("Досьє на @nobody_here", "Такої людини немає.")).isEqualTo(-1L);
    }

    @Test
    void theTwoChartsFollowTheActivityHeading() throws Exception {
        Answer a = dossier.add(
                new Answer("# Досьє\n\n## Хто це\nОлена.\n\n## Активність\n- 100 повідомлень\n", 1),
                "Досьє на @olena_k",
                List.of("chat", "other"),
                new Cancellation());
        assertThat(a.charts())
                .extracting(c -> c.title())
                .containsExactly("Повідомлення за місяць: Олена Коваль", "Години активності: Олена Коваль");
        assertThat(a.markdown())
                .isEqualTo("# Досьє\n\n## Хто це\nОлена.\n\n## Активність\n\n[chart 1]\n\n[chart 2]\n"
                        + "\n- 100 повідомлень\n");
        assertThat(a.chartFailures()).isEmpty();
        assertThat(DossierCharts.place("Без заголовків.", "\n\n[chart 3]")).isEqualTo("Без заголовків.\n\n[chart 3]");
    }

    @Test
    void whoCannotBeFoundIsAFailureNotAnError() throws Exception {
        Answer a = dossier.add(new Answer("Нікого.", 0), "Досьє на @nobody_here", List.of("chat"), new Cancellation());
        assertThat(a.markdown()).isEqualTo("Нікого.");
        assertThat(a.charts()).isEmpty();
        assertThat(a.chartFailures())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("cannot tell whose dossier it is"));
    }
}
