package dev.chatgeist.cli;

import dev.chatgeist.config.Home;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.telegram.client.SessionState;
import dev.chatgeist.telegram.client.SessionStore;
import dev.chatgeist.telegram.client.TelegramClient;
import dev.chatgeist.telegram.client.TelegramSettings;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.api.AuthLogOut;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        description = "End the Telegram session on the server (auth.logOut) and delete telegram.session.")
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Override
    public Integer call() throws IOException {
        Cli cli = root.cli;
        Home home = root.home();
        SessionStore store = SessionStore.in(home.dir());
        Optional<SessionState> state;
        try {
            state = store.load();
        } catch (UserException damaged) {
            store.delete();
            cli.out()
                    .println("Deleted the damaged session " + store.file() + ". End it in Telegram too: Settings → "
                            + "Devices.");
            return 0;
        }
        if (state.isEmpty()) {
            cli.out().println("Not logged in (no " + store.file() + "); nothing to do.");
            return 0;
        }
        String serverSide = null;
        if (state.get().loggedIn()) {
            try (EventLog log = new EventLog(home.logsDir().resolve("login.log"), cli.err(), cli.err());
                    TelegramClient client = new TelegramClient(
                            TlSchema.standard(),
                            TelegramSettings.from(cli.settings(home)).interactive(),
                            state.get(),
                            fields -> log.fileOnly("INFO", fields),
                            () -> {})) {
                client.call(AuthLogOut.of());
                log.fileOnly("INFO", "logout outcome=ok user_id=" + state.get().userId);
            } catch (RpcException e) {
                if (e.code() != 401) {
                    serverSide = e.error();
                }
            } catch (IOException | UserException e) {
                serverSide = e.getMessage();
            }
        }
        store.delete();
        if (serverSide != null) {
            cli.err()
                    .println("warning: could not end the session on Telegram's side (" + serverSide + "); end it in "
                            + "Telegram: Settings → Devices.");
        }
        cli.out().println("Logged out; deleted " + store.file() + ".");
        return 0;
    }
}
