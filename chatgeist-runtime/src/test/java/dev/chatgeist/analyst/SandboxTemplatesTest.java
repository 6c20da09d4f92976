package dev.chatgeist.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's compose file and Dockerfile shipped in the jar for the deploy to install. Docker cannot run here,
 * so they are checked for the properties the docker analyst relies on, line by line.
 */
class SandboxTemplatesTest {
    static String resource(String name) throws Exception {
        try (InputStream in = SandboxTemplatesTest.class.getResourceAsStream("/sandbox/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void composeRunsTheContainerTheAnalystExpects() throws Exception {
        String compose = resource("docker-compose.yml");
        assertThat(compose).doesNotContain("\t");
        assertThat(compose.lines().map(String::strip)).contains(
                "container_name: " + DockerAnalyst.CONTAINER,
                "- ./databases:" + DockerAnalyst.DBS_IN_CONTAINER + ":ro",
                "- CLAUDE_CODE_OAUTH_TOKEN=${CLAUDE_CODE_OAUTH_TOKEN}",
                "- no-new-privileges:true", "cpus: 1.0", "mem_limit: 1g", "- /tmp", "restart: unless-stopped");
    }

    @Test
    void dockerfileHasTheCliSqliteAndTheNodeUser() throws Exception {
        String df = resource("Dockerfile");
        assertThat(df).startsWith("# ChatGeist").contains("FROM node:", "@anthropic-ai/claude-code", "sqlite3", "procps",
                "USER node");
    }
}
