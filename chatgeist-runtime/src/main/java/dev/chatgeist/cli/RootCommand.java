package dev.chatgeist.cli;

import dev.chatgeist.config.Home;
import dev.chatgeist.core.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "chatgeist",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Archives Telegram chats into SQLite and answers questions about them.",
        subcommands = {
            ChatsCommand.class,
            UpdateCommand.class,
            ImportCommand.class,
            StatsCommand.class,
            SyncTokenCommand.class,
            LoginCommand.class,
            LogoutCommand.class,
            BotCommand.class,
            ReportCommand.class,
            SearchCommand.class,
            SqlCommand.class,
            ExportCommand.class
        },
        footer = {
            "",
            "The home directory holds targets.json, .env, telegram.session, databases/, media/, logs/ and prompts/."
        })
final class RootCommand implements java.util.concurrent.Callable<Integer> {
    final Cli cli;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "Home directory (default: $CHATGEIST_HOME, else the current directory).")
    Path home;

    RootCommand(Cli cli) {
        this.cli = cli;
    }

    /** The home directory; one that does not exist is an error (exit 2), not an empty home. */
    Home home() {
        Home h = cli.home(home);
        if (!Files.isDirectory(h.dir())) {
            String given = home != null
                    ? "--home " + home
                    : "CHATGEIST_HOME=" + cli.environment().get("CHATGEIST_HOME");
            throw new UserException("home directory " + h.dir() + " does not exist (" + given + "); create it with "
                    + "mkdir -p " + h.dir() + " or pass the right --home DIR");
        }
        return h;
    }

    @Override
    public Integer call() {
        cli.err().println("error: a command is required; see `chatgeist --help`");
        return 2;
    }
}
