package dev.chatgeist.cli;

import dev.chatgeist.config.Home;
import dev.chatgeist.config.Settings;
import dev.chatgeist.update.LiveSourceProvider;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

/** What a command needs from the outside world; tests build one with their own streams and environment. */
public record Cli(
        Map<String, String> environment,
        BufferedReader stdin,
        PrintWriter out,
        PrintWriter err,
        boolean terminal,
        ZoneId zone,
        LiveSources liveSources) {

    /** Opens the live Telegram source for a home; tests substitute stand-ins. */
    @FunctionalInterface
    public interface LiveSources {
        LiveSourceProvider open(Home home, Settings settings, PrintWriter out);
    }

    Home home(Path option) {
        return Home.resolve(option, environment);
    }

    Settings settings(Home home) {
        return Settings.load(home, environment);
    }
}
