package dev.chatgeist.cli;

import dev.chatgeist.archive.ArchiveWriter;
import dev.chatgeist.config.Alias;
import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.TargetsFile;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.source.DesktopExportSource;
import dev.chatgeist.source.HistorySource;
import dev.chatgeist.source.SourceFormat;
import dev.chatgeist.update.ChatResult;
import dev.chatgeist.update.UpdateEngine;
import dev.chatgeist.util.ConsoleProgress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Import history files into a chat's archive: the Python version's JSONL dump "
                    + "(export_data/<alias>/messages.jsonl) or a Telegram Desktop export (result.json). The format is "
                    + "detected. Rows are upserted by id; importing the same file again changes nothing.",
            "Lines (or result.json messages) that cannot be stored as written are reported with their line "
                    + "numbers and the rest is imported: malformed JSON, ids outside 1..2147483647, numbers that do not "
                    + "fit, more than 1 MiB per message, JSON nested over 1,000 levels. See README, \"Bad lines\"."
        })
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(
            names = "--chat",
            required = true,
            paramLabel = "ALIAS",
            description = "The chat's alias (its archive is databases/ALIAS.db).")
    String chat;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "messages.jsonl or result.json (or a folder holding one).")
    List<Path> files;

    @Override
    public Integer call() {
        Alias.check(chat);
        Cli cli = root.cli;
        Home home = root.home();
        TargetsFile targets = TargetsFile.load(home.targetsFile());
        Optional<ChatTarget> target = Optional.empty();
        if (targets.contains(chat)) {
            try {
                target = Optional.of(ChatTarget.parse(targets.targetOf(chat)));
            } catch (UserException e) {
                cli.err()
                        .println("warning: the target of " + chat + " in targets.json is not valid (" + e.getMessage()
                                + "); importing without it");
            }
        }
        List<HistorySource> sources = new ArrayList<>();
        for (Path f : files) {
            sources.add(SourceFormat.open(f, cli.zone()));
        }
        if (!targets.contains(chat)) {
            // a Desktop export knows its chat's id: then `update` can continue where the export ends
            String suggested = sources.stream()
                    .filter(DesktopExportSource.class::isInstance)
                    .map(s -> ((DesktopExportSource) s).markedChatId())
                    .flatMap(Optional::stream)
                    .findFirst()
                    .orElse("@username");
            cli.err()
                    .println("note: " + chat + " is not in targets.json, so `update` will not refresh it; add it "
                            + "with: chatgeist chats add " + chat + " " + suggested);
        }
        try (EventLog log = new EventLog(home.logsDir().resolve("update.log"), cli.out(), cli.err())) {
            UpdateEngine engine = new UpdateEngine(
                    home,
                    log,
                    Duration.ofSeconds(10),
                    ArchiveWriter.DEFAULT_BATCH,
                    label -> new ConsoleProgress(cli.err(), cli.terminal(), label));
            ChatResult r = engine.importFiles(chat, target, sources);
            return switch (r.outcome()) {
                case OK -> 0;
                case BUSY, FAILED -> 1;
            };
        }
    }
}
