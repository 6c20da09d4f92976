package dev.chatgeist.cli;

import dev.chatgeist.config.Home;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "chatgeist",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Archives Telegram chats into SQLite and answers questions about them.",
        subcommands = {ChatsCommand.class, UpdateCommand.class, ImportCommand.class, StatsCommand.class,
            SyncTokenCommand.class, LoginCommand.class, LogoutCommand.class, BotCommand.class, ReportCommand.class,
            SearchCommand.class, SqlCommand.class, ExportCommand.class},
        footer = {"", "The home directory holds targets.json, .env, telegram.session, databases/, media/, logs/ and prompts/."})
final class RootCommand implements java.util.concurrent.Callable<Integer> {
    final Cli cli;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Home directory (default: $CHATGEIST_HOME, else the current directory).")
    Path home;

    RootCommand(Cli cli) {
        this.cli = cli;
    }

    Home home() {
        return cli.home(home);
    }

    @Override
    public Integer call() {
        cli.err().println("error: a command is required; see `chatgeist --help`");
        return 2;
    }
}
