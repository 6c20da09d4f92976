package dev.chatgeist.telegram.client;

import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.config.Home;
import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.source.FetchRequest;
import dev.chatgeist.source.HistorySource;
import dev.chatgeist.source.RowSink;
import dev.chatgeist.source.SourceReport;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.api.InputUserSelf;
import dev.chatgeist.telegram.tl.api.TypeInputUser;
import dev.chatgeist.telegram.tl.api.TypeUser;
import dev.chatgeist.telegram.tl.api.User;
import dev.chatgeist.telegram.tl.api.UsersGetUsers;
import dev.chatgeist.update.LiveSourceProvider;
import dev.chatgeist.update.RefreshReport;
import dev.chatgeist.update.RefreshRequest;
import dev.chatgeist.update.RefreshSink;
import dev.chatgeist.update.RefreshableSource;
import dev.chatgeist.update.SourceUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The updater's live source: the saved session's account. Opening checks only local things (a session, API
 * credentials), so a missing login fails before any chat is touched; the first chat connects and checks that
 * Telegram still accepts the session. A dead session or an unreachable Telegram fails every chat at once.
 */
public final class TelegramLiveSources implements LiveSourceProvider {
    private final SessionStore store;
    private final EventLog log;
    private final TelegramClient client;
    private final PeerResolver resolver;
    private final ChatMigrations migrations;
    private final MediaDownloader media;
    private static final String NOT_TRIED = "not tried: Telegram cannot be used in this run (see the chat above)";
    private static final String KEY_UNKNOWN =
            "Telegram no longer knows this session's key: run `chatgeist login` again";

    private boolean checked;
    /** Why no chat can be updated any more (a dead session, Telegram unreachable); null while all is well. */
    private volatile String fatal;
    /** A chat has failed with {@link #fatal} already: the others only say "not tried". */
    private volatile boolean fatalSaid;

    private TelegramLiveSources(
            SessionStore store,
            TelegramSettings settings,
            SessionState state,
            EventLog log,
            MediaSettings mediaSettings,
            Home home) {
        this.store = store;
        this.log = log;
        this.client = new TelegramClient(TlSchema.standard(), settings, state, this::event, this::save);
        this.resolver = new PeerResolver(client);
        this.migrations = new ChatMigrations(client, resolver, this::event);
        this.media = mediaSettings.mode() == MediaSettings.Mode.OFF
                ? null
                : new MediaDownloader(client, mediaSettings, home, this::event);
    }

    /** The factory {@code cli.Main} installs: fails with "run `chatgeist login` first" when there is no session. */
    public static LiveSourceProvider open(Home home, Settings settings, PrintWriter out) {
        SessionStore store = SessionStore.in(home.dir());
        SessionState state = store.load()
                .filter(SessionState::loggedIn)
                .orElseThrow(() -> new UserException(
                        "not logged in to Telegram (no session in " + store.file() + "): run `chatgeist login` first"));
        TelegramSettings ts = TelegramSettings.from(settings);
        MediaSettings ms = MediaSettings.from(settings);
        EventLog log = new EventLog(home.logsDir().resolve("update.log"), out, out);
        return new TelegramLiveSources(store, ts, state, log, ms, home);
    }

    private void event(String fields) {
        if (fields.contains("event=flood_wait")
                || fields.contains("event=reconnect")
                || fields.contains("event=retry")
                || fields.contains("event=unreachable")
                || fields.contains("event=migrate")
                || fields.contains("event=chat_migrated")
                || fields.contains("event=media_error")) {
            log.info("telegram: " + fields.replace("telegram event=", "").replace('_', ' '), fields);
        } else {
            log.fileOnly("INFO", fields);
        }
    }

    private void save() {
        try {
            store.save(client.state());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the Telegram session " + store.file(), e);
        }
    }

    @Override
    public HistorySource open(String alias, ChatTarget target) throws SourceUnavailableException {
        if (fatal != null) {
            throw new SourceUnavailableException(fatalSaid ? NOT_TRIED : endRun(fatal), 2);
        }
        try {
            if (!checked) {
                checkSession();
                checked = true;
            }
            SessionState.Peer peer = resolver.resolve(target);
            return new RunEnding(new TelegramHistorySource(client, resolver, alias, target, peer, media, migrations));
        } catch (ChatUnavailableException e) {
            throw new SourceUnavailableException(e.getMessage(), 1);
        } catch (RpcException e) {
            UserException u = explain(target, e);
            if (sessionDead(e)) {
                throw new SourceUnavailableException(forgetDeadSession(u.getMessage()), 2);
            }
            throw new SourceUnavailableException(u.getMessage(), 1);
        } catch (TelegramClient.AuthKeyUnknownException e) {
            throw new SourceUnavailableException(forgetDeadSession(KEY_UNKNOWN), 2);
        } catch (IOException e) {
            throw new SourceUnavailableException(endRun("cannot reach Telegram: " + e.getMessage()), 1);
        }
    }

