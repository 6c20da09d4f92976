package dev.chatgeist.telegram.client;

import dev.chatgeist.telegram.mtproto.AuthKey;
import dev.chatgeist.telegram.mtproto.AuthKeyExchange;
import dev.chatgeist.telegram.mtproto.IntermediateTransport;
import dev.chatgeist.telegram.mtproto.MessageIds;
import dev.chatgeist.telegram.mtproto.MtprotoSession;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.mtproto.TransportException;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlSchema;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The high-level client: one connection to the home DC, opened lazily (creating an auth key when the DC has none),
 * every new connection's first request wrapped in invokeWithLayer(initConnection(...)). {@link #call} retries what
 * is worth retrying: FLOOD_WAIT (logged, slept out), a dropped connection (reconnect with backoff),
 * PHONE/USER/NETWORK_MIGRATE (move to the named DC and remember it).
 */
public final class TelegramClient implements AutoCloseable {
    /** Longest FLOOD_WAIT slept out; a longer one fails the call (the next scheduled run will retry). */
    public static final int MAX_FLOOD_WAIT_SECONDS = 900;
    private static final long[] BACKOFF_MILLIS = {0, 1_000, 2_000, 4_000, 8_000, 16_000};
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    /** The key exchange failed a security check: retrying the same server will not help. */
    public static final class KeyExchangeException extends IOException {
        KeyExchangeException(String message, Throwable cause) {
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
    private final SecureRandom random = new SecureRandom();
    private final Runnable saveState;
    private static final long IDLE_PING_NANOS = 60_000_000_000L;
    /** 0: the home DC (follows migrations); else the one DC this client talks to (media on another DC). */
    private final int fixedDc;
    private MtprotoSession connection;
    private long lastUsed;
    private boolean initialized;
    private int requests;

    /**
     * @param events key=value event lines for the log (flood waits, reconnects, migrations)
     * @param saveState persists {@code state} (called when keys, the home DC or salts change)
     */
    public TelegramClient(TlSchema schema, TelegramSettings settings, SessionState state, Consumer<String> events,
                          Runnable saveState) {
        this(schema, settings, state, events, saveState, 0);
    }

    private TelegramClient(TlSchema schema, TelegramSettings settings, SessionState state, Consumer<String> events,
                           Runnable saveState, int fixedDc) {
        this.schema = schema;
        this.settings = settings;
        this.state = state;
        this.events = events;
        this.saveState = saveState;
        this.fixedDc = fixedDc;
        if (state.homeDc == 0) {
            DcAddress first = settings.firstDc().orElse(DcAddress.DEFAULT_FIRST);
            state.homeDc = first.id();
            remember(first);
        }
    }

    public TlSchema schema() {
        return schema;
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

    private TlObject exportAuthorization(int dc) throws IOException, RpcException {
        return callObject(schema.make("auth.exportAuthorization", "dc_id", dc));
    }

    private void importAuthorization(TlObject exported) throws IOException, RpcException {
        call(schema.make("auth.importAuthorization", "id", exported.getLong("id"), "bytes", exported.getBytes("bytes")));
    }

    public SessionState state() {
        return state;
    }

    /** RPC requests sent so far (answered or not), for the benchmark's figures. */
    public int requests() {
        return requests;
    }

    public TlObject callObject(TlObject request) throws IOException, RpcException {
        return (TlObject) call(request);
    }

    public Object call(TlObject request) throws IOException, RpcException {
        int migrations = 0;
        int failures = 0;
        while (true) {
            try {
                return invokeOnce(request);
            } catch (RpcException e) {
                if (e.code() == 420 && e.is("FLOOD_WAIT") || e.is("FLOOD_PREMIUM_WAIT")) {
                    int seconds = Math.max(1, e.number());
                    if (seconds > MAX_FLOOD_WAIT_SECONDS) {
                        throw e;
                    }
                    events.accept("telegram event=flood_wait seconds=" + seconds + " request=" + request.name());
                    sleep(seconds * 1000L);
                    continue;
                }
                if (fixedDc == 0 && e.code() == 303 && (e.is("PHONE_MIGRATE") || e.is("USER_MIGRATE") || e.is("NETWORK_MIGRATE"))
                        && migrations++ < 3) {
                    migrate(e.number(), e.error());
                    continue;
                }
                throw e;
            } catch (AuthKeyUnknownException | KeyExchangeException e) {
                throw e;
            } catch (IOException e) {
                dropConnection();
                if (failures >= BACKOFF_MILLIS.length) {
                    throw new IOException("lost the connection to Telegram DC " + dc() + " " + (failures)
                            + " times in a row (" + e.getMessage() + "); try again later", e);
                }
                long wait = BACKOFF_MILLIS[failures++];
                events.accept("telegram event=reconnect dc=" + dc() + " attempt=" + failures + " wait_ms=" + wait
                        + " cause=" + String.valueOf(e.getMessage()).replace(' ', '_'));
                sleep(wait);
            }
        }
    }

    /** Sends a ping and waits for the pong: proves the connection (and the auth key) still work. */
    public void ping() throws IOException {
        connection().ping();
        lastUsed = System.nanoTime();
    }

    private Object invokeOnce(TlObject request) throws IOException, RpcException {
        if (connection != null && System.nanoTime() - lastUsed > IDLE_PING_NANOS) {
            connection.ping(); // a connection idle for a minute may have been dropped by a NAT; find out cheaply
        }
        MtprotoSession c = connection();
        lastUsed = System.nanoTime();
        TlObject wire = request;
        boolean wrapping = !initialized;
        if (wrapping) {
            wire = schema.make("invokeWithLayer", "layer", schema.layer(), "query", schema.make("initConnection",
                    "api_id", settings.apiId(),
                    "device_model", "ChatGeist",
                    "system_version", System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", ""),
                    "app_version", "chatgeist " + version(),
                    "system_lang_code", "en",
                    "lang_pack", "",
                    "lang_code", "en",
                    "query", request));
        }
        requests++;
        try {
            Object result = c.invoke(wire);
            initialized = true;
            keepSalt(c);
            return result;
        } catch (RpcException e) {
            if (wrapping && !e.is("API_ID_INVALID") && !e.is("API_ID_PUBLISHED_FLOOD")) {
                initialized = true; // the wrapper was processed; only the inner query failed
            }
            keepSalt(c);
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

    private void keepSalt(MtprotoSession c) {
        SessionState.DcKey k = state.dcs.get(dc());
        if (k != null && (k.salt != c.salt() || k.timeOffset != c.timeOffsetSeconds())) {
            k.salt = c.salt();
            k.timeOffset = c.timeOffsetSeconds();
            state.changed();
        }
    }

    private MtprotoSession connection() throws IOException {
        if (connection != null) {
            return connection;
        }
        int dc = dc();
        DcAddress address = state.address(dc).orElseThrow(() -> new IOException(
                "no address known for Telegram DC " + dc));
        IntermediateTransport transport = IntermediateTransport.connect(address.host(), address.port(),
                CONNECT_TIMEOUT, READ_TIMEOUT);
        try {
            SessionState.DcKey key = state.dcs.get(dc);
            if (key == null || key.authKey == null) {
                AuthKeyExchange.Result r = new AuthKeyExchange(schema, transport, settings.serverKeys(), random)
                        .run(dc);
                key = new SessionState.DcKey();
                key.host = address.host();
                key.port = address.port();
                key.authKey = r.authKey().bytes();
                key.salt = r.serverSalt();
                key.timeOffset = r.timeOffsetSeconds();
                state.dcs.put(dc, key);
                state.changed();
                saveState.run();
                events.accept("telegram event=auth_key_created dc=" + dc);
            }
            connection = new MtprotoSession(schema, transport, new AuthKey(key.authKey), key.salt,
                    new MessageIds(key.timeOffset), random, events);
            initialized = false;
            return connection;
        } catch (IOException | RuntimeException e) {
            transport.close();
            if (e instanceof SecurityException se) {
                throw new KeyExchangeException("the key exchange with Telegram DC " + dc + " at " + address
                        + " failed: " + se.getMessage(), se);
            }
            throw e;
        }
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
        DcAddress target = state.address(dc).orElseThrow(() -> new IOException("Telegram asked to move to DC " + dc
                + " (" + why + ") but help.getConfig lists no address for it"));
        TlObject exported = null;
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
        TlObject config = callObject(schema.make("help.getConfig"));
        List<DcAddress> options = new ArrayList<>();
        for (Object o : config.getList("dc_options")) {
            TlObject d = (TlObject) o;
            if (d.flag("ipv6") || d.flag("media_only") || d.flag("cdn") || d.flag("tcpo_only")) {
                continue;
            }
            int id = d.getInt("id");
            if (options.stream().noneMatch(a -> a.id() == id)) {
                options.add(new DcAddress(id, d.getString("ip_address"), d.getInt("port")));
            }
        }
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
