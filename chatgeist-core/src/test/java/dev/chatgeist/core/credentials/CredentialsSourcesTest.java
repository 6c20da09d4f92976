package dev.chatgeist.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chatgeist.core.process.ProgramRunner;
import dev.chatgeist.core.testing.ClaudeLogins;
import dev.chatgeist.core.testing.StandIns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two real credentials sources: the CLI's file (real files) and the Keychain (through {@code security}). */
class CredentialsSourcesTest {
    @TempDir
    Path dir;

    @Test
    void fileSourceReadsTheCredentialsFile() throws IOException {
        Path file = dir.resolve(".credentials.json");
        String token = ClaudeLogins.writeCredentials(file, Duration.ofHours(5));
        FileCredentials source = new FileCredentials(file);
        assertThat(source.read().accessToken()).isEqualTo(token);
        assertThat(source.kind()).isEqualTo("file");
    }

    @Test
    void credentialsFileLocation() {
        Path home = Path.of("/home/me");
        assertThat(FileCredentials.locate(Map.of(), home)).isEqualTo(Path.of("/home/me/.claude/.credentials.json"));
        assertThat(FileCredentials.locate(Map.of("CLAUDE_CONFIG_DIR", "/srv/claude"), home))
                .isEqualTo(Path.of("/srv/claude/.credentials.json"));
        assertThat(FileCredentials.locate(
                        Map.of("CLAUDE_CREDENTIALS_FILE", "~/creds.json", "CLAUDE_CONFIG_DIR", "/ignored"), home))
                .isEqualTo(Path.of("/home/me/creds.json"));
        assertThat(FileCredentials.locate(Map.of("CLAUDE_CREDENTIALS_FILE", "/etc/x.json"), home))
                .isEqualTo(Path.of("/etc/x.json"));
    }

    @Test
    void missingFileSaysToLogIn() {
        Throwable t = catchThrowable(() -> new FileCredentials(dir.resolve("nope.json")).read());
        assertThat(t)
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("no Claude credentials file at " + dir.resolve("nope.json"))
                .hasMessageContaining("claude auth login")
                .hasMessageContaining("CLAUDE_CREDENTIALS_FILE");
    }

    @Test
    void directoryInsteadOfFileIsExplained() {
        Throwable t = catchThrowable(() -> new FileCredentials(dir).read());
        assertThat(t).isInstanceOf(CredentialsException.class).hasMessageContaining("is a directory");
    }

