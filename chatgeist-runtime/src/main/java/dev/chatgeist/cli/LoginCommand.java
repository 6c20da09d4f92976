package dev.chatgeist.cli;

import dev.chatgeist.config.Home;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.core.log.JobLog;
import dev.chatgeist.core.log.RunOutcome;
import dev.chatgeist.telegram.client.LoginFlow;
import dev.chatgeist.telegram.client.QrLogin;
import dev.chatgeist.telegram.client.SessionState;
import dev.chatgeist.telegram.client.SessionStore;
import dev.chatgeist.telegram.client.TelegramClient;
import dev.chatgeist.telegram.client.TelegramSettings;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.api.User;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Log in to Telegram with your own account, once: the code Telegram sends (to the app, by SMS, "
                    + "call or e-mail; type `resend` to get it another way) is asked for, then the two-step "
                    + "verification password if the account has one (checked by SRP; it never leaves this machine). "
                    + "With --qr no phone number is needed: scan the QR code shown with the Telegram app (Settings → "
                    + "Devices → Link Desktop Device). The session is saved in telegram.session (mode 0600) in the home "
                    + "directory and reused by `update`.",
            "Needs TELEGRAM_API_ID and TELEGRAM_API_HASH (from https://my.telegram.org) in .env."
        })
final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Option(names = "--phone", paramLabel = "+NUMBER", description = "The account's phone number (else asked).")
    String phone;

    @Option(
            names = "--qr",
            description =
                    "Log in by scanning a QR code with the Telegram app on your phone (no phone number, no " + "code).")
    boolean qr;

    @Override
    public Integer call() throws IOException {
        Cli cli = root.cli;
        if (qr && phone != null) {
            throw new UserException("--qr logs in without a phone number; give either --qr or --phone, not both");
        }
        Home home = root.home();
        // a person is waiting: no connection within 30 s fails the login instead of backing off for 10 minutes
        TelegramSettings settings = TelegramSettings.from(cli.settings(home)).interactive();
        SessionStore store = SessionStore.in(home.dir());
        Optional<SessionState> existing = store.load();
        if (existing.isPresent() && existing.get().loggedIn()) {
            cli.out()
                    .println("Already logged in (user id " + existing.get().userId + ", session " + store.file()
                            + "). To use another account run `chatgeist logout` first.");
            try (EventLog log = new EventLog(home.logsDir().resolve(JobLog.LOGIN.fileName()), cli.err(), cli.err())) {
                log.outcome(RunOutcome.ok(JobLog.LOGIN.command(), "already=yes user_id=" + existing.get().userId));
            }
            return 0;
        }
        SessionState state = existing.orElseGet(SessionState::new);
        try (EventLog log = new EventLog(home.logsDir().resolve("login.log"), cli.err(), cli.err());
                TelegramClient client = new TelegramClient(
                        TlSchema.standard(),
                        settings,
                        state,
                        fields -> log.fileOnly("INFO", fields),
                        () -> save(store, state))) {
            User user;
            try {
                ConsolePrompts prompts = new ConsolePrompts(cli);
                user = qr
                        ? new QrLogin(client, settings, prompts).run()
                        : new LoginFlow(client, settings, prompts).run(phone);
            } catch (TelegramClient.KeyExchangeException e) {
                throw new UserException(
                        e.getMessage() + "; if TELEGRAM_DC points at a test server, set "
                                + "TELEGRAM_SERVER_KEY to its public key",
                        e);
            } catch (IOException e) {
                throw new UserException(
                        "cannot reach Telegram: " + e.getMessage() + "; check the network (and "
                                + "TELEGRAM_DC if set) and run `chatgeist login` again",
                        1,
                        e);
            }
            store.save(state);
            String name = String.join(" ", nonNull(user.firstName()), nonNull(user.lastName()))
                    .strip();
            String username = user.username();
            log.outcome(RunOutcome.ok(JobLog.LOGIN.command(), "user_id=" + state.userId + " dc=" + state.homeDc));
            cli.out()
                    .println("Logged in as " + (name.isEmpty() ? "user " + state.userId : name)
                            + (username == null ? "" : " (@" + username + ")") + ". Session saved in " + store.file()
                            + "; `chatgeist update` now runs without questions.");
            return 0;
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static void save(SessionStore store, SessionState state) {
        try {
            store.save(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + store.file(), e);
        }
    }
}
