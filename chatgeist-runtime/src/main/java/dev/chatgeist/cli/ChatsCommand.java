package dev.chatgeist.cli;

import dev.chatgeist.archive.Archive;
import dev.chatgeist.archive.ArchiveDirectory;
import dev.chatgeist.archive.ArchiveStats;
import dev.chatgeist.config.Alias;
import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.TargetsFile;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.lock.ProcessLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "chats",
        mixinStandardHelpOptions = true,
        description = "List, add and remove the chats in targets.json.",
        subcommands = {ChatsCommand.ListChats.class, ChatsCommand.AddChat.class, ChatsCommand.RemoveChat.class})
final class ChatsCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() {
        root.cli.err().println("error: say what to do: chats list | chats add ALIAS TARGET | chats remove ALIAS");
        return 2;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Aliases, targets, message counts, last ids and date ranges.")
    static final class ListChats implements Callable<Integer> {
        @ParentCommand
        ChatsCommand chats;

        @Override
        public Integer call() {
            Home home = chats.root.home();
            TargetsFile targets = TargetsFile.load(home.targetsFile());
            Set<String> aliases = new LinkedHashSet<>(targets.chats().keySet());
            aliases.addAll(ArchiveDirectory.aliases(home.databasesDir()));
            PrintWriter out = chats.root.cli.out();
            if (aliases.isEmpty()) {
                out.println("No chats yet. Add one with: chatgeist chats add ALIAS @username");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ALIAS", "TARGET", "MESSAGES", "LAST ID", "FIRST", "LAST", "DELETED", "EDITED"});
            for (String alias : aliases) {
                String target = targets.contains(alias) ? targets.targetOf(alias) : "(not in targets.json)";
                Path db = home.database(alias);
                if (!Files.exists(db)) {
                    rows.add(new String[] {alias, target, "-", "-", "-", "-", "-", "-"});
                    continue;
                }
                try (Archive a = Archive.openReadOnly(db)) {
                    ArchiveStats s = a.stats(0);
                    rows.add(new String[] {
                        alias,
                        target,
                        String.format(Locale.ROOT, "%,d", s.total()),
                        Long.toString(s.lastId()),
                        Format.date(s.firstDate()),
                        Format.date(s.lastDate()),
                        String.format(Locale.ROOT, "%,d", s.deleted()),
                        String.format(Locale.ROOT, "%,d", s.edited())
                    });
                } catch (UserException e) {
                    rows.add(new String[] {alias, target, "unreadable: " + e.getMessage(), "", "", "", "", ""});
                }
            }
            Format.table(out, rows);
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a chat (or change its target).")
    static final class AddChat implements Callable<Integer> {
        @ParentCommand
        ChatsCommand chats;

        @Parameters(index = "0", paramLabel = "ALIAS", description = "Short name; becomes databases/ALIAS.db.")
        String alias;

        @Parameters(
                index = "1",
                paramLabel = "TARGET",
                description = "@username, t.me/name, t.me/c/<id>/..., or a numeric id such as -1001234567890.")
        String target;

        @Override
        public Integer call() throws IOException {
            Alias.check(alias);
            ChatTarget parsed = ChatTarget.parse(target);
            Home home = chats.root.home();
            TargetsFile targets = TargetsFile.load(home.targetsFile());
            Optional<String> before = targets.contains(alias) ? Optional.of(targets.targetOf(alias)) : Optional.empty();
            targets.put(alias, parsed);
            targets.save();
            PrintWriter out = chats.root.cli.out();
            if (before.isPresent() && !before.get().equals(parsed.text())) {
                out.println("Changed " + alias + ": " + before.get() + " -> " + parsed.text());
            } else if (before.isPresent()) {
                out.println(alias + " is already " + parsed.text() + "; nothing changed.");
            } else {
                out.println("Added " + alias + " -> " + parsed.text() + ". Fetch it with: chatgeist update --chat "
                        + alias);
            }
            return 0;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Remove a chat from targets.json and delete its database and media (asks first).")
    static final class RemoveChat implements Callable<Integer> {
        @ParentCommand
        ChatsCommand chats;

        @Parameters(index = "0", paramLabel = "ALIAS")
        String alias;

        @Option(
                names = {"-y", "--yes"},
                description = "Delete the database without asking.")
        boolean yes;

        @Option(
                names = "--keep-data",
                description = "Keep databases/ALIAS.db and media/ALIAS/; only remove the chat from targets.json.")
        boolean keepData;

        @Override
        public Integer call() throws IOException {
            Alias.check(alias);
            Home home = chats.root.home();
            Cli cli = chats.root.cli;
            TargetsFile targets = TargetsFile.load(home.targetsFile());
            Path db = home.database(alias);
            Path export = home.legacyExportDir(alias);
            Path media = home.mediaDir(alias);
            boolean hasData = Files.exists(db) || Files.exists(export) || Files.exists(media);
            if (!targets.contains(alias) && !hasData) {
                throw targets.unknownAlias(alias);
            }
            if (hasData && !keepData) {
                List<Path> doomed = new ArrayList<>();
                for (Path p : ArchiveDirectory.files(db)) {
                    if (Files.exists(p)) {
                        doomed.add(p);
                    }
                }
                for (Path dir : List.of(export, media)) {
                    if (Files.exists(dir)) {
                        doomed.add(dir);
                    }
                }
                if (!yes && !confirm(cli, doomed)) {
                    cli.out()
                            .println("Nothing changed. Use --keep-data to keep the database, or --yes to delete "
                                    + "without asking.");
                    return 1;
                }
                Path lockFile = home.databasesDir().resolve("." + alias + ".lock");
                Optional<ProcessLock> lock = ProcessLock.tryAcquire(lockFile, Duration.ofSeconds(5));
                if (lock.isEmpty()) {
                    throw new UserException(alias + " is being written by another run ("
                            + ProcessLock.describeHolder(lockFile) + "); try again when it has finished");
                }
                try (ProcessLock held = lock.get()) {
                    for (Path p : doomed) {
                        deleteRecursively(p);
                    }
                }
                Files.deleteIfExists(lockFile);
                cli.out().println("Deleted " + doomed.size() + " file(s) of " + alias + ".");
            }
            if (targets.remove(alias)) {
                targets.save();
                cli.out().println("Removed " + alias + " from targets.json.");
            }
            return 0;
        }

        private static boolean confirm(Cli cli, List<Path> doomed) throws IOException {
            cli.out().println("This deletes:");
            for (Path p : doomed) {
                cli.out().println("  " + p);
            }
            cli.out().print("Delete? [y/N] ");
            cli.out().flush();
            String answer = cli.stdin().readLine();
            if (answer == null) {
                cli.out().println();
                return false;
            }
            String a = answer.strip().toLowerCase(Locale.ROOT);
            return a.equals("y") || a.equals("yes");
        }

        private static void deleteRecursively(Path p) throws IOException {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(x);
                    }
                }
            } else {
                Files.deleteIfExists(p);
            }
        }
    }
}
