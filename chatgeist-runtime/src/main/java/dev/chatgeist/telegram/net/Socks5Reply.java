package dev.chatgeist.telegram.net;

/** The reply codes of a SOCKS5 CONNECT (RFC 1928 section 6). */
final class Socks5Reply {
    private Socks5Reply() {}

    static String describe(int reply) {
        return switch (reply) {
            case 1 -> "general SOCKS server failure";
            case 2 -> "the proxy's rules do not allow this connection";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "TTL expired";
            case 7 -> "the proxy does not support the CONNECT command";
            case 8 -> "the proxy does not support this address type";
            default -> "unknown SOCKS5 reply";
        };
    }

    /**
     * Replies that will come again however often we retry: the proxy's rules, the commands and address types it
     * supports. The others (unreachable, refused, TTL, general failure) may pass, or another address may work.
     */
    static boolean permanent(int reply) {
        return reply == 2 || reply == 7;
    }
}
