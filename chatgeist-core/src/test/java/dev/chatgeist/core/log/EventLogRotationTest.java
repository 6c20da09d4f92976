package dev.chatgeist.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogRotationTest {
    private static final Pattern LINE = Pattern.compile("^\\S+ INFO test writer=(\\w+) n=(\\d+) padding=x{40}$");

    @TempDir
    Path dir;

    @Test
    void twoProcessesWritingAtOnceLoseNoLineAndDoubleNone() throws Exception {
        Path log = dir.resolve("logs/update.log");
        int perWriter = 8_000; // ~100 bytes a line: 1.6 MB in all, 3 rotations at 0.5 MB, fewer than 5 files
        Process a = writer(log, "a", perWriter, "0.5");
        Process b = writer(log, "b", perWriter, "0.5");
        for (Process p : List.of(a, b)) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue())
                    .as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isZero();
        }
        List<Path> files = logFiles(log);
        assertThat(files).as("rotated at least twice, at most 5 files kept").hasSizeBetween(3, 5);
        for (Path f : files) {
            if (!f.equals(log)) {
                assertThat(Files.size(f)).as(f.toString()).isLessThanOrEqualTo((long) (0.5 * 1024 * 1024));
            }
        }
        Set<String> seen = new HashSet<>();
        int lines = 0;
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                Matcher m = LINE.matcher(line);
                assertThat(m.matches()).as("a whole line: " + line).isTrue();
                assertThat(seen.add(m.group(1) + m.group(2)))
                        .as("written once: " + line)
                        .isTrue();
                lines++;
            }
        }
        assertThat(lines).isEqualTo(2 * perWriter);
        for (String w : List.of("a", "b")) {
            assertThat(lastNumbers(files, w))
                    .as("each writer's lines in order, oldest file first")
                    .isSorted();
        }
    }

    @Test
    void keepsFiveFilesAndDropsTheOldestLines() throws IOException {
        Path log = dir.resolve("bot.log");
        LogRotation rotation = new LogRotation(1_000, 5);
        try (EventLog events = new EventLog(log, quiet(), quiet(), rotation)) {
            for (int n = 1; n <= 200; n++) { // ~90 bytes each: ~18 files' worth
                events.fileOnly("INFO", "test writer=one n=" + n + " padding=" + "x".repeat(40));
            }
        }
        List<Path> files = logFiles(log);
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("bot.log.4", "bot.log.3", "bot.log.2", "bot.log.1", "bot.log");
        List<Integer> kept = lastNumbers(files, "one");
        assertThat(kept).isSorted().endsWith(200);
        assertThat(kept.get(kept.size() - 1) - kept.get(0) + 1)
                .as("the newest lines, no gap")
                .isEqualTo(kept.size());
        assertThat(kept.get(0)).as("the oldest are gone").isGreaterThan(1);
    }

    @Test
    void sizeComesFromChatgeistLogMaxMb() {
        assertThat(LogRotation.of(java.util.Map.of()).maxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(LogRotation.of(java.util.Map.of("CHATGEIST_LOG_MAX_MB", "2")).maxBytes())
                .isEqualTo(2L * 1024 * 1024);
        assertThat(LogRotation.of(java.util.Map.of("CHATGEIST_LOG_MAX_MB", "0.5"))
                        .maxBytes())
                .isEqualTo(512 * 1024);
        assertThat(LogRotation.of(java.util.Map.of("CHATGEIST_LOG_MAX_MB", "lots")))
                .isEqualTo(LogRotation.DEFAULT);
        assertThat(LogRotation.of(java.util.Map.of("CHATGEIST_LOG_MAX_MB", "0")))
                .isEqualTo(LogRotation.DEFAULT);
        assertThat(LogRotation.DEFAULT.files()).isEqualTo(5);
    }

    @Test
    void theHomesEnvFileSetsTheSizeWhenTheEnvironmentDoesNot() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".env"), "TELEGRAM_API_ID=1\nCHATGEIST_LOG_MAX_MB=3\n");
        Path log = home.resolve("logs/update.log");
        assertThat(LogRotation.forLog(log, java.util.Map.of()).maxBytes()).isEqualTo(3L * 1024 * 1024);
        assertThat(LogRotation.forLog(log, java.util.Map.of("CHATGEIST_LOG_MAX_MB", "1"))
                        .maxBytes())
                .as("the environment wins, as for every setting")
                .isEqualTo(1024 * 1024);
        assertThat(LogRotation.forLog(dir.resolve("elsewhere/logs/x.log"), java.util.Map.of()))
                .isEqualTo(LogRotation.DEFAULT);
    }

    private static Process writer(Path log, String name, int count, String maxMb) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx32m",
                "-cp",
                System.getProperty("java.class.path"),
                LogWriterProcess.class.getName(),
                log.toString(),
                name,
                Integer.toString(count));
        pb.environment().put(LogRotation.MAX_MB_VARIABLE, maxMb);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    /** The log's files, oldest first: NAME.4 ... NAME.1, NAME. */
    private static List<Path> logFiles(Path log) throws IOException {
        String name = log.getFileName().toString();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(log.getParent())) {
            s.filter(p -> p.getFileName().toString().startsWith(name)).forEach(files::add);
        }
        files.sort((x, y) -> Integer.compare(number(y, name), number(x, name)));
        return files;
    }

    private static int number(Path p, String name) {
        String f = p.getFileName().toString();
        return f.equals(name) ? 0 : Integer.parseInt(f.substring(name.length() + 1));
    }

    private static List<Integer> lastNumbers(List<Path> files, String writer) throws IOException {
        List<Integer> ns = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                Matcher m = LINE.matcher(line);
                if (m.matches() && m.group(1).equals(writer)) {
                    ns.add(Integer.parseInt(m.group(2)));
                }
            }
        }
        return ns;
    }

    private static PrintWriter quiet() {
        return new PrintWriter(new StringWriter());
    }
}
