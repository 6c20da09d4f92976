package dev.chatgeist.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramRunnerTest {
    @TempDir
    Path dir;

    private Path script(Path bin, String name, String body) throws IOException {
        Files.createDirectories(bin);
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\nPATH=/usr/bin:/bin\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void programsAreFoundOnTheGivenPathInOrderNotOnTheJvmsPath() throws IOException {
        Path first = script(dir.resolve("a"), "tool", "echo a\n");
        script(dir.resolve("b"), "tool", "echo b\n");
        Files.createDirectories(dir.resolve("c"));
        Files.writeString(dir.resolve("c").resolve("notexec"), "#!/bin/sh\n");
        ProgramRunner r =
                new ProgramRunner(Map.of("PATH", dir.resolve("c") + "::" + dir.resolve("a") + ":" + dir.resolve("b")));

        assertThat(r.find("tool")).contains(first);
        assertThat(r.find("notexec")).isEmpty();
        assertThat(r.find("sh")).as("/bin is not on this PATH").isEmpty();
        assertThat(new ProgramRunner(Map.of()).find("sh")).isEmpty();
    }

    @Test
    void capturesOutputExitStatusWorkingDirectoryAndEnvironment() throws IOException {
        Path tool = script(
                dir.resolve("bin"),
                "tool",
                "echo \"out $1 $PWD ${KEEP:-none} ${DROP:-dropped}\"; echo err >&2; exit 3\n");
        Path work = Files.createDirectories(dir.resolve("work"));
        ProgramRunner r = new ProgramRunner(Map.of("PATH", "", "KEEP", "kept", "DROP", "x"));

        ProgramRunner.Result res = r.run(tool, List.of("arg"), work, Duration.ofSeconds(10), List.of("DROP"));

        assertThat(res.exitCode()).isEqualTo(3);
        assertThat(res.ok()).isFalse();
        assertThat(res.timedOut()).isFalse();
        assertThat(res.stdout()).isEqualTo("out arg " + work.toRealPath() + " kept dropped\n");
        assertThat(res.stderr()).isEqualTo("err\n");
        assertThat(res.toString()).doesNotContain("out arg").contains("exitCode=3");
    }

    @Test
    void stdinIsClosedSoAProgramReadingItDoesNotWait() throws IOException {
        Path tool = script(dir.resolve("bin"), "reader", "cat; echo done\n");
        ProgramRunner.Result res = new ProgramRunner(Map.of()).run(tool, List.of(), dir, Duration.ofSeconds(10));
        assertThat(res.ok()).isTrue();
        assertThat(res.stdout()).isEqualTo("done\n");
    }

    @Test
    void aHungProgramAndItsChildrenAreKilledAtTheTimeout() throws IOException {
        Path pidFile = dir.resolve("child.pid");
        Path tool = script(dir.resolve("bin"), "hang", "sleep 30 &\necho $! > '" + pidFile + "'\nwait\n");
        long t0 = System.nanoTime();

        ProgramRunner.Result res = new ProgramRunner(Map.of()).run(tool, List.of(), dir, Duration.ofMillis(700));

        assertThat(res.timedOut()).isTrue();
        assertThat(res.ok()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(runningWithin(child, Duration.ofSeconds(5)))
                .as("the grandchild `sleep` is killed too")
                .isFalse();
    }

    /** Whether the process still runs after {@code wait}; a killed but unreaped (zombie) process does not. */
    private static boolean runningWithin(long pid, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.exists(stat)) {
                return false;
            }
            String s;
            try {
                s = Files.readString(stat);
            } catch (IOException e) {
                return false; // vanished while reading
            }
            char state = s.charAt(s.lastIndexOf(')') + 2);
            if (state == 'Z' || state == 'X') {
                return false;
            }
            if (System.nanoTime() > deadline) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
    }
}
