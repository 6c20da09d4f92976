package dev.chatgeist.doctor;

import java.util.ArrayList;
import java.util.List;

/** Runs every check on a home and gathers the findings, in a fixed order: setup, Telegram, bot, data, machine. */
public final class Doctor {
    private final List<Check> checks = List.of(
            new EnvFileCheck(),
            new TelegramCheck(),
            new BotCheck(),
            new AnalystCheck(),
            new JavaCheck(),
            new ArchivesCheck(),
            new SchedulerCheck(),
            new DiskCheck(),
            new SleepCheck());

    /** The findings; a check that breaks is itself a failed finding, and the others still run. */
    public List<Finding> examine(Examination exam) {
        List<Finding> findings = new ArrayList<>();
        for (Check check : checks) {
            try {
                findings.addAll(check.run(exam));
            } catch (RuntimeException e) {
                findings.add(Finding.fail(
                        check.getClass().getSimpleName(),
                        "the check itself failed: " + e,
                        "report it with this line; the other checks ran"));
            }
        }
        return findings;
    }

    public static boolean anyFailed(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.level() == Finding.Level.FAIL);
    }
}
