package dev.chatgeist.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.config.Home;
import dev.chatgeist.core.credentials.FileCredentials;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.core.process.ProgramRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM running the sync is killed between writing the new .env and renaming it into place. */
class CrashBetweenWriteAndRenameTest {
    @TempDir
    Path dir;

    @Test
    void theOldEnvSurvivesAndTheNextRunFinishesTheJob() throws Exception {
        SyncFixture f = new SyncFixture(dir);
        f.allPresent();
        String old = "# secrets\nTELEGRAM_API_ID=1\nCLAUDE_CODE_OAUTH_TOKEN=sk-ant-oat01-the-old-one\n";
        Files.writeString(f.envFile(), old);
        String token = f.writeCredentials(Duration.ofHours(5));

        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashBeforeRenameMain.class.getName(),
                        f.home.toString(),
                        f.credentialsFile.toString(),
                        f.standIns.bin().toString())
                .redirectErrorStream(true)
                .start();
        String childOutput = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(childOutput).isEqualTo(CrashBeforeRenameMain.CRASH_STATUS);
        assertThat(childOutput.contains(token)).isFalse();

        assertThat(f.env()).as("the old .env is intact").isEqualTo(old);
        List<Path> leftovers = leftovers(f.home);
        assertThat(leftovers).hasSize(1);
        Path leftover = leftovers.get(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(leftover)))
                .as("the half-done copy holds the token, so it is owner-only")
                .isEqualTo("rw-------");
        assertThat(Files.readString(leftover).contains(token)).isTrue();
        assertThat(f.standIns.commands())
                .as("Docker not touched before .env is in place")
                .containsExactly("claude --print ping");
        f.standIns.clearCalls();

        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out, true);
        ProgramRunner runner = new ProgramRunner(f.environment());
        SyncResult r = new TokenSync(
                        new Home(f.home),
                        new FileCredentials(f.credentialsFile),
                        runner,
                        new SandboxRestarter(runner, f.home),
                        Clock.systemUTC(),
                        EventLog.consoleOnly(w, w))
                .run(new TokenSync.Options(false, false, null, Duration.ofSeconds(10)));

        assertThat(r.exitCode()).as(out.toString()).isZero();
        assertThat(f.env()).isEqualTo(old.replace("sk-ant-oat01-the-old-one", token));
        assertThat(leftovers(f.home))
                .as("the crashed run's temporary file is removed")
                .isEmpty();
        assertThat(f.standIns.commands())
                .containsExactly("claude --print ping", "docker compose down", "docker compose up -d");
        assertThat(out.toString().contains(token)).isFalse();
    }

    private static List<Path> leftovers(Path home) throws IOException {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().startsWith("..env.tmp"))
                    .toList();
        }
    }
}