    @Test
    void unreadableFileIsExplained() throws Exception {
        Path file = dir.resolve("c.json");
        ClaudeLogins.writeCredentials(file, Duration.ofHours(1));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(file)) {
            // root reads any file: a non-UTF-8 file is the read failure root can still hit
            Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, '{'});
            assertThat(catchThrowable(() -> new FileCredentials(file).read()))
                    .isInstanceOf(CredentialsException.class)
                    .hasMessageContaining("not UTF-8");
        } else {
            assertThat(catchThrowable(() -> new FileCredentials(file).read()))
                    .isInstanceOf(CredentialsException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void theFactoryOpensTheFileTheSettingsPointAt() throws IOException {
        Path userHome = Files.createDirectories(dir.resolve("user"));
        Path inHomeFile = userHome.resolve(".claude/.credentials.json");
        String inHome = ClaudeLogins.writeCredentials(inHomeFile, Duration.ofHours(2));
        String elsewhere = ClaudeLogins.writeCredentials(dir.resolve("elsewhere.json"), Duration.ofHours(2));
        ProgramRunner noPrograms = new ProgramRunner(Map.of("PATH", dir.toString()));

        CredentialsSource byDefault = CredentialsSourceKind.FILE.open(noPrograms, Map.of(), userHome, dir);
        CredentialsSource pointed = CredentialsSourceKind.FILE.open(
                noPrograms,
                Map.of(
                        FileCredentials.FILE_VARIABLE,
                        dir.resolve("elsewhere.json").toString()),
                userHome,
                dir);

        assertThat(byDefault.kind()).isEqualTo("file");
        assertThat(byDefault.read().accessToken()).isEqualTo(inHome);
        assertThat(pointed.read().accessToken()).isEqualTo(elsewhere);
    }

    /** The Keychain reader as the factory opens it, with the stand-in {@code security} as the only program. */
    private CredentialsSource keychain(StandIns s) {
        return CredentialsSourceKind.KEYCHAIN.open(
                new ProgramRunner(Map.of("PATH", s.bin().toString())), Map.of(), dir.resolve("user"), dir);
    }

    @Test
    void keychainSourceRunsSecurityAndParsesTheItem() throws IOException {
        StandIns s = new StandIns(dir);
        Path item = dir.resolve("item.json");
        String token = ClaudeLogins.writeCredentials(item, Duration.ofHours(6));
        s.security(StandIns.Security.FOUND, item);

        CredentialsSource source = keychain(s);
        ClaudeCredentials c = source.read();

        assertThat(source.kind()).isEqualTo("keychain");
        assertThat(c.accessToken()).isEqualTo(token);
        assertThat(s.calls())
                .containsExactly("security find-generic-password -s 'Claude Code-credentials' -w @" + dir.toRealPath()
                        + " token_env=unset");
    }

    @Test
    void keychainItemPrintedAsHexIsDecoded() throws IOException {
        StandIns s = new StandIns(dir);
        String json = ClaudeLogins.json(ClaudeLogins.newToken("oat"), "r", Instant.now()) + "\n";
        Path item = dir.resolve("item.hex");
        Files.writeString(item, HexFormat.of().formatHex(json.getBytes(StandardCharsets.UTF_8)));
        s.security(StandIns.Security.FOUND, item);
        assertThat(keychain(s).read().json()).isEqualTo(json.strip());
        assertThat(KeychainCredentials.decode("cafe")).isEqualTo("cafe"); // hex, but not JSON: left alone
    }

    @Test
    void missingKeychainItemSaysToLogIn() throws IOException {
        StandIns s = new StandIns(dir);
        s.security(StandIns.Security.MISSING, null);
        Throwable t = catchThrowable(() -> keychain(s).read());
        assertThat(t)
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("no Keychain item \"Claude Code-credentials\"")
                .hasMessageContaining("claude auth login");
    }

    @Test
    void lockedKeychainIsExplained() throws IOException {
        StandIns s = new StandIns(dir);
        s.security(StandIns.Security.LOCKED, null);
        assertThat(catchThrowable(() -> keychain(s).read()))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("Keychain is locked")
                .hasMessageContaining("LaunchAgent");
    }

    @Test
    void otherServiceNameIsNotFoundLikeTheRealKeychain() throws IOException {
        StandIns s = new StandIns(dir);
        Path item = dir.resolve("item.json");
        ClaudeLogins.writeCredentials(item, Duration.ofHours(6));
        s.security(StandIns.Security.FOUND, item);
        KeychainCredentials other = new KeychainCredentials(
                new ProgramRunner(Map.of("PATH", s.bin().toString())),
                "Other-credentials",
                dir,
                Duration.ofSeconds(10));
        assertThat(catchThrowable(other::read)).hasMessageContaining("no Keychain item \"Other-credentials\"");
    }

    @Test
    void keychainOffMacOsSaysToUseTheFile() {
        Throwable t = catchThrowable(() ->
                new KeychainCredentials(new ProgramRunner(Map.of("PATH", dir.toString())), dir).read());
        assertThat(t)
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("`security` program is not on PATH")
                .hasMessageContaining("--from file");
    }

    @Test
    void aKeychainPromptThatNeverAnswersTimesOut() throws IOException {
        StandIns s = new StandIns(dir);
        s.write("security", "sleep 30\n");
        KeychainCredentials k = new KeychainCredentials(
                new ProgramRunner(Map.of("PATH", s.bin().toString())),
                KeychainCredentials.DEFAULT_SERVICE,
                dir,
                Duration.ofMillis(500));
        assertThat(catchThrowable(k::read))
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("Always Allow");
    }
}
