package dev.chatgeist.plugin.mojo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How push-credentials picks and reads its source (core's CredentialsSourceKind), as Maven injects the parameters.
 * Each case fails before any SSH connection, so the host in the inventory is never contacted.
 */
class PushCredentialsMojoTest {
    @TempDir
    Path project;

    PushCredentialsMojo mojo;

    @BeforeEach
    void inventoryWithOneSshHost() throws Exception {
        Files.writeString(
                project.resolve("inventory.yaml"),
                "all:\n  hosts:\n    prod:\n" + "      ansible_host: 192.0.2.1\n      ansible_user: bot\n");
        mojo = new PushCredentialsMojo();
        mojo.inventory = project.resolve("inventory.yaml").toFile();
    }

    @Test
    void anUnknownSourceNamesTheParameterAndTheChoices() {
        mojo.credentialsFrom = "vault";
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("chatgeist.credentialsFrom must be keychain or file, not 'vault'");
    }

    @Test
    void theCredentialsFileParameterIsTheFileRead() throws Exception {
        Path file = project.resolve("expired.json");
        Files.writeString(
                file,
                "{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-oat01-expired-token-for-this-test\","
                        + "\"refreshToken\":\"r\",\"expiresAt\":1700000000000}}");
        mojo.credentialsFrom = "file";
        mojo.credentialsFile = file.toFile();
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("The Claude token from credentials file " + file + " expired at ")
                .hasMessageNotContaining("expired-token-for-this-test");
    }

    @Test
    void aMissingCredentialsFileSaysHowToLogIn() {
        mojo.credentialsFrom = " File ";
        mojo.credentialsFile = project.resolve("absent.json").toFile();
        assertThatThrownBy(mojo::execute)
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("no Claude credentials file at " + project.resolve("absent.json"))
                .hasMessageContaining("claude auth login");
    }
}
