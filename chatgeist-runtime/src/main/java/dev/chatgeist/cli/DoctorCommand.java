package dev.chatgeist.cli;

import dev.chatgeist.config.Home;
import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import dev.chatgeist.doctor.Doctor;
import dev.chatgeist.doctor.Examination;
import dev.chatgeist.doctor.Finding;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        description = {
            "Check this home and say, one line each, ok / warn / fail, what was found and the fix: .env "
                    + "(present, mode 0600), the Telegram API values, the session (one request to Telegram) and whether "
                    + "Telegram is reachable, the bot token (getMe), the Anthropic key or the Docker sandbox and the Claude "
                    + "token's expiry, Java, the archives (PRAGMA quick_check, against targets.json), the scheduler entries, "
                    + "free disk space and, on a Mac, the sleep setting.",
            "Changes nothing. Exit status: 0 nothing failed (warnings allowed), 1 something failed."
        })
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "How long each network check may wait (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw new UserException("--timeout must be at least 1 second");
        }
        Cli cli = root.cli;
        Home home = root.home();
        Settings settings;
        try {
            settings = cli.settings(home);
        } catch (UncheckedIOException e) {
            settings = Settings.of(cli.environment()); // the .env check says what is wrong with the file
        }
        Examination exam = new Examination(
                home,
                settings,
                cli.environment(),
                System.getProperty("os.name"),
                Clock.system(cli.zone()),
                Duration.ofSeconds(timeoutSeconds),
                Path.of("/etc/systemd/system"));
        cli.out().println("chatgeist doctor: " + home.dir());
        List<Finding> findings = new Doctor().examine(exam);
        findings.forEach(f -> cli.out().println(f.line()));
        boolean failed = Doctor.anyFailed(findings);
        long warnings =
                findings.stream().filter(f -> f.level() == Finding.Level.WARN).count();
        cli.out()
                .println(
                        failed
                                ? "Something needs fixing (see the fail lines)."
                                : warnings > 0 ? "Nothing failed; " + warnings + " warning(s)." : "All is well.");
        return failed ? 1 : 0;
    }
}
