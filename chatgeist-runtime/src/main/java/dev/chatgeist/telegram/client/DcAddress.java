package dev.chatgeist.telegram.client;

import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.tl.api.TypeConfig;
import dev.chatgeist.telegram.tl.api.TypeDcOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a Telegram data centre listens. */
public record DcAddress(int id, String host, int port) {
    private static final Pattern FORM = Pattern.compile("^(\\d+)@(\\[[0-9a-fA-F:]+]|[^:@\\s]+):(\\d{1,5})$");

    /**
     * Telegram's production DCs (port 443), IPv4 and IPv6 (the IPv6 ones as Telegram Desktop and GramJS list
     * them); more are learnt from help.getConfig.
     */
    public static final List<DcAddress> PRODUCTION = List.of(
            new DcAddress(1, "149.154.175.53", 443),
            new DcAddress(2, "149.154.167.51", 443),
            new DcAddress(3, "149.154.175.100", 443),
            new DcAddress(4, "149.154.167.91", 443),
            new DcAddress(5, "91.108.56.130", 443),
            new DcAddress(1, "2001:b28:f23d:f001::a", 443),
            new DcAddress(2, "2001:67c:4e8:f002::a", 443),
            new DcAddress(3, "2001:b28:f23d:f003::a", 443),
            new DcAddress(4, "2001:67c:4e8:f004::a", 443),
            new DcAddress(5, "2001:b28:f23f:f005::a", 443));

    /** The DC a new login starts at when TELEGRAM_DC is not set. */
    public static final DcAddress DEFAULT_FIRST = PRODUCTION.get(1);

    /** Parses TELEGRAM_DC: {@code <dc id>@<host>:<port>}, e.g. {@code 2@149.154.167.51:443}. */
    public static DcAddress parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new UserException("TELEGRAM_DC='" + text + "' is not of the form <dc id>@<host>:<port>, e.g. "
                    + "2@149.154.167.51:443; fix it in .env or remove it to use Telegram's production DCs");
        }
        int port = Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new UserException("TELEGRAM_DC='" + text + "': port " + port + " is out of range");
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new DcAddress(Integer.parseInt(m.group(1)), host, port);
    }

    /**
     * The addresses of help.getConfig's answer a client can use (not media-only, not CDN, not TCPO-only): one IPv4
     * and one IPv6 address per DC, the IPv4 ones first.
     */
    static List<DcAddress> usable(TypeConfig answer) {
        List<DcAddress> options = new ArrayList<>();
        for (boolean ipv6 : new boolean[] {false, true}) {
            for (TypeDcOption d : answer.dcOptions()) {
                if (d.ipv6() != ipv6 || d.mediaOnly() || d.cdn() || d.tcpoOnly()) {
                    continue;
                }
                if (options.stream().noneMatch(a -> a.id() == d.id() && a.ipv6() == ipv6)) {
                    options.add(new DcAddress(d.id(), d.ipAddress(), d.port()));
                }
            }
        }
        return options;
    }

    /** An IPv6 address (written with colons). */
    public boolean ipv6() {
        return host.contains(":");
    }

    /** {@code host:port}, an IPv6 host in brackets. */
    public String endpoint() {
        return (ipv6() ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return id + "@" + endpoint();
    }
}
