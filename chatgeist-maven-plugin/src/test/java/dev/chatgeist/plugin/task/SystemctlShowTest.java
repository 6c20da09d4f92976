package dev.chatgeist.plugin.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SystemctlShowTest {
    @Test
    void readsTheKeyValueLinesOfSystemctlShow() {
        // as `systemctl show chatgeist-bot.service -p LoadState,ActiveState,SubState,NRestarts,ExecMainStatus` prints
        // it
        SystemctlShow unit = SystemctlShow.parse("""
                LoadState=loaded
                ActiveState=active
                SubState=running
                NRestarts=0
                ExecMainStatus=
                Environment=A=b C=d
                """);
        assertThat(unit.notFound()).isFalse();
        assertThat(unit.state()).isEqualTo("active (running)");
        assertThat(unit.get("NRestarts")).contains("0");
        assertThat(unit.get("ExecMainStatus")).as("empty is absent").isEmpty();
        assertThat(unit.get("Environment")).as("split at the first '='").contains("A=b C=d");
    }

    @Test
    void aUnitSystemdDoesNotKnowIsNotFoundAndUnknownStatesShowAsQuestionMarks() {
        SystemctlShow unit = SystemctlShow.parse("LoadState=not-found\nActiveState=inactive\n");
        assertThat(unit.notFound()).isTrue();
        assertThat(unit.state()).isEqualTo("inactive (?)");
        assertThat(SystemctlShow.parse("").state()).isEqualTo("? (?)");
    }
}