    /** Ends the run: {@code message} is the reason, said by the chat that hit it; returns it. */
    private String endRun(String message) {
        fatal = message;
        fatalSaid = true;
        return message;
    }

    /**
     * The session is void: its login and its key on the account's DC are forgotten (the file keeps the DC addresses
     * and the chats' access hashes), so that `chatgeist login` starts afresh instead of finding a login.
     */
    private String forgetDeadSession(String message) {
        SessionState state = client.state();
        state.dcs.remove(state.homeDc);
        state.userId = 0;
        state.changed();
        save();
        return endRun(message);
    }

    /**
     * A chat's history that ends the run when the session dies or Telegram stays unreachable in the middle of it: the
     * chat fails (keeping what it received) with the reason, and the chats after it are not tried.
     */
    private final class RunEnding implements HistorySource, RefreshableSource {
        private final TelegramHistorySource history;

        RunEnding(TelegramHistorySource history) {
            this.history = history;
        }

        /** A step of the chat's work that may find the session dead or Telegram unreachable. */
        @FunctionalInterface
        private interface Step<T> {
            T run() throws IOException, InterruptedException;
        }

        private <T> T ending(Step<T> step) throws IOException, InterruptedException {
            try {
                return step.run();
            } catch (UserException e) {
                if (e.getCause() instanceof RpcException rpc && sessionDead(rpc)) {
                    forgetDeadSession(e.getMessage());
                }
                throw e;
            } catch (TelegramClient.AuthKeyUnknownException e) {
                throw new UserException(forgetDeadSession(KEY_UNKNOWN), e);
            } catch (TelegramClient.UnreachableException e) {
                throw new UserException(endRun("cannot reach Telegram: " + e.getMessage()), e);
            }
        }

        @Override
        public SourceReport fetch(FetchRequest request, RowSink sink) throws IOException, InterruptedException {
            return ending(() -> history.fetch(request, sink));
        }

        @Override
        public void prepareRefresh(RefreshRequest request) {
            history.prepareRefresh(request);
        }

        @Override
        public RefreshReport refresh(RefreshRequest request, RefreshSink sink)
                throws IOException, InterruptedException {
            return ending(() -> history.refresh(request, sink));
        }

        @Override
        public String describe() {
            return history.describe();
        }
    }

    /** users.getUsers(self): cheap, and fails with 401 when the session was revoked. */
    private void checkSession() throws IOException, RpcException {
        List<TypeUser> users = client.call(UsersGetUsers.of(List.<TypeInputUser>of(InputUserSelf.of())));
        if (!users.isEmpty() && users.get(0) instanceof User me && me.id() != client.state().userId) {
            throw new IOException("the session belongs to another user than the one that logged in");
        }
    }

    static boolean sessionDead(RpcException e) {
        return e.code() == 401
                || e.is("AUTH_KEY_UNREGISTERED")
                || e.is("SESSION_REVOKED")
                || e.is("USER_DEACTIVATED")
                || e.is("USER_DEACTIVATED_BAN")
                || e.is("AUTH_KEY_INVALID")
                || e.is("AUTH_KEY_DUPLICATED"); // 406: the key was used from two places at once; it is void now
    }

    /** A user-facing explanation of an error on a chat. */
    static UserException explain(ChatTarget target, RpcException e) {
        String text;
        if (sessionDead(e)) {
            text = "Telegram no longer accepts this session (" + e.error() + "): run `chatgeist login` again";
        } else if (e.is("CHANNEL_PRIVATE")
                || e.is("CHAT_FORBIDDEN")
                || e.is("CHANNEL_BANNED")
                || e.is("USER_BANNED_IN_CHANNEL")) {
            text = target.text() + " is private or the account was banned from it (" + e.error() + "); join it in "
                    + "Telegram first, or remove it from targets.json";
        } else if (e.is("API_ID_INVALID")) {
            text = "Telegram does not accept TELEGRAM_API_ID/TELEGRAM_API_HASH (" + e.error() + "); copy both again "
                    + "from https://my.telegram.org";
        } else if (RetryPolicy.serverSide(e)) {
            text = "Telegram kept failing on its side (" + e.code() + " " + e.error() + ") while serving "
                    + target.text() + ", also when asked again for minutes; the next run tries again";
        } else if (e.is("FLOOD_WAIT")) {
            text = "Telegram asks to wait " + e.number() + " s, longer than this run waits; the next run will continue";
        } else {
            text = "Telegram refused to serve " + target.text() + ": " + e.error();
        }
        return new UserException(text, e);
    }

    @Override
    public void close() {
        try {
            if (client.state().takeDirty()) {
                save();
            }
        } finally {
            if (media != null) {
                media.close();
            }
            client.close();
            log.fileOnly(
                    "INFO",
                    "telegram event=closed requests=" + client.requests()
                            + (media == null ? "" : " media_files=" + media.downloaded()));
            log.close();
        }
    }
}
