package dev.chatgeist.plugin.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.plugin.transport.Transport.ExecResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link Transport} must do, whatever carries it (local processes, sshj, jsch). A subclass opens the
 * transport to a host whose files the test can also read at the same paths (this machine, or an SSH server
 * running on it) and names a scratch directory there; one transport serves the whole class, as one connection
 * serves a whole deploy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TransportContract {
    private Transport transport;
    private Path dir;

    /** A connected transport to a host sharing this machine's files. */
    protected abstract Transport openTransport() throws Exception;

    /** A fresh empty directory, writable by the transport's user, visible to the test at the same path. */
    protected abstract Path newScratchDirectory() throws Exception;

    @BeforeAll
    void openOnce() throws Exception {
        transport = openTransport();
    }

    @AfterAll
    void closeOnce() throws Exception {
        if (transport != null) {
            transport.close();
        }
    }

    @BeforeEach
    void scratch() throws Exception {
        dir = newScratchDirectory();
    }

    protected Transport transport() {
        return transport;
    }

    // ---- stream ----

    @Test
    void streamHandsOverLinesAsTheyComeAndStopsACommandThatWatchesItsStdin() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        // prints a line every 100 ms for 60 s unless stopped; stopping closes its stdin, which ends it at once
        ExecResult r = transport.stream(
                "(i=0; while [ $i -lt 600 ]; do echo line $i; i=$((i + 1)); sleep 0.1; done)"
                        + " </dev/null & p=$!\ncat >/dev/null\nkill $p; echo stopped >&2",
                line -> {
                    seen.add(line);
                    return seen.size() < 3;
                });
        assertThat(seen).containsExactly("line 0", "line 1", "line 2");
        assertThat(r.stderr()).isEqualTo("stopped\n");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(30));
        assertThat(transport.exec("echo still usable").stdout()).isEqualTo("still usable\n");
    }

    @Test
    void streamOfACommandThatEndsByItselfReturnsItsExitStatus() throws Exception {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecResult r = transport.stream("printf 'a\\nb\\n'; exit 4", seen::add);
        assertThat(seen).containsExactly("a", "b");
        assertThat(r.exitCode()).isEqualTo(4);
    }

    // ---- exec ----

    @Test
    void execReportsExitCodeAndKeepsStdoutAndStderrApart() throws IOException {
        ExecResult r = transport.exec("echo out; echo err >&2; exit 3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.ok()).isFalse();
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(transport.exec("true").ok()).isTrue();
    }

    @Test
    void execRunsTheCommandWithBinSh() throws IOException {
        assertThat(transport.exec("echo \"$0\"").stdout()).isEqualTo("/bin/sh\n");
        assertThat(transport.exec("a=1; b=$((a + 41)); echo $b | tr 4 x").stdout())
                .isEqualTo("x2\n");
    }

    @Test
    void execFeedsStdinAndReturnsUtf8() throws IOException {
        byte[] input = "привіт, чат\nline 2 'quoted' \"double\" $HOME\n".getBytes(StandardCharsets.UTF_8);
        ExecResult r = transport.exec("cat", input);
        assertThat(r.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(input);
    }

    @Test
    void largeStdinStdoutAndStderrAtOnceDoNotDeadlock() throws IOException {
        byte[] input = randomBytes(4_000_000, 1);
        ExecResult r = transport.exec(
                "od -An -v -tx1 | wc -l; head -c 3000000 /dev/zero | tr '\\000' e >&2;"
                        + " head -c 2000000 /dev/zero | tr '\\000' o",
                input);
        assertThat(r.ok()).isTrue();
        assertThat(r.stdout()).startsWith("250000\n").hasSize("250000\n".length() + 2_000_000);
        assertThat(r.stderr()).hasSize(3_000_000);
    }

    @Test
    void aCommandThatIgnoresItsStdinStillSucceeds() throws IOException {
        assertThat(transport.exec("exit 0", randomBytes(3_000_000, 2)).ok()).isTrue();
    }

    @Test
    void aCommandKilledBySignalIsNotOk() throws IOException {
        ExecResult r = transport.exec("kill -KILL $$");
        assertThat(r.ok()).isFalse();
        assertThat(transport.exec("echo still here").stdout()).isEqualTo("still here\n");
    }

    // ---- write / upload ----

    @Test
    void writeCreatesTheFileWithTheGivenMode() throws IOException {
        Path file = dir.resolve(".env");
        transport.write("TOKEN=x\n".getBytes(StandardCharsets.UTF_8), file.toString(), "0600");
        assertThat(Files.readString(file)).isEqualTo("TOKEN=x\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void writeReplacesContentAndMode() throws IOException {
        Path file = dir.resolve("run.sh");
        Files.writeString(file, "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        transport.write("#!/bin/sh\necho new\n".getBytes(StandardCharsets.UTF_8), file.toString(), "0755");
        assertThat(Files.readString(file)).isEqualTo("#!/bin/sh\necho new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rwxr-xr-x");
        assertThat(transport.exec(quoted(file)).stdout())
                .as("runs by its exec bit")
                .isEqualTo("new\n");
    }

    @Test
    void modesAreExactWhateverTheUmask() throws IOException {
        for (String mode : List.of("0644", "0640", "0700", "0600", "644")) {
            Path file = dir.resolve("m" + mode);
            transport.write(new byte[] {1}, file.toString(), mode);
            int expected = Integer.parseInt(mode, 8);
            assertThat(toOctal(file)).as(mode).isEqualTo(expected);
        }
    }

    @Test
    void uploadCopiesALargeBinaryFileExactly() throws IOException {
        Path local = Files.createTempFile("chatgeist-upload", ".jar");
        try {
            byte[] content = randomBytes(8_000_000, 3);
            Files.write(local, content);
            Path remote = dir.resolve("chatgeist-runtime.jar");
            transport.upload(local, remote.toString(), "0644");
            assertThat(Files.readAllBytes(remote)).isEqualTo(content);
            assertThat(toOctal(remote)).isEqualTo(0644);
        } finally {
            Files.delete(local);
        }
    }

    @Test
    void writeHandlesEmptyContentAndOddPaths() throws IOException {
        Path odd = dir.resolve("it's a \"file\" with $HOME and `x`.txt");
        transport.write(new byte[0], odd.toString(), "0644");
        assertThat(Files.size(odd)).isZero();
        transport.write("x".getBytes(StandardCharsets.UTF_8), odd.toString(), "0644");
        assertThat(Files.readString(odd)).isEqualTo("x");
    }

    @Test
    void writesLeaveNoTemporaryFilesBehind() throws IOException {
        for (int i = 0; i < 3; i++) {
            transport.write(
                    ("v" + i).getBytes(StandardCharsets.UTF_8),
                    dir.resolve("targets.json").toString(),
                    "0644");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("targets.json");
        }
    }

    @Test
    void readersNeverSeeAHalfWrittenFile() throws Exception {
        Path file = dir.resolve("app.jar");
        byte[] a = filled(3_000_000, (byte) 'a');
        byte[] b = filled(5_000_000, (byte) 'b');
        Files.write(file, a);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    byte[] seen = Files.readAllBytes(file);
                    reads.incrementAndGet();
                    if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
                        torn.add("read " + seen.length + " bytes");
                    }
                } catch (IOException e) {
                    torn.add(e.toString());
                }
            }
        });
        reader.start();
        try {
            // at least 6 writes, more while the reader has not raced them often (a local write is very fast); the
            // last one writes a
            int i = 0;
            do {
                transport.write(i % 2 == 0 ? b : a, file.toString(), "0644");
                i++;
            } while (i < 6 || reads.get() <= 6 && i < 400 || i % 2 == 1);
        } finally {
            done.set(true);
            reader.join();
        }
        assertThat(torn).isEmpty();
        assertThat(reads.get()).isGreaterThan(6);
        assertThat(Files.readAllBytes(file)).isEqualTo(a);
    }

    @Test
    void writingIntoAMissingDirectoryFailsAndCreatesNothing() {
        Path missing = dir.resolve("no-such-dir").resolve("f");
        assertThatThrownBy(() -> transport.write(new byte[] {1}, missing.toString(), "0644"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString());
        assertThat(Files.exists(missing.getParent())).isFalse();
    }

    @Test
    void aModeThatIsNotOctalIsRejectedBeforeAnythingHappens() {
        Path file = dir.resolve("f");
        assertThatThrownBy(() -> transport.write(new byte[] {1}, file.toString(), "0644; touch " + file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("octal");
        assertThatThrownBy(() -> transport.write(new byte[] {1}, file.toString(), "rw-r--r--"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void describeSaysWhereTheTransportGoes() {
        assertThat(transport.describe()).isNotBlank();
    }

    // ---- helpers for subclasses ----

    protected Path dir() {
        return dir;
    }

    protected static String quoted(Path path) {
        return "'" + path.toString().replace("'", "'\\''") + "'";
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static byte[] filled(int size, byte value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return bytes;
    }

    protected static int toOctal(Path file) throws IOException {
        int mode = 0;
        for (var permission : Files.getPosixFilePermissions(file)) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }
}
