package dev.chatgeist.cli;

import dev.chatgeist.telegram.client.LoginPrompts;
import java.io.Console;
import java.io.IOException;
import java.util.List;

/**
 * Login questions on the terminal (the password read without echo) or, when standard input is a pipe, one line
 * each from standard input. Prompts go to standard error so that standard output stays clean.
 */
final class ConsolePrompts implements LoginPrompts {
    private final Cli cli;

    ConsolePrompts(Cli cli) {
        this.cli = cli;
    }

    @Override
    public String phone() throws IOException {
        return ask("Phone number of the Telegram account (international form, e.g. +4915112345678): ");
    }

    @Override
    public String code(String question) throws IOException {
        return ask(question);
    }

    @Override
    public String email() throws IOException {
        return ask("E-mail address for logging in to this Telegram account: ");
    }

    @Override
    public char[] password(String hint) throws IOException {
        String prompt = "Two-step verification password" + (hint.isEmpty() ? "" : " (hint: " + hint + ")") + ": ";
        Console console = cli.terminal() ? System.console() : null;
        if (console != null) {
            return console.readPassword("%s", prompt);
        }
        cli.err().print(prompt);
        cli.err().flush();
        String line = cli.stdin().readLine();
        cli.err().println();
        return line == null ? null : line.toCharArray();
    }

    @Override
    public void say(String line) {
        cli.err().println(line);
        cli.err().flush();
    }

    @Override
    public void showQr(List<String> lines) {
        // on a terminal: white on black whatever the theme, so that the light modules are light for the camera
        String on = cli.terminal() ? "\u001b[97;40m" : "";
        String off = cli.terminal() ? "\u001b[0m" : "";
        for (String line : lines) {
            cli.err().println(on + line + off);
        }
        cli.err().flush();
    }

    private String ask(String prompt) throws IOException {
        cli.err().print(prompt);
        cli.err().flush();
        String line = cli.stdin().readLine();
        if (!cli.terminal()) {
            cli.err().println();
        }
        return line == null ? null : line.strip();
    }
}
