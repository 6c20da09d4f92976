package dev.chatgeist.telegram.mtproto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An MTProxy secret as proxies publish it (hex, or base64/base64url): 16 bytes of key, optionally preceded by
 * {@code dd} (the proxy takes only the padded intermediate protocol, which hides packet sizes) or by {@code ee} and
 * followed by a domain name (fake TLS: the connection looks like HTTPS to that domain).
 */
public record MtProxySecret(byte[] key, Mode mode, String tlsDomain) {
    public enum Mode {
        PLAIN,
        PADDED,
        FAKE_TLS
    }

    /** @throws IllegalArgumentException naming the problem (never the secret) */
    public static MtProxySecret parse(String text) {
        byte[] b = decode(text.strip());
        if (b.length == 16) {
            return new MtProxySecret(b, Mode.PLAIN, null);
        }
        if (b.length == 17 && (b[0] & 0xff) == 0xdd) {
            return new MtProxySecret(Bytes.slice(b, 1, 17), Mode.PADDED, null);
        }
        if (b.length > 17 && (b[0] & 0xff) == 0xee) {
            String domain = new String(b, 17, b.length - 17, StandardCharsets.US_ASCII);
            if (!domain.matches("[A-Za-z0-9.-]+")) {
                throw new IllegalArgumentException("the ee (fake TLS) secret does not end in a domain name");
            }
            return new MtProxySecret(Bytes.slice(b, 1, 17), Mode.FAKE_TLS, domain);
        }
        throw new IllegalArgumentException("an MTProxy secret is 32 hexadecimal digits, optionally starting with dd, "
                + "or ee followed by 32 hexadecimal digits and the hex of a domain name (found " + b.length
                + " bytes" + (b.length > 16 ? " starting with " + HexFormat.of().toHexDigits(b[0]) : "") + ")");
    }

    private static byte[] decode(String s) {
        if (s.matches("(?i)[0-9a-f]+") && s.length() % 2 == 0) {
            return HexFormat.of().parseHex(s);
        }
        try {
            return s.matches("[A-Za-z0-9_-]+=*")
                    ? Base64.getUrlDecoder().decode(s)
                    : Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the MTProxy secret is neither hexadecimal nor base64");
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "MtProxySecret{" + mode + (tlsDomain == null ? "" : " " + tlsDomain) + "}";
    }
}
