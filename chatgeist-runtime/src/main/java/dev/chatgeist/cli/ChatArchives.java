package dev.chatgeist.cli;

import dev.chatgeist.archive.ArchiveDirectory;
import dev.chatgeist.config.Alias;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.TargetsFile;
import dev.chatgeist.core.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The archive files the commands read, named by alias, with the messages for a missing one. */
final class ChatArchives {
    private ChatArchives() {}

    /** The archive of {@code alias}; refuses an unknown alias or a chat that has no archive yet. */
    static Path existing(Home home, String alias) {
        Alias.check(alias);
        Path file = home.database(alias);
        if (!Files.exists(file)) {
            TargetsFile targets = TargetsFile.load(home.targetsFile());
            if (!targets.contains(alias)) {
                throw targets.unknownAlias(alias);
            }
            throw new UserException(alias + " has no archive yet; run: chatgeist update --chat " + alias);
        }
        return file;
    }

    /** Every alias that has an archive; refuses when there is none. */
    static List<String> all(Home home) {
        List<String> aliases = ArchiveDirectory.aliases(home.databasesDir());
        if (aliases.isEmpty()) {
            throw new UserException("no archives in " + home.databasesDir() + " yet; add a chat with "
                    + "`chatgeist chats add ALIAS @username` and run `chatgeist update`, or `chatgeist import`");
        }
        return aliases;
    }
}
