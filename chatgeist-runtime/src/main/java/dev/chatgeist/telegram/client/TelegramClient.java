package dev.chatgeist.telegram.client;

import dev.chatgeist.telegram.mtproto.MtprotoSession;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.mtproto.TransportException;
import dev.chatgeist.telegram.net.WrongNetworkException;
import dev.chatgeist.telegram.tl.TlFunction;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.api.AuthExportAuthorization;
import dev.chatgeist.telegram.tl.api.AuthImportAuthorization;
import dev.chatgeist.telegram.tl.api.HelpGetConfig;
import dev.chatgeist.telegram.tl.api.InitConnection;
import dev.chatgeist.telegram.tl.api.InvokeWithLayer;
import dev.chatgeist.telegram.tl.api.TypeAuthExportedAuthorization;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The high-level client: one connection to the home DC, opened lazily (creating an auth key when the DC has none),
 * every new connection's first request wrapped in invokeWithLayer(initConnection(...)). {@link #call} retries what
 * is worth retrying: FLOOD_WAIT (logged, slept out), Telegram's own errors (500, -500, -503: asked again with
 * backoff), a dropped, refused or -429 connection (reconnect with backoff), PHONE/USER/NETWORK_MIGRATE (move to the
 * named DC and remember it).
 */
public final class TelegramClient implements AutoCloseable {
    /** Longest FLOOD_WAIT slept out; a longer one fails the call (the next scheduled run will retry). */
    public static final int MAX_FLOOD_WAIT_SECONDS = 900;

    /** The key exchange failed a security check: retrying the same server will not help. */
    public static final class KeyExchangeException extends IOException {
        KeyExchangeException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No connection to Telegram worked for the retry policy's whole budget: the run should stop. */
    public static final class UnreachableException extends IOException {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The server forgot our auth key (transport error -404): only a new login helps. */
    public static final class AuthKeyUnknownException extends IOException {
        AuthKeyUnknownException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final TlSchema schema;
    private final TelegramSettings settings;
    private final SessionState state;
    private final Consumer<String> events;
    private final Runnable saveState;
    private final DcConnector connector;
    private static final long IDLE_PING_NANOS = 60_000_000_000L;
    /** 0: the home DC (follows migrations); else the one DC this client talks to (media on another DC). */
    private final int fixedDc;

    private MtprotoSession connection;
    private Consumer<TlObject> updates = update -> {};
    /** The current streak of connection failures, across calls (reset by any answer). */
    private final RetryPolicy.Backoff reconnects;
    /** Set once the reconnect budget is spent: later calls fail at once. */
    private UnreachableException unreachable;

    private long lastUsed;
    private boolean initialized;
    private int requests;

    /**
     * @param events key=value event lines for the log (flood waits, reconnects, migrations)
     * @param saveState persists {@code state} (called when keys, the home DC or salts change)
     */
    public TelegramClient(
            TlSchema schema,
            TelegramSettings settings,
            SessionState state,
            Consumer<String> events,
            Runnable saveState) {
        this(schema, settings, state, events, saveState, 0);
    }

    private TelegramClient(
            TlSchema schema,
            TelegramSettings settings,
            SessionState state,
            Consumer<String> events,
            Runnable saveState,
            int fixedDc) {
        this.schema = schema;
        this.settings = settings;
        this.state = state;
        this.events = events;
        this.saveState = saveState;
        this.fixedDc = fixedDc;
        this.connector = new DcConnector(schema, settings, state, events, saveState);
        this.reconnects = settings.retry().connections();
        if (state.homeDc == 0) {
            DcAddress first = settings.firstDc().orElse(DcAddress.DEFAULT_FIRST);
            state.homeDc = first.id();
            remember(first);
        }
    }

    /** The DC this client's requests go to. */
    public int dc() {
        return fixedDc != 0 ? fixedDc : state.homeDc;
    }

    /**
     * A second connection, to DC {@code dc} (same session state, its own auth key there), authorized for this
     * client's account with auth.exportAuthorization/importAuthorization; the caller closes it.
     */
    public TelegramClient authorizedOn(int dc) throws IOException, RpcException {
        if (state.address(dc).isEmpty()) {
            loadDcOptions();
        }
        if (state.address(dc).isEmpty()) {
            throw new IOException("help.getConfig lists no address for Telegram DC " + dc);
        }
        TelegramClient other = new TelegramClient(schema, settings, state, events, saveState, dc);
        try {
            try {
                other.importAuthorization(exportAuthorization(dc));
            } catch (AuthKeyUnknownException e) {
                // that DC forgot our key (DCs other than the home one may): make a new one there, once
                other.close();
                state.dcs.remove(dc);
                state.changed();
                events.accept("telegram event=auth_key_unknown dc=" + dc);
                other.importAuthorization(exportAuthorization(dc));
            }
        } catch (IOException | RpcException | RuntimeException e) {
            other.close();
            throw e;
        }
        return other;
    }

