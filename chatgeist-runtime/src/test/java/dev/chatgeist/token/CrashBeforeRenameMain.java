package dev.chatgeist.token;

import dev.chatgeist.config.Home;
import dev.chatgeist.core.credentials.FileCredentials;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.core.process.ProgramRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Runs a real {@link TokenSync} that dies (no shutdown hooks, no finally blocks: {@code Runtime.halt}) after the new
 * .env is written to its temporary file and before the rename: the JVM crashing at the worst moment.
 * Arguments: home, credentials file, bin directory (PATH).
 */
public final class CrashBeforeRenameMain {
    public static final int CRASH_STATUS = 86;

    private CrashBeforeRenameMain() {}

    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        ProgramRunner runner = new ProgramRunner(Map.of("PATH", args[2]));
        PrintWriter out = new PrintWriter(System.out, true);
        TokenSync sync = new TokenSync(
                new Home(home),
                new FileCredentials(Path.of(args[1])),
                runner,
                new SandboxRestarter(runner, home),
                Clock.systemUTC(),
                EventLog.consoleOnly(out, out),
                temporary -> Runtime.getRuntime().halt(CRASH_STATUS));
        sync.run(new TokenSync.Options(false, false, null, Duration.ofSeconds(10)));
        System.exit(0); // not reached when the hook runs
    }
}
