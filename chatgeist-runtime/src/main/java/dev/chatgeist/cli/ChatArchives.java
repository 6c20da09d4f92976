package dev.chatgeist.cli;

import dev.chatgeist.config.Alias;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.TargetsFile;
import dev.chatgeist.core.UserException;
import java.nio.file.Files;

/** The archive a command reads, named by alias: it must exist, and the error says why not and what to run. */
final class ChatArchives {
    private ChatArchives() {
    }

    /** Checks that {@code alias} is valid and has an archive; an unknown alias and a chat not fetched yet differ. */
    static void requireArchive(Home home, String alias) {
        Alias.check(alias);
        if (!Files.exists(home.database(alias))) {
            TargetsFile targets = TargetsFile.load(home.targetsFile());
            if (!targets.contains(alias)) {
                throw targets.unknownAlias(alias);
            }
            throw new UserException(alias + " has no archive yet; run: chatgeist update --chat " + alias);
        }
    }
}
