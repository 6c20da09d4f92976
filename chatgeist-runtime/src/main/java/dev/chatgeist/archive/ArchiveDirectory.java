package dev.chatgeist.archive;

import dev.chatgeist.config.Alias;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code databases/} folder: one {@code <alias>.db} per chat. */
public final class ArchiveDirectory {
    private ArchiveDirectory() {}

    /** Aliases of the archives present, sorted; files whose names are not valid aliases are ignored. */
    public static List<String> aliases(Path dir) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.db")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String alias = name.substring(0, name.length() - 3);
                if (Alias.isValid(alias) && Files.isRegularFile(p)) {
                    out.add(alias);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        out.sort(String::compareTo);
        return out;
    }

    /** The database file and its WAL companions. */
    public static List<Path> files(Path database) {
        return List.of(database, Path.of(database + "-wal"), Path.of(database + "-shm"));
    }
}
