package dev.chatgeist.plugin.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The test-side reader of unit files against the examples and rules written in systemd's own man pages. */
class SystemdUnitReaderTest {
    @Test
    void quotingAsInSystemdServiceCommandLines() {
        // systemd.service(5), "Command lines": Environment="ONE=one" 'TWO=two two'
        assertThat(SystemdUnitReader.words("\"ONE=one\" 'TWO=two two'", true))
                .containsExactly("ONE=one", "TWO=two two");
        // ExecStart=/bin/echo "\"one\"" -> one argument with the quotes in it
        assertThat(SystemdUnitReader.exec("/bin/echo \"\\\"one\\\"\" 'a b'"))
                .containsExactly("/bin/echo", "\"one\"", "a b");
        // systemd.syntax(7): "\s" is a space, C escapes in quoted and unquoted words
        assertThat(SystemdUnitReader.words("a\\sb \"c\\td\"", true)).containsExactly("a b", "c\td");
        // $$ is a literal dollar sign in ExecStart=
        assertThat(SystemdUnitReader.exec("/bin/echo $$HOME")).containsExactly("/bin/echo", "$HOME");
        assertThatThrownBy(() -> SystemdUnitReader.exec("/bin/echo $HOME")).isInstanceOf(AssertionError.class);
    }

    @Test
    void specifiersAsInSystemdUnit() {
        // systemd.unit(5): "%%" is a single percent sign; every other %X is replaced
        assertThat(SystemdUnitReader.plain("/srv/100%%")).isEqualTo("/srv/100%");
        assertThatThrownBy(() -> SystemdUnitReader.plain("/srv/%h")).isInstanceOf(AssertionError.class);
        assertThat(SystemdUnitReader.words("\"/a b/%%h\" /c", false)).containsExactly("/a b/%h", "/c");
    }

    @Test
    void settingsSkipCommentsAndSections() {
        assertThat(SystemdUnitReader.settings("[Service]\n# c\n; c\nA=1\nA= 2 \n"))
                .containsEntry("A", List.of("1", "2"));
    }
}