    private TypeAuthExportedAuthorization exportAuthorization(int dc) throws IOException, RpcException {
        return call(AuthExportAuthorization.of(dc));
    }

    private void importAuthorization(TypeAuthExportedAuthorization exported) throws IOException, RpcException {
        call(AuthImportAuthorization.of(exported.id(), exported.bytes()));
    }

    /** Where the updates Telegram pushes on this client's connections go (the QR login waits for one). */
    public void onUpdates(Consumer<TlObject> listener) {
        updates = listener;
        if (connection != null) {
            connection.onUpdates(listener);
        }
    }

    /** Makes {@code dc} the home DC (auth.loginTokenMigrateTo: the account lives there); a no-op when it is. */
    public void moveHome(int dc, String why) throws IOException, RpcException {
        if (dc != state.homeDc) {
            migrate(dc, why);
        }
    }

    public SessionState state() {
        return state;
    }

    /** RPC requests sent so far (answered or not), for the benchmark's figures. */
    public int requests() {
        return requests;
    }

    /**
     * Sends {@code request}; its result has the Java type of the function's TL result type. Telegram's own errors are
     * asked again with backoff, dropped and refused connections are re-opened with backoff (see {@link RetryPolicy});
     * once no connection has worked for the policy's budget, this and every later call fail with {@link
     * UnreachableException}.
     */
    @SuppressWarnings("unchecked")
    public <R> R call(TlFunction<R> request) throws IOException, RpcException {
        int migrations = 0;
        RetryPolicy.Backoff serverErrors = settings.retry().serverErrors();
        while (true) {
            // the 2 minutes for Telegram's own errors are theirs: flood waits and reconnecting do not use them up
            long attemptStarted = System.nanoTime();
            if (unreachable != null) {
                throw new UnreachableException(unreachable.getMessage(), unreachable);
            }
            try {
                R result = (R) invokeOnce(request);
                reconnects.reset();
                return result;
            } catch (RpcException e) {
                reconnects.reset(); // the server answered: the connection works
                if (e.code() == 420 && e.is("FLOOD_WAIT") || e.is("FLOOD_PREMIUM_WAIT")) {
                    int seconds = Math.max(1, e.number());
                    if (seconds > MAX_FLOOD_WAIT_SECONDS) {
                        throw e;
                    }
                    events.accept("telegram event=flood_wait seconds=" + seconds + " request=" + request.name());
                    sleep(seconds * 1000L);
                    serverErrors.exclude(System.nanoTime() - attemptStarted);
                    continue;
                }
                if (fixedDc == 0
                        && e.code() == 303
                        && (e.is("PHONE_MIGRATE") || e.is("USER_MIGRATE") || e.is("NETWORK_MIGRATE"))
                        && migrations++ < 3) {
                    migrate(e.number(), e.error());
                    continue;
                }
                if (RetryPolicy.serverSide(e)) {
                    long wait = serverErrors.nextWaitMillis(false);
                    if (wait >= 0) {
                        events.accept("telegram event=retry error=" + e.error().replace(' ', '_') + " attempt="
                                + serverErrors.attempts() + " wait_ms=" + wait + " code=" + e.code() + " request="
                                + request.name());
                        sleep(wait);
                        continue;
                    }
                }
                throw e;
            } catch (AuthKeyUnknownException | KeyExchangeException | WrongNetworkException e) {
                throw e;
            } catch (IOException e) {
                dropConnection();
                boolean tooMany = e instanceof TransportException t && t.code() == -429;
                long wait = reconnects.nextWaitMillis(!tooMany && !(e instanceof ConnectException));
                if (wait < 0) {
                    unreachable = new UnreachableException(
                            "no working connection to Telegram DC " + dc() + " for "
                                    + reconnects.elapsed().toSeconds() + " s (" + reconnects.attempts()
                                    + " attempts; last: " + e.getMessage() + "); check the network (a firewall or "
                                    + "proxy in the way?); the next run tries again",
                            e);
                    events.accept("telegram event=unreachable dc=" + dc() + " attempts=" + reconnects.attempts());
                    throw unreachable;
                }
                events.accept("telegram event=reconnect dc=" + dc() + " attempt=" + reconnects.attempts() + " wait_ms="
                        + wait + " cause=" + String.valueOf(e.getMessage()).replace(' ', '_'));
                sleep(wait);
                serverErrors.exclude(System.nanoTime() - attemptStarted);
            }
        }
    }

