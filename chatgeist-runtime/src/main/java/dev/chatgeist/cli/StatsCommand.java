package dev.chatgeist.cli;

import dev.chatgeist.archive.Archive;
import dev.chatgeist.archive.ArchiveDirectory;
import dev.chatgeist.archive.ArchiveStats;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.TargetsFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "Totals per chat, top senders and messages per month (dates in UTC).")
final class StatsCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--chat", paramLabel = "ALIAS", description = "Only this chat.")
    String chat;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Top senders to show (default 10).")
    int top;

    @Override
    public Integer call() {
        Home home = root.home();
        PrintWriter out = root.cli.out();
        Set<String> aliases = new LinkedHashSet<>();
        if (chat != null) {
            ChatArchives.existing(home, chat);
            aliases.add(chat);
        } else {
            aliases.addAll(TargetsFile.load(home.targetsFile()).chats().keySet());
            aliases.addAll(ArchiveDirectory.aliases(home.databasesDir()));
        }
        int shown = 0;
        for (String alias : aliases) {
            if (!Files.exists(home.database(alias))) {
                out.println(alias + ": no archive yet");
                out.println();
                continue;
            }
            try (Archive a = Archive.openReadOnly(home.database(alias))) {
                print(out, alias, a.stats(Math.max(top, 1)));
                shown++;
            }
        }
        if (aliases.isEmpty()) {
            out.println("No chats yet. Add one with: chatgeist chats add ALIAS @username");
        }
        return 0;
    }

    private void print(PrintWriter out, String alias, ArchiveStats s) {
        out.printf(
                Locale.ROOT,
                "%s: %,d messages, last id %d, %s .. %s UTC%n",
                alias,
                s.total(),
                s.lastId(),
                Format.date(s.firstDate()),
                Format.date(s.lastDate()));
        if (s.total() == 0) {
            out.println();
            return;
        }
        out.printf(
                Locale.ROOT,
                "  Deleted on Telegram (kept here): %,d; edited: %,d (%,d earlier texts kept)%n",
                s.deleted(),
                s.edited(),
                s.edits());
        out.println("  Top senders:");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"    #", "SENDER", "MESSAGES", "SHARE"});
        int rank = 0;
        for (ArchiveStats.Sender snd :
                s.topSenders().subList(0, Math.min(top, s.topSenders().size()))) {
            rows.add(new String[] {
                "    " + ++rank,
                snd.label(),
                String.format(Locale.ROOT, "%,d", snd.messages()),
                String.format(Locale.ROOT, "%.1f%%", 100.0 * snd.messages() / s.total())
            });
        }
        Format.table(out, rows);
        out.println("  Messages per month:");
        long max = s.perMonth().stream()
                .mapToLong(ArchiveStats.Month::messages)
                .max()
                .orElse(1);
        for (ArchiveStats.Month m : s.perMonth()) {
            int bar = (int) Math.round(40.0 * m.messages() / max);
            out.printf(Locale.ROOT, "    %s  %,9d  %s%n", m.month(), m.messages(), "#".repeat(bar));
        }
        out.println();
    }
}
