package dev.chatgeist.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.core.process.ProgramRunner;
import dev.chatgeist.core.testing.StandIns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxRestarterTest {
    @TempDir
    Path dir;

    StandIns s;
    Path home;

    @BeforeEach
    void setUp() throws IOException {
        s = new StandIns(dir);
        home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".env"), "CLAUDE_CODE_OAUTH_TOKEN=abcdefgh1234\n");
    }

    private SandboxRestarter.Outcome recreate() {
        // the parent environment has a stale token: Compose must not see it, or it would override .env
        ProgramRunner runner = new ProgramRunner(
                Map.of("PATH", s.bin().toString(), "CLAUDE_CODE_OAUTH_TOKEN", "stale-token-from-the-shell"));
        return new SandboxRestarter(runner, home).recreate(List.of("abcdefgh1234"));
    }

    @Test
    void downThenUpInTheHomeWithoutTheShellsToken() throws IOException {
        s.docker(StandIns.Docker.OK);
        SandboxRestarter.Outcome o = recreate();
        assertThat(o.ok()).isTrue();
        assertThat(o.tool()).isEqualTo("docker compose");
        assertThat(s.calls())
                .containsExactly(
                        "docker compose down @" + home + " token_env=unset",
                        "docker compose up -d @" + home + " token_env=unset");
        assertThat(Files.readString(home.resolve("sandbox-token.txt")).strip()).isEqualTo("1234");
    }

    @Test
    void daemonNotRunningIsReportedAfterTryingBoth() throws IOException {
        s.docker(StandIns.Docker.DAEMON_DOWN);
        SandboxRestarter.Outcome o = recreate();
        assertThat(o.ok()).isFalse();
        assertThat(o.dockerNotRunning()).isTrue();
        assertThat(o.problem())
                .startsWith("Docker is not running")
                .contains("Is the docker daemon running?")
                .contains("start Docker Desktop");
        assertThat(o.warnings()).singleElement().asString().contains("`docker compose down` failed (exit 1");
        assertThat(s.commands()).containsExactly("docker compose down", "docker compose up -d");
    }

    @Test
    void failingDownIsReportedAndUpStillRuns() throws IOException {
        s.docker(StandIns.Docker.DOWN_FAILS);
        SandboxRestarter.Outcome o = recreate();
        assertThat(o.ok()).isTrue();
        assertThat(o.warnings())
                .singleElement()
                .asString()
                .contains("removal of container claude-sandbox")
                .contains("trying `docker compose up -d` anyway");
        assertThat(s.commands()).containsExactly("docker compose down", "docker compose up -d");
    }

    @Test
    void olderDockerWithoutThePluginFallsBackToDockerCompose() throws IOException {
        s.docker(StandIns.Docker.NO_COMPOSE_OLD);
        s.dockerCompose(StandIns.DockerCompose.OK);
        SandboxRestarter.Outcome o = recreate();
        assertThat(o.ok()).isTrue();
        assertThat(o.tool()).isEqualTo("docker-compose");
        assertThat(o.warnings()).isEmpty();
        assertThat(s.calls())
                .containsExactly(
                        "docker compose down @" + home + " token_env=unset",
                        "docker-compose down @" + home + " token_env=unset",
                        "docker-compose up -d @" + home + " token_env=unset");
    }

    @Test
    void newerDockerWithoutThePluginFallsBackToDockerCompose() throws IOException {
        s.docker(StandIns.Docker.NO_COMPOSE_NEW);
        s.dockerCompose(StandIns.DockerCompose.OK);
        SandboxRestarter.Outcome o = recreate();
        assertThat(o.ok()).isTrue();
        assertThat(s.commands()).containsExactly("docker compose down", "docker-compose down", "docker-compose up -d");
    }

    @Test
    void onlyDockerComposeInstalled() throws IOException {
        s.dockerCompose(StandIns.DockerCompose.OK);
        assertThat(recreate().ok()).isTrue();
        assertThat(s.commands()).containsExactly("docker-compose down", "docker-compose up -d");
    }

    @Test
    void dockerComposeWithTheDaemonDown() throws IOException {
        s.dockerCompose(StandIns.DockerCompose.DAEMON_DOWN);
        SandboxRestarter.Outcome o = recreate();
        assertThat(o.dockerNotRunning()).isTrue();
        assertThat(o.problem()).contains("Couldn't connect to Docker daemon");
    }

    @Test
    void pluginMissingAndNoDockerCompose() throws IOException {
        s.docker(StandIns.Docker.NO_COMPOSE_NEW);
        SandboxRestarter.Outcome o = recreate();
        assertThat(o.ok()).isFalse();
        assertThat(o.problem()).startsWith("Docker Compose is missing").contains("docker-compose-plugin");
        assertThat(s.commands()).containsExactly("docker compose down");
    }

    @Test
    void noDockerAtAll() {
        SandboxRestarter.Outcome o = recreate();
        assertThat(o.ok()).isFalse();
        assertThat(o.problem()).startsWith("neither docker nor docker-compose is on PATH (" + s.bin() + ")");
        assertThat(s.calls()).isEmpty();
    }

    @Test
    void missingComposeFileIsNamed() throws IOException {
        s.write("docker", "echo 'no configuration file provided: not found' >&2\nexit 1\n");
        SandboxRestarter.Outcome o = recreate();
        assertThat(o.problem()).contains("no compose file in " + home);
    }

    @Test
    void outputIsScrubbedBeforeItIsShown() throws IOException {
        s.write("docker", "echo \"bad value abcdefgh1234 and sk-ant-oat01-zzzzzzzzzz\" >&2\nexit 1\n");
        SandboxRestarter.Outcome o = recreate();
        assertThat(o.problem())
                .doesNotContain("abcdefgh1234")
                .doesNotContain("zzzzzzzzzz")
                .contains("[redacted]");
    }
}
