package dev.chatgeist.telegram.client;

import dev.chatgeist.telegram.mtproto.AuthKey;
import dev.chatgeist.telegram.mtproto.AuthKeyExchange;
import dev.chatgeist.telegram.mtproto.IntermediateTransport;
import dev.chatgeist.telegram.mtproto.MessageIds;
import dev.chatgeist.telegram.mtproto.MtprotoSession;
import dev.chatgeist.telegram.mtproto.ObfuscatedTransport;
import dev.chatgeist.telegram.mtproto.Transport;
import dev.chatgeist.telegram.net.Wire;
import dev.chatgeist.telegram.tl.TlSchema;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Opens the encrypted session to one DC: TCP, an auth key (created by the key exchange when the session state has
 * none for that DC, then saved at once), the salt and clock offset last seen there.
 */
final class DcConnector {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final TlSchema schema;
    private final TelegramSettings settings;
    private final SessionState state;
    private final Consumer<String> events;
    private final Runnable saveState;
    private final SecureRandom random = new SecureRandom();
    private final DcDialer dialer;
    /** Set once a connection through TELEGRAM_PROXY's MTProxy was answered: its secret is right. */
    private final AtomicBoolean mtProxyAnswered = new AtomicBoolean();

    DcConnector(
            TlSchema schema,
            TelegramSettings settings,
            SessionState state,
            Consumer<String> events,
            Runnable saveState) {
        this.schema = schema;
        this.settings = settings;
        this.state = state;
        this.events = events;
        this.saveState = saveState;
        this.dialer = new DcDialer(settings, state, events);
    }

    MtprotoSession open(int dc) throws IOException {
        DcDialer.Dialed dialed = dialer.dial(dc, CONNECT_TIMEOUT, READ_TIMEOUT);
        DcAddress address = dialed.address();
        Transport transport = transport(dc, dialed.wire());
        try {
            SessionState.DcKey key = state.dcs.get(dc);
            if (key == null || key.authKey == null) {
                AuthKeyExchange.Result r =
                        new AuthKeyExchange(schema, transport, settings.serverKeys(), random).run(dc);
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
            return new MtprotoSession(
                    schema,
                    transport,
                    new AuthKey(key.authKey),
                    key.salt,
                    new MessageIds(key.timeOffset),
                    random,
                    events);
        } catch (IOException | RuntimeException e) {
            transport.close();
            if (e instanceof SecurityException se) {
                throw new TelegramClient.KeyExchangeException(
                        "the key exchange with Telegram DC " + dc + " at " + address + " failed: " + se.getMessage(),
                        se);
            }
            throw e;
        }
    }

    /**
     * The transport on {@code wire} to {@code dc}: through the MTProxy of TELEGRAM_PROXY (which reaches the DC by
     * the id in the header), or obfuscated or not as TELEGRAM_TRANSPORT says.
     */
    private Transport transport(int dc, Wire wire) throws IOException {
        try {
            if (settings.proxy().orElse(null) instanceof ProxySetting.MtProxy p) {
                return ObfuscatedTransport.throughMtProxy(wire, p.where(), dc, p.secret(), mtProxyAnswered, random);
            }
            return switch (settings.transport()) {
                case OBFUSCATED -> ObfuscatedTransport.over(wire, dc, random);
                case INTERMEDIATE -> IntermediateTransport.over(wire);
            };
        } catch (IOException | RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    /** Remembers the session's current salt and clock offset for {@code dc} when they changed. */
    void keepSalt(int dc, MtprotoSession c) {
        SessionState.DcKey k = state.dcs.get(dc);
        if (k != null && (k.salt != c.salt() || k.timeOffset != c.timeOffsetSeconds())) {
            k.salt = c.salt();
            k.timeOffset = c.timeOffsetSeconds();
            state.changed();
        }
    }
}
