package dev.chatgeist.cli;

import dev.chatgeist.archive.Archive;
import dev.chatgeist.core.UserException;
import dev.chatgeist.export.ArchiveExport;
import dev.chatgeist.export.ExportFormat;
import dev.chatgeist.util.ConsoleProgress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write a chat's whole archive, message by message in id order, to a file or standard output.",
            "jsonl (the default) is the Python version's dump format: `chatgeist import` (or jsonl_to_sqlite.py) "
                    + "of the export gives the same rows. csv is RFC 4180, UTF-8, with a header row of the column names.",
            "With -o, progress is shown on a terminal; the summary goes to standard error."
        })
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--chat", required = true, paramLabel = "ALIAS", description = "The chat to export.")
    String chat;

    @Option(
            names = "--format",
            paramLabel = "jsonl|csv",
            defaultValue = "jsonl",
            description = "Output format (default jsonl).")
    String format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write here (replaced only when the export is complete); default: standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        Cli cli = root.cli;
        ExportFormat kind = ExportFormat.parse(format);
        Path file = ChatArchives.existing(root.home(), chat);
        // with the data on standard output a progress line would land among the rows
        ConsoleProgress progress = new ConsoleProgress(cli.err(), cli.terminal() && output != null, "export " + chat);
        ArchiveExport.Summary summary;
        try (Archive archive = Archive.openReadOnly(file)) {
            ArchiveExport export = new ArchiveExport(kind, cli.zone());
            summary = output == null ? toStdout(export, archive, cli, progress) : toFile(export, archive, progress);
        } catch (SQLException e) {
            throw new UserException(
                    "reading " + file + " failed: " + e.getMessage() + "; nothing was replaced. "
                            + "Check the archive with `chatgeist stats --chat " + chat + "`",
                    1,
                    e);
        } finally {
            progress.done();
        }
        cli.err()
                .printf(
                        Locale.ROOT,
                        "exported %,d messages of %s to %s (%s)%n",
                        summary.rows(),
                        chat,
                        output == null ? "standard output" : output,
                        kind.name().toLowerCase(Locale.ROOT));
        for (String note : summary.notes()) {
            cli.err().println("warning: " + note);
        }
        return 0;
    }

    private static ArchiveExport.Summary toStdout(
            ArchiveExport export, Archive archive, Cli cli, ConsoleProgress progress) throws IOException, SQLException {
        ArchiveExport.Summary s = export.write(archive.readConnection(), cli.out(), rowsAnd(progress));
        cli.out().flush();
        if (cli.out().checkError()) {
            throw new UserException("writing to standard output failed (closed pipe or full disk)", 1, null);
        }
        return s;
    }

    /** Streams into FILE.part beside the target and renames it over the target only when complete. */
    private ArchiveExport.Summary toFile(ArchiveExport export, Archive archive, ConsoleProgress progress)
            throws IOException, SQLException {
        Path target = output.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new UserException(output + " is a directory; give a file name, e.g. -o "
                    + output.resolve(chat + "." + format.toLowerCase(Locale.ROOT)));
        }
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Thread cleanup = new Thread(() -> deleteQuietly(part)); // Ctrl-C: leave no half-written file behind
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            ArchiveExport.Summary s;
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(part, StandardCharsets.UTF_8), 1 << 16)) {
                s = export.write(archive.readConnection(), w, rowsAnd(progress));
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return s;
        } catch (IOException e) {
            throw new UserException(
                    "cannot write " + output + " (" + e.getMessage() + "); the previous file, if any, "
                            + "is unchanged. Free some space or choose another place with -o",
                    1,
                    e);
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            deleteQuietly(part);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing more to do for a temporary file
        }
    }

    private static dev.chatgeist.source.Progress rowsAnd(ConsoleProgress progress) {
        return (done, total) -> {
            progress.update(done, total);
            progress.rows(done);
        };
    }
}
