package dev.chatgeist.sql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** A stand-in for the bot's JVM in {@link SqlWorkerProcessTest}: it runs one endless statement until killed. */
public final class SqlSandboxChild {
    private SqlSandboxChild() {}

    public static void main(String[] args) throws Exception {
        var sandbox = new SqlSandbox(Path.of(args[0]), SqlLimits.DEFAULT.withTimeout(Duration.ofSeconds(120)));
        sandbox.query("chat", Set.of("chat"), "SELECT 1", () -> false);
        System.out.println("running");
        System.out.flush();
        sandbox.query("chat", Set.of("chat"), SqlSandboxTest.SLOW_INSTR, () -> false);
    }
}
