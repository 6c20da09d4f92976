package dev.chatgeist.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.core.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Setting one key in real .env files of many existing layouts: only that key's lines change. */
class DotEnvLayoutsTest {
    private static final String KEY = "CLAUDE_CODE_OAUTH_TOKEN";
    private static final String NEW = "sk-ant-oat01-NEW_token-value_0123456789";

    @TempDir
    Path dir;

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(
                        "key missing: appended",
                        "TELEGRAM_API_ID=12345\nTELEGRAM_API_HASH=abc\n",
                        "TELEGRAM_API_ID=12345\nTELEGRAM_API_HASH=abc\n" + KEY + "=" + NEW + "\n"),
                Arguments.of(
                        "comments and blank lines kept",
                        "# ChatGeist secrets\n\nTELEGRAM_API_ID=1\n   # indented comment\n" + KEY + "=old\n\n# end\n",
                        "# ChatGeist secrets\n\nTELEGRAM_API_ID=1\n   # indented comment\n" + KEY + "=" + NEW
                                + "\n\n# end\n"),
                Arguments.of(
                        "double quotes stay double",
                        "A=1\n" + KEY + "=\"old\"\nB=2\n",
                        "A=1\n" + KEY + "=\"" + NEW + "\"\nB=2\n"),
                Arguments.of("single quotes stay single", KEY + "='old'\nB='x y'\n", KEY + "='" + NEW + "'\nB='x y'\n"),
                Arguments.of(
                        "export prefix and spaces around = kept",
                        "export A=1\nexport " + KEY + " = old\n",
                        "export A=1\nexport " + KEY + " = " + NEW + "\n"),
                Arguments.of(
                        "CRLF endings kept, appended line uses CRLF",
                        "A=1\r\nB=2\r\n",
                        "A=1\r\nB=2\r\n" + KEY + "=" + NEW + "\r\n"),
                Arguments.of(
                        "CRLF on the rewritten line kept",
                        "A=1\r\n" + KEY + "=old\r\nB=2\r\n",
                        "A=1\r\n" + KEY + "=" + NEW + "\r\nB=2\r\n"),
                Arguments.of(
                        "key twice: both definitions rewritten, so none is stale",
                        KEY + "=first\nA=1\n" + KEY + "=second\n",
                        KEY + "=" + NEW + "\nA=1\n" + KEY + "=" + NEW + "\n"),
                Arguments.of(
                        "no trailing newline: a newline is added before the new line",
                        "A=1\nB=2",
                        "A=1\nB=2\n" + KEY + "=" + NEW + "\n"),
                Arguments.of(
                        "no trailing newline on the key's own line: still none",
                        "A=1\n" + KEY + "=old",
                        "A=1\n" + KEY + "=" + NEW),
                Arguments.of(
                        "inline comment after the value kept",
                        KEY + "=old   # refreshed by sync-token\nA=1 # one\n",
                        KEY + "=" + NEW + "   # refreshed by sync-token\nA=1 # one\n"),
                Arguments.of(
                        "inline comment after a quoted value kept",
                        KEY + "=\"old\" # quoted\n",
                        KEY + "=\"" + NEW + "\" # quoted\n"),
                Arguments.of("empty value", KEY + "=\nA=1\n", KEY + "=" + NEW + "\nA=1\n"),
                Arguments.of(
                        "commented-out definition stays a comment",
                        "# " + KEY + "=old\nA=1\n",
                        "# " + KEY + "=old\nA=1\n" + KEY + "=" + NEW + "\n"),
                Arguments.of("empty file", "", KEY + "=" + NEW + "\n"),
                Arguments.of(
                        "other secrets with odd characters untouched",
                        "PASS=\"a \\\"quoted\\\" $x\"\nURL=https://x.example/?a=b&c=d\n",
                        "PASS=\"a \\\"quoted\\\" $x\"\nURL=https://x.example/?a=b&c=d\n" + KEY + "=" + NEW + "\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void setsTheKeyAndKeepsEverythingElse(String layout, String before, String expected) throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, before, StandardCharsets.UTF_8);

        DotEnv read = DotEnv.read(env);
        read.with(KEY, NEW).writeAtomically(env);

        assertThat(Files.readString(env, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(DotEnv.read(env).get(KEY)).contains(NEW);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env)))
                .isEqualTo("rw-------");
        assertThat(read.values())
                .as("the other keys read the same before and after")
                .containsAllEntriesOf(withoutKey(DotEnv.read(env)));
    }

    private static java.util.Map<String, String> withoutKey(DotEnv env) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>(env.values());
        m.remove(KEY);
        return m;
    }

    @Test
    void quotedValuesReadAsDockerComposeReadsThem() throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, "A='single # not a comment'\nB=\"dq \\\"x\\\"\"\nexport C=plain # comment\n");
        DotEnv e = DotEnv.read(env);
        assertThat(e.get("A")).contains("single # not a comment");
        assertThat(e.get("B")).contains("dq \"x\"");
        assertThat(e.get("C")).contains("plain");
    }

    @Test
    void missingFileIsCreatedOwnerOnly() throws IOException {
        Path env = dir.resolve("sub").resolve(".env");
        DotEnv.read(env).with(KEY, NEW).writeAtomically(env);
        assertThat(Files.readString(env)).isEqualTo(KEY + "=" + NEW + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env)))
                .isEqualTo("rw-------");
    }

    @Test
    void widerModeIsNarrowedTo0600OnWrite() throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, "A=1\n");
        Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
        DotEnv.read(env).with(KEY, NEW).writeAtomically(env);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env)))
                .isEqualTo("rw-------");
    }

    @Test
    void failureBetweenWriteAndRenameLeavesTheOldFileAndNoTemporary() throws IOException {
        Path env = dir.resolve(".env");
        String old = "# keep me\nA=1\n" + KEY + "=old\n";
        Files.writeString(env, old);
        DotEnv updated = DotEnv.read(env).with(KEY, NEW);

        assertThatThrownBy(() -> updated.writeAtomically(env, tmp -> {
                    assertThat(Files.readString(tmp)).contains(NEW);
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)))
                            .isEqualTo("rw-------");
                    throw new IOException("simulated crash before rename");
                }))
                .isInstanceOf(IOException.class);

        assertThat(Files.readString(env)).isEqualTo(old);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".env");
        }
    }

    @Test
    void valuesThatCannotBeOneLineAreRefused() {
        assertThatThrownBy(() -> DotEnv.empty().with(KEY, "a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leftoversOfACrashedWriterAreDeletedButNotThoseOfALiveOne() throws IOException {
        Path env = dir.resolve(".env");
        Files.writeString(env, "A=1\n");
        // pid 2^22+1 is above Linux's pid_max limit, so no process has it
        Path dead = dir.resolve("..env.tmp4194305-0");
        Path live = dir.resolve("..env.tmp" + ProcessHandle.current().pid() + "-3");
        Path unrelated = dir.resolve("..env.tmpnotapid");
        Files.writeString(dead, "secret");
        Files.writeString(live, "secret");
        Files.writeString(unrelated, "x");

        assertThat(AtomicFiles.deleteLeftovers(env)).isEqualTo(1);

        assertThat(dead).doesNotExist();
        assertThat(live).exists();
        assertThat(unrelated).exists();
        assertThat(env).hasContent("A=1");
    }
}
