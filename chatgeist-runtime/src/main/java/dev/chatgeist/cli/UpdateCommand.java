package dev.chatgeist.cli;

import dev.chatgeist.archive.ArchiveWriter;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.Settings;
import dev.chatgeist.config.TargetsFile;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.core.log.JobLog;
import dev.chatgeist.core.log.RunOutcome;
import dev.chatgeist.update.RefreshWindow;
import dev.chatgeist.update.StopOnShutdown;
import dev.chatgeist.update.StopSignal;
import dev.chatgeist.update.UpdateEngine;
import dev.chatgeist.update.UpdateRun;
import dev.chatgeist.util.ConsoleProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description = {
            "Fetch each chat's messages newer than its archive holds and store them.",
            "With CHATGEIST_DOWNLOAD_MEDIA=photos or all in .env, their photos and files go to media/ALIAS/ too.",
            "Each run also re-reads the recent past (CHATGEIST_REFRESH_DAYS, default 7; 0 = off) within a small "
                    + "request budget: reactions, views, forwards and edits are updated, deletions recorded; "
                    + "CHATGEIST_REFRESH_WHOLE_EVERY_DAYS=N re-reads the whole window every N days "
                    + "(docs/mtproto.md).",
            "Logs to logs/update.log, ending with the run's outcome line (run=update outcome=ok|failed|busy ...). "
                    + "Exit status: 0 all done (or another update is already running), "
                    + "1 a chat failed, 2 bad configuration. SIGTERM or Ctrl+C stops the run after the chat being "
                    + "written has stored every message received."
        })
final class UpdateCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--chat", paramLabel = "ALIAS", description = "Only this chat.")
    String chat;

    @Option(
            names = "--full",
            description = "Re-read the whole history: changed reactions, views and texts are updated (old texts "
                    + "kept), deletions recorded, missing files fetched again.")
    boolean full;

    @Option(
            names = "--refresh",
            paramLabel = "DAYS",
            description = "Re-read every message of the last DAYS days in this run, whatever the daily budget.")
    Integer refresh;

    @Option(names = "--limit", paramLabel = "N", description = "At most N messages per chat (default: all).")
    long limit;

    @Override
    public Integer call() throws IOException {
        if (limit < 0) {
            throw new UserException("--limit must be 0 or more");
        }
        if (full && refresh != null) {
            throw new UserException("--full already re-reads everything; drop --refresh " + refresh);
        }
        Cli cli = root.cli;
        Home home = root.home();
        if (!Files.exists(home.targetsFile())) {
            throw new UserException("no targets.json in " + home.dir() + "; add a chat first: chatgeist chats add "
                    + "ALIAS @username (or pass --home DIR)");
        }
        TargetsFile targets = TargetsFile.load(home.targetsFile());
        List<String> aliases = new ArrayList<>();
        if (chat != null) {
            targets.targetOf(chat);
            aliases.add(chat);
        } else {
            aliases.addAll(targets.chats().keySet());
        }
        Settings settings = cli.settings(home);
        RefreshWindow window = full
                ? RefreshWindow.everything()
                : refresh != null ? RefreshWindow.forced(refresh) : RefreshWindow.from(settings);
        StopSignal stop = new StopSignal();
        try (StopOnShutdown onSignal = new StopOnShutdown(stop);
                EventLog log = new EventLog(home.logsDir().resolve(JobLog.UPDATE.fileName()), cli.out(), cli.err())) {
            if (aliases.isEmpty()) {
                log.outcome(
                        "targets.json lists no chats; add one with: chatgeist chats add ALIAS @username",
                        RunOutcome.ok(UpdateRun.JOB, "chats=0"));
                return 0;
            }
            UpdateEngine engine = new UpdateEngine(
                    home,
                    log,
                    Duration.ofSeconds(10),
                    ArchiveWriter.DEFAULT_BATCH,
                    label -> new ConsoleProgress(cli.err(), cli.terminal(), label),
                    stop);
            UpdateRun.Result result = new UpdateRun(home, log, engine)
                    .run(
                            aliases,
                            targets,
                            () -> cli.liveSources().open(home, settings, cli.out()),
                            new UpdateEngine.Options(limit, full, window));
            return result instanceof UpdateRun.Finished f && f.anyFailed() ? 1 : 0;
        }
    }
}
