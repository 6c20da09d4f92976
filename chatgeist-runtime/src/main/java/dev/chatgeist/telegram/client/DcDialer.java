package dev.chatgeist.telegram.client;

import dev.chatgeist.telegram.mtproto.MtProxySecret;
import dev.chatgeist.telegram.net.DirectWireOpener;
import dev.chatgeist.telegram.net.NotTelegramCheck;
import dev.chatgeist.telegram.net.Wire;
import dev.chatgeist.telegram.net.WireOpener;
import dev.chatgeist.telegram.net.WrongNetworkException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Opens a TCP stream to a DC: its known addresses in turn, the preferred family first (IPv6 with TELEGRAM_IPV6=1,
 * else IPv4), directly or through TELEGRAM_PROXY, the answer watched for something that is not Telegram.
 */
final class DcDialer {
    /** The stream, and the address it reached. */
    record Dialed(DcAddress address, Wire wire) {}

    private final TelegramSettings settings;
    private final SessionState state;
    private final Consumer<String> events;
    private final WireOpener wires;

    DcDialer(TelegramSettings settings, SessionState state, Consumer<String> events) {
        this.settings = settings;
        this.state = state;
        this.events = events;
        this.wires = settings.proxy().map(ProxySetting::wireOpener).orElseGet(DirectWireOpener::new);
    }

    /**
     * The first address that connects; a failed one is logged and the next tried. A {@link WrongNetworkException}
     * (the proxy refused our login, …) ends the attempt: another address would meet the same.
     */
    Dialed dial(int dc, Duration connectTimeout, Duration readTimeout) throws IOException {
        List<DcAddress> addresses = addresses(dc);
        if (addresses.isEmpty()) {
            throw new IOException("no address known for Telegram DC " + dc);
        }
        if (settings.proxy().orElse(null) instanceof ProxySetting.MtProxy p) {
            // the MTProxy reaches the DC by its id, so one connection to the proxy stands for all its addresses; a
            // fake-TLS proxy answers TLS by design (FakeTls checks that answer itself)
            Wire wire = wires.open(p.host(), p.port(), connectTimeout, readTimeout);
            return new Dialed(
                    addresses.get(0),
                    p.secret().mode() == MtProxySecret.Mode.FAKE_TLS
                            ? wire
                            : NotTelegramCheck.watch(wire, p.host(), p.port()));
        }
        IOException failure = null;
        for (DcAddress a : addresses) {
            try {
                Wire wire = wires.open(a.host(), a.port(), connectTimeout, readTimeout);
                if (failure != null) {
                    events.accept("telegram event=address_fallback dc=" + dc + " address=" + a.endpoint());
                }
                return new Dialed(a, NotTelegramCheck.watch(wire, a.host(), a.port()));
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
        throw failure;
    }

    /**
     * Every address known for {@code dc}: the one its key was made at, help.getConfig's, and (talking to the
     * production DCs) the built-in ones; the preferred family first.
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
}
