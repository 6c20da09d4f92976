package dev.chatgeist.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.core.UserException;
import org.junit.jupiter.api.Test;

/** What the user types becomes a safe FTS5 expression over the message column. */
class FtsQueryTest {
    private static String prefix(String text) {
        return FtsQuery.build(text, FtsQuery.Mode.PREFIX);
    }

    @Test
    void cyrillicWordsLoseOneInflectionEndingAndBecomePrefixes() {
        assertThat(prefix("квартиру")).isEqualTo("message : (\"квартир\"*)");
        assertThat(prefix("документів")).isEqualTo("message : (\"документ\"*)");
        assertThat(prefix("Кава")).isEqualTo("message : (\"кав\"*)");
        assertThat(prefix("дім")).isEqualTo("message : (\"дім\"*)"); // too short to trim
        assertThat(prefix("Docker")).isEqualTo("message : (\"Docker\"*)"); // other scripts stay as typed
    }

    @Test
    void phrasesOrAndOperatorsTypedAsText() {
        assertThat(prefix("\"нова квартира\" кава")).isEqualTo("message : (\"нова квартира\" \"кав\"*)");
        assertThat(prefix("кава OR кофе")).isEqualTo("message : ((\"кав\"* OR \"коф\"*))");
        assertThat(prefix("NOT ( NEAR")).isEqualTo("message : (\"NOT\"* \"NEAR\"*)");
        assertThat(prefix("a\"\"b")).isEqualTo("message : (\"a\"* \"b\"*)");
    }

    @Test
    void exactAndRawModes() {
        assertThat(FtsQuery.build("квартиру кава", FtsQuery.Mode.EXACT)).isEqualTo("message : (\"квартиру\" \"кава\")");
        assertThat(FtsQuery.build(" кав* NOT кафе ", FtsQuery.Mode.RAW)).isEqualTo("кав* NOT кафе");
    }

    @Test
    void queriesWithoutWordsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> prefix("?! --"))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("has no words to search for");
        assertThatThrownBy(() -> prefix("  "))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("the search query is empty");
    }
}
