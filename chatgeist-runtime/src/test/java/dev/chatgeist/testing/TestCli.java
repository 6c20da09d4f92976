package dev.chatgeist.testing;

import dev.chatgeist.cli.Cli;
import dev.chatgeist.cli.Main;
import dev.chatgeist.update.LiveSourceProvider;
import dev.chatgeist.update.NoLiveSource;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the real CLI in-process with captured output, a chosen stdin and environment. */
public final class TestCli {
    public record Run(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private final Path home;
    private final Map<String, String> env = new HashMap<>();
    private Cli.LiveSources liveSources = (h, s, o) -> new NoLiveSource();
    private boolean terminal;

    public TestCli(Path home) {
        this.home = home;
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    public TestCli env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public TestCli live(LiveSourceProvider provider) {
        this.liveSources = (h, s, o) -> provider;
        return this;
    }

    /** Opens the live source this way (e.g. failing as production does without a session). */
    public TestCli liveSources(Cli.LiveSources sources) {
        this.liveSources = sources;
        return this;
    }

    public TestCli terminal(boolean terminal) {
        this.terminal = terminal;
        return this;
    }

    public Run run(String... args) {
        return runWithInput("", args);
    }

    public Run runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = new Cli(
                Map.copyOf(env),
                new BufferedReader(new StringReader(stdin)),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                terminal,
                ZoneId.of("UTC"),
                liveSources);
        String[] full = new String[args.length + 2];
        full[0] = "--home";
        full[1] = home.toString();
        System.arraycopy(args, 0, full, 2, args.length);
        int code = Main.run(cli, full);
        return new Run(code, out.toString(), err.toString());
    }

    public static List<String> lines(String text) {
        return text.lines().toList();
    }
}
