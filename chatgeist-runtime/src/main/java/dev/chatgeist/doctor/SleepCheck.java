package dev.chatgeist.doctor;

import dev.chatgeist.core.process.ProgramRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * On a Mac, {@code pmset -g}: a Mac that sleeps runs no update and no bot while asleep (launchd catches up on wake,
 * the bot does not answer). Not run elsewhere.
 */
final class SleepCheck implements Check {
    private static final Pattern SLEEP = Pattern.compile("(?m)^\\s*sleep\\s+(\\d+)");

    @Override
    public List<Finding> run(Examination exam) {
        if (!exam.mac()) {
            return List.of();
        }
        ProgramRunner runner = exam.runner();
        Optional<Path> pmset = runner.find("pmset");
        if (pmset.isEmpty()) {
            return List.of(Finding.warn("sleep", "pmset not found on PATH", "check System Settings → Energy"));
        }
        ProgramRunner.Result r;
        try {
            r = runner.run(pmset.get(), List.of("-g"), exam.home().dir(), Duration.ofSeconds(10));
        } catch (IOException e) {
            return List.of(Finding.warn("sleep", "cannot run pmset: " + e.getMessage(), "check with pmset -g"));
        }
        Matcher m = SLEEP.matcher(r.stdout());
        if (!r.ok() || !m.find()) {
            return List.of(Finding.warn("sleep", "pmset -g did not say the sleep setting", "check with pmset -g"));
        }
        int minutes = Integer.parseInt(m.group(1));
        if (minutes > 0) {
            return List.of(Finding.warn(
                    "sleep",
                    "the Mac sleeps after " + minutes + " min idle: no updates and no " + "bot while it sleeps",
                    "sudo pmset -c sleep 0 (never sleep on the power adapter), or run the " + "bot on the server"));
        }
        return List.of(Finding.ok("sleep", "system sleep is off (pmset sleep 0)"));
    }
}
