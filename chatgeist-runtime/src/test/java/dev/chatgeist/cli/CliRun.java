package dev.chatgeist.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the real CLI in-process with the production Telegram live source, given environment and standard input. */
public final class CliRun {
    public final int exit;
    public final String out;
    public final String err;

    private CliRun(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    public static CliRun run(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = new Cli(
                env,
                new BufferedReader(new StringReader(stdin)),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                false,
                ZoneOffset.UTC,
                Main.TELEGRAM);
        int code = Main.run(cli, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public String all() {
        return out + err;
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
