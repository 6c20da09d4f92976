package dev.chatgeist.cli;

import dev.chatgeist.bot.BotApp;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "bot",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Telegram bot that answers questions about the archived chats (long polling; stop "
                    + "with Ctrl+C or SIGTERM).",
            "Settings in .env: TELEGRAM_BOT_TOKEN, CHATGEIST_ANALYST=api|docker, ANTHROPIC_API_KEY, "
                    + "CHATGEIST_DAILY_LIMIT, CHATGEIST_WHITELIST, CHATGEIST_MAX_CONCURRENT, CHATGEIST_ALLOWED_USERS; see "
                    + "docs/bot.md. Log: logs/bot.log."
        })
final class BotCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() throws InterruptedException {
        Cli cli = root.cli;
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        BotApp app = BotApp.create(root.home(), cli.environment(), cli.zone(), cli.out(), cli.err());
        // SIGTERM (systemctl stop) and Ctrl+C: stop receiving, let the main thread close the bot, then exit
        Thread hook = new Thread(
                () -> {
                    app.requestStop();
                    stopRequested.countDown();
                    try {
                        closed.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "bot-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            app.start();
            stopRequested.await();
        } catch (InterruptedException e) {
            cli.err().println("stopped before the bot was connected");
        } finally {
            app.close();
            closed.countDown();
        }
        return 0;
    }
}
