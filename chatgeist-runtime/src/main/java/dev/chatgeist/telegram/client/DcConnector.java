package dev.chatgeist.telegram.client;

import dev.chatgeist.telegram.mtproto.AuthKey;
import dev.chatgeist.telegram.mtproto.AuthKeyExchange;
import dev.chatgeist.telegram.mtproto.IntermediateTransport;
import dev.chatgeist.telegram.mtproto.MessageIds;
import dev.chatgeist.telegram.mtproto.MtprotoSession;
import dev.chatgeist.telegram.net.DirectWireOpener;
import dev.chatgeist.telegram.net.NotTelegramCheck;
import dev.chatgeist.telegram.net.Wire;
import dev.chatgeist.telegram.net.WireOpener;
import dev.chatgeist.telegram.net.WrongNetworkException;
import dev.chatgeist.telegram.tl.TlSchema;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
    private final WireOpener wires;

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
        this.wires = settings.proxy().map(ProxySetting::wireOpener).orElseGet(DirectWireOpener::new);
    }

    MtprotoSession open(int dc) throws IOException {
        List<DcAddress> addresses = addresses(dc);
        if (addresses.isEmpty()) {
            throw new IOException("no address known for Telegram DC " + dc);
        }
        Wire wire = null;
        DcAddress address = null;
        IOException failure = null;
        for (DcAddress a : addresses) {
            try {
                wire = NotTelegramCheck.watch(
                        wires.open(a.host(), a.port(), CONNECT_TIMEOUT, READ_TIMEOUT), a.host(), a.port());
                address = a;
                break;
            } catch (WrongNetworkException e) {
                throw e;
            } catch (IOException e) {
                events.accept("telegram event=connect_failed dc=" + dc + " address=" + a.endpoint() + " cause="
                        + String.valueOf(e.getMessage()).replace(' ', '_'));
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (wire == null) {
            throw failure;
        }
        if (failure != null) {
            events.accept("telegram event=address_fallback dc=" + dc + " address=" + address.endpoint());
        }
        IntermediateTransport transport;
        try {
            transport = IntermediateTransport.over(wire);
        } catch (IOException | RuntimeException e) {
            wire.close();
            throw e;
        }
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
     * Every address known for {@code dc}: the one its key was made at, help.getConfig's, and (talking to the
     * production DCs) the built-in ones; the preferred family (IPv6 with TELEGRAM_IPV6=1, else IPv4) first.
     */
    List<DcAddress> addresses(int dc) {
        Set<DcAddress> all = new LinkedHashSet<>();
        state.address(dc).ifPresent(all::add);
        state.dcOptions.stream().filter(a -> a.id() == dc).forEach(all::add);
        if (settings.firstDc().isEmpty()) {
            DcAddress.PRODUCTION.stream().filter(a -> a.id() == dc).forEach(all::add);
        }
        List<DcAddress> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparing(a -> a.ipv6() != settings.ipv6()));
        return ordered;
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
