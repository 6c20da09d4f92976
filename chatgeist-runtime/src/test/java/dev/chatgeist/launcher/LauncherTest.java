package dev.chatgeist.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatgeist.core.log.RunOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/chatgeist, run by sh as people and schedulers run it, with the real runtime behind it. */
class LauncherTest {
    @TempDir
    Path dir;

    private Path home() throws Exception {
        return Files.createDirectories(dir.resolve("home"));
    }

    @Test
    void installedLayoutRunsTheJarBesideItWithTheBatchFlags() throws Exception {
        Path record = dir.resolve("java-args.txt");
        Launcher chatgeist = Launcher.installed(dir.resolve("app"))
                .env(
                        "CHATGEIST_JAVA",
                        Launcher.recordingJava(dir.resolve("jdk"), record).toString());
        Launcher.Result r = chatgeist.run("--home", home().toString(), "chats", "list");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("No chats yet");
        assertThat(lastLine(record))
                .isEqualTo("-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "
                        + dir.resolve("app/chatgeist-runtime.jar") + " --home " + home() + " chats list");
    }

    @Test
    void theBotGetsABotSizedHeapAndChatgeistJavaOptsWins() throws Exception {
        Path record = dir.resolve("java-args.txt");
        Launcher chatgeist = Launcher.installed(dir.resolve("app"))
                .env(
                        "CHATGEIST_JAVA",
                        Launcher.recordingJava(dir.resolve("jdk"), record).toString());
        assertThat(chatgeist.run("bot", "--help").exit()).isZero();
        assertThat(lastLine(record)).startsWith("-Xmx256m -XX:+UseSerialGC -jar ");
        assertThat(chatgeist
                        .env("CHATGEIST_JAVA_OPTS", "-Xmx100m -Xss512k")
                        .run("--version")
                        .exit())
                .isZero();
        assertThat(lastLine(record)).startsWith("-Xmx100m -Xss512k -jar ");
    }

    @Test
    void repositoryLayoutAndASymlinkFromElsewhere() throws Exception {
        Launcher repo = Launcher.repository(dir.resolve("repo"));
        Launcher.Result direct = repo.run("--version");
        assertThat(direct.exit()).as(direct.err()).isZero();
        assertThat(direct.out()).startsWith("chatgeist ");
        Launcher linked = Launcher.installed(dir.resolve("app")).linkedFrom(dir.resolve("dot-local/bin/chatgeist"));
        Launcher.Result viaLink = linked.run("--home", home().toString(), "chats", "list");
        assertThat(viaLink.exit()).as(viaLink.err()).isZero();
        assertThat(viaLink.out()).contains("No chats yet");
    }

    @Test
    void javaFromJavaHomeThenPath() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        Launcher chatgeist = Launcher.installed(dir.resolve("app")).env("JAVA_HOME", jdk.toString());
        assertThat(chatgeist.run("--version").exit()).isZero();
        Launcher onPath = Launcher.installed(dir.resolve("app2")).env("PATH", jdk.resolve("bin") + ":/usr/bin:/bin");
        assertThat(onPath.run("--version").exit()).isZero();
        Launcher none = Launcher.installed(dir.resolve("app3"))
                .env("JAVA_HOME", dir.resolve("no-jdk").toString());
        Launcher.Result r = none.run("--version");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("no Java found (looked at JAVA_HOME: " + dir.resolve("no-jdk/bin/java"))
                .contains("install JDK 17 or newer");
    }

    @Test
    void javaTooOldIsAClearErrorAndTheUpdatesOutcomeLine() throws Exception {
        Launcher chatgeist = Launcher.installed(dir.resolve("app"))
                .env("CHATGEIST_JAVA", Launcher.java11(dir.resolve("jdk11/bin")).toString());
        Launcher.Result r = chatgeist.run("--home", home().toString(), "update");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("Java too old")
                .contains("is 11.0.22")
                .contains("needs 17 or newer")
                .contains("CHATGEIST_JAVA");
        List<String> log = Files.readAllLines(home().resolve("logs/update.log"));
        RunOutcome.Logged line = RunOutcome.parse(log.get(log.size() - 1)).orElseThrow();
        assertThat(line.level()).isEqualTo("ERROR");
        assertThat(line.outcome().job()).isEqualTo("update");
        assertThat(line.outcome().result()).isEqualTo(RunOutcome.Result.FAILED);
        assertThat(line.outcome().reason()).startsWith("Java too old: ");

        chatgeist.env("CHATGEIST_HOME", home().toString()).run("sync-token");
        assertThat(Files.readString(home().resolve("logs/sync_token.log")))
                .contains("ERROR run=sync-token outcome=failed reason=\"Java too old");
    }

    @Test
    void aMissingJarSaysHowToBuildIt() throws Exception {
        Launcher.Result r = Launcher.withoutJar(dir.resolve("repo")).run("--home", home().toString(), "login");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("no chatgeist-runtime.jar at " + dir.resolve("repo/chatgeist-runtime/target"))
                .contains("./mvnw -q -B package -DskipTests");
        assertThat(Files.readString(home().resolve("logs/login.log"))).contains("run=login outcome=failed");
    }

    @Test
    void aFailureBeforeAnyChatIsTheOutcomeLineOfTheRuntime() throws Exception {
        Launcher chatgeist = Launcher.installed(dir.resolve("app"));
        Files.writeString(home().resolve("targets.json"), "{\"chats\": {\"main\": \"@main_chat\"}}");
        Launcher.Result r = chatgeist.run("--home", home().toString(), "update");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("run `chatgeist login` first");
        String last = Files.readAllLines(home().resolve("logs/update.log")).get(0);
        assertThat(last)
                .matches("\\S+ ERROR run=update outcome=failed reason=\"not logged in to Telegram .*"
                        + "run `chatgeist login` first\" duration_ms=\\d+");
    }

    @Test
    void anOversizedOutLogIsRotatedAndTheRunningWriterLosesNothing() throws Exception {
        Path logs = Files.createDirectories(home().resolve("logs"));
        Path outLog = logs.resolve("update.out.log");
        String before = "an earlier run's output line\n".repeat(40_000); // 1.2 MB
        Files.writeString(outLog, before);
        for (int n = 1; n <= 4; n++) {
            Files.writeString(logs.resolve("update.out.log." + n), "rotated " + n + "\n");
        }
        Launcher chatgeist = Launcher.installed(dir.resolve("app")).env("CHATGEIST_LOG_MAX_MB", "1");
        // like cron's `>> logs/update.out.log 2>&1`: the file is opened before bin/chatgeist starts
        Launcher.Result r = chatgeist.run(outLog, "--home", home().toString(), "update");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(outLog).as("the next run starts a new file").doesNotExist();
        String rotated = Files.readString(logs.resolve("update.out.log.1"), StandardCharsets.UTF_8);
        assertThat(rotated).startsWith(before).contains("no targets.json in");
        assertThat(Files.readString(logs.resolve("update.out.log.2"))).isEqualTo("rotated 1\n");
        assertThat(Files.readString(logs.resolve("update.out.log.4")))
                .as("the oldest dropped")
                .isEqualTo("rotated 3\n");
        assertThat(logs.resolve("update.out.log.5")).doesNotExist();

        Files.writeString(outLog, "small\n");
        chatgeist.run(outLog, "--home", home().toString(), "update");
        assertThat(Files.readString(outLog))
                .as("under the limit: left alone")
                .startsWith("small\n")
                .contains("no targets.json in");
    }

    private static String lastLine(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        return lines.get(lines.size() - 1);
    }
}
