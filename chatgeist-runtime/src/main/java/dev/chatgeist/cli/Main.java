package dev.chatgeist.cli;

import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.client.TelegramLiveSources;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of {@code chatgeist-runtime.jar}. */
public final class Main {
    /** The live source of every chat: the logged-in Telegram account (see `chatgeist login`). */
    public static final Cli.LiveSources TELEGRAM = TelegramLiveSources::open;

    private Main() {}

    public static void main(String[] args) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        int code = run(args, System.getenv(), System.in, System.out, System.err, terminal);
        System.exit(code);
    }

    /** Runs one command line; returns its exit status. */
    public static int run(
            String[] args,
            Map<String, String> env,
            InputStream in,
            PrintStream out,
            PrintStream err,
            boolean terminal) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Cli cli = new Cli(
                env,
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                o,
                e,
                terminal,
                ZoneId.systemDefault(),
                TELEGRAM);
        return run(cli, args);
    }

    /** Runs one command line with a prepared context (tests). */
    public static int run(Cli cli, String... args) {
        int code = commandLine(cli).execute(args);
        cli.out().flush();
        cli.err().flush();
        return code;
    }

    static CommandLine commandLine(Cli cli) {
        CommandLine cmd = new CommandLine(new RootCommand(cli));
        // the operator's commands, added here to keep RootCommand's list to the archive's own commands
        cmd.addSubcommand(new DoctorCommand());
        cmd.addSubcommand(new CompletionCommand());
        cmd.addSubcommand(new CommandLine.HelpCommand());
        cmd.setOut(cli.out());
        cmd.setErr(cli.err());
        cmd.setExecutionStrategy(new FailedRunLog());
        cmd.setColorScheme(CommandLine.Help.defaultColorScheme(
                cli.terminal() ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserException u) {
                cli.err().println("error: " + u.getMessage());
                return u.exitCode();
            }
            cli.err().println("error: " + ex);
            if (cli.environment().containsKey("CHATGEIST_DEBUG")) {
                ex.printStackTrace(cli.err());
            } else {
                cli.err().println("(set CHATGEIST_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return cmd;
    }
}