    /** Sends a ping and waits for the pong: proves the connection (and the auth key) still work. */
    public void ping() throws IOException {
        connection().ping();
        lastUsed = System.nanoTime();
    }

    private Object invokeOnce(TlFunction<?> request) throws IOException, RpcException {
        if (connection != null && System.nanoTime() - lastUsed > IDLE_PING_NANOS) {
            connection.ping(); // a connection idle for a minute may have been dropped by a NAT; find out cheaply
        }
        MtprotoSession c = connection();
        lastUsed = System.nanoTime();
        TlFunction<?> wire = request;
        boolean wrapping = !initialized;
        if (wrapping) {
            // api_id, device_model, system_version, app_version, system_lang_code, lang_pack, lang_code, query
            wire = InvokeWithLayer.of(
                    schema.layer(),
                    InitConnection.of(
                            settings.apiId(),
                            "ChatGeist",
                            System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", ""),
                            "chatgeist " + version(),
                            "en",
                            "",
                            "en",
                            request));
        }
        requests++;
        try {
            Object result = c.invoke(wire);
            initialized = true;
            connector.keepSalt(dc(), c);
            return result;
        } catch (RpcException e) {
            if (wrapping && !e.is("API_ID_INVALID") && !e.is("API_ID_PUBLISHED_FLOOD") && !RetryPolicy.serverSide(e)) {
                initialized = true; // the wrapper was processed; only the inner query failed
            }
            connector.keepSalt(dc(), c);
            throw e;
        } catch (TransportException e) {
            if (e.code() == -404) {
                throw new AuthKeyUnknownException("Telegram does not know this session's key any more", e);
            }
            throw e;
        }
    }

    private static String version() {
        String v = TelegramClient.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private MtprotoSession connection() throws IOException {
        if (connection == null) {
            connection = connector.open(dc());
            connection.onUpdates(updates);
            initialized = false;
        }
        return connection;
    }

    /** Moves the home DC to {@code dc}; an authorized session takes its authorization along. */
    private void migrate(int dc, String why) throws IOException, RpcException {
        int from = state.homeDc;
        if (dc == from) {
            throw new IOException("the server asked to migrate to the DC we are on (" + why + ")");
        }
        if (state.dcOptions.isEmpty()) {
            loadDcOptions();
        }
        DcAddress target = state.address(dc)
                .orElseThrow(() -> new IOException("Telegram asked to move to DC " + dc + " (" + why
                        + ") but help.getConfig lists no address for it"));
        TypeAuthExportedAuthorization exported = null;
        if (state.userId != 0) {
            exported = exportAuthorization(dc);
        }
        dropConnection();
        state.homeDc = dc;
        remember(target);
        state.changed();
        saveState.run();
        events.accept("telegram event=migrate from_dc=" + from + " to_dc=" + dc + " reason=" + why);
        if (exported != null) {
            importAuthorization(exported);
        }
    }

    /** help.getConfig: the DC addresses (IPv4, not media-only, not CDN) for later migrations. */
    public void loadDcOptions() throws IOException, RpcException {
        List<DcAddress> options = DcAddress.usable(call(HelpGetConfig.of()));
        state.dcOptions.clear();
        state.dcOptions.addAll(options);
        if (settings.firstDc().isEmpty()) {
            for (DcAddress a : DcAddress.PRODUCTION) {
                if (options.stream().noneMatch(o -> o.id() == a.id())) {
                    state.dcOptions.add(a);
                }
            }
        }
        state.changed();
    }

    private void remember(DcAddress a) {
        SessionState.DcKey k = state.dcs.get(a.id());
        if (k != null) {
            k.host = a.host();
            k.port = a.port();
        } else if (state.dcOptions.stream().noneMatch(o -> o.id() == a.id())) {
            state.dcOptions.add(a);
        }
    }

    private void dropConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private static void sleep(long millis) throws IOException {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }

    @Override
    public void close() {
        dropConnection();
    }
}
