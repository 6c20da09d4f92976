package dev.chatgeist.telegram.client;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.mtproto.RsaKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the client needs from {@code .env}: the API id and hash (my.telegram.org), and optionally TELEGRAM_DC (the
 * first DC to contact), TELEGRAM_SERVER_KEY (a PEM RSA public key to trust besides Telegram's built-in ones),
 * TELEGRAM_PROXY (see {@link ProxySetting}), TELEGRAM_IPV6=1 (prefer the DCs' IPv6 addresses) and TELEGRAM_TRANSPORT
 * (obfuscated, the default, or intermediate).
 * {@code retry} is {@link RetryPolicy#REAL} unless a test shrinks it with {@value #RETRY_SCALE}.
 */
public record TelegramSettings(
        int apiId,
        String apiHash,
        Optional<DcAddress> firstDc,
        List<RsaKey> serverKeys,
        Optional<ProxySetting> proxy,
        boolean ipv6,
        TransportKind transport,
        RetryPolicy retry) {
    public static final String API_ID = "TELEGRAM_API_ID";
    public static final String API_HASH = "TELEGRAM_API_HASH";
    public static final String DC = "TELEGRAM_DC";
    public static final String SERVER_KEY = "TELEGRAM_SERVER_KEY";
    public static final String IPV6 = "TELEGRAM_IPV6";
    /** For tests only (docs/dev/mtproto.md): multiplies every retry wait and budget, e.g. 0.01. */
    public static final String RETRY_SCALE = "CHATGEIST_DEV_RETRY_SCALE";

    public static final String TRANSPORT = "TELEGRAM_TRANSPORT";

    /** How packets travel to a DC (without a proxy; through an MTProxy they are always obfuscated). */
    public enum TransportKind {
        /** Padded intermediate inside the obfuscation layer, as the official apps connect: looks like noise. */
        OBFUSCATED,
        /** Plain intermediate: fixed opening bytes and visible packet lengths, easy for a filter to spot. */
        INTERMEDIATE
    }

    private static final String WHERE = "create an application at https://my.telegram.org (API development tools) "
            + "and put its api_id and api_hash into .env as TELEGRAM_API_ID=... and TELEGRAM_API_HASH=...";

    public static TelegramSettings from(Settings settings) {
        String idText = settings.require(API_ID, WHERE);
        int apiId;
        try {
            apiId = Integer.parseInt(idText);
        } catch (NumberFormatException e) {
            throw new UserException(API_ID + " must be the number my.telegram.org shows as api_id (found a value "
                    + "that is not a number); fix it in .env");
        }
        if (apiId <= 0) {
            throw new UserException(API_ID + " must be a positive number; " + WHERE);
        }
        String hash = settings.require(API_HASH, WHERE);
        if (!hash.matches("[0-9a-fA-F]{32}")) {
            throw new UserException(API_HASH + " must be the 32 hexadecimal characters my.telegram.org shows as "
                    + "api_hash (the value in .env has " + hash.length()
                    + " characters or other symbols); fix it in .env");
        }
        Optional<DcAddress> dc = settings.get(DC).map(DcAddress::parse);
        List<RsaKey> keys = new ArrayList<>(RsaKey.builtIn());
        Optional<String> keyPath = settings.get(SERVER_KEY);
        if (keyPath.isPresent()) {
            Path p = Path.of(keyPath.get());
            try {
                keys.add(0, RsaKey.fromPem(Files.readString(p, StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new UserException(
                        SERVER_KEY + "=" + p + " cannot be read (" + e.getMessage() + "); point it at "
                                + "a PEM RSA public key or remove it",
                        e);
            } catch (IllegalArgumentException e) {
                throw new UserException(SERVER_KEY + "=" + p + " is not usable: " + e.getMessage(), e);
            }
        }
        Optional<ProxySetting> proxy =
                settings.get(ProxySetting.NAME).filter(v -> !v.isBlank()).map(ProxySetting::parse);
        return new TelegramSettings(
                apiId,
                hash.toLowerCase(java.util.Locale.ROOT),
                dc,
                List.copyOf(keys),
                proxy,
                ipv6(settings),
                transport(settings.get(TRANSPORT)),
                retryPolicy(settings));
    }

    private static TransportKind transport(Optional<String> value) {
        String v = value.map(String::strip).orElse("").toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "", "obfuscated" -> TransportKind.OBFUSCATED;
            case "intermediate" -> TransportKind.INTERMEDIATE;
            default ->
                throw new UserException(TRANSPORT + "='" + value.orElse("") + "' is not a transport; use obfuscated "
                        + "(the default, as Telegram's apps connect) or intermediate, or remove it from .env");
        };
    }

    private static boolean ipv6(Settings settings) {
        String v = settings.get(IPV6, "0").strip().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no", "" -> false;
            default ->
                throw new UserException(IPV6 + "='" + v + "' must be 1 (prefer the DCs' IPv6 addresses) or 0 "
                        + "(IPv4 first, IPv6 only when IPv4 cannot connect); fix it in .env");
        };
    }

    private static RetryPolicy retryPolicy(Settings settings) {
        Optional<String> scale = settings.get(RETRY_SCALE);
        if (scale.isEmpty()) {
            return RetryPolicy.REAL;
        }
        try {
            return RetryPolicy.REAL.scaled(Double.parseDouble(scale.get()));
        } catch (IllegalArgumentException e) {
            throw new UserException(RETRY_SCALE + " (a setting for tests) must be a number above 0 and at most 1, not "
                    + scale.get() + "; remove it from .env");
        }
    }

    /** These settings with {@link RetryPolicy#interactive()}: a person waits, so give up on the network sooner. */
    public TelegramSettings interactive() {
        return new TelegramSettings(apiId, apiHash, firstDc, serverKeys, proxy, ipv6, transport, retry.interactive());
    }

    /** Never prints the hash. */
    @Override
    public String toString() {
        return "TelegramSettings{apiId=" + apiId + ", firstDc=" + firstDc + ", proxy=" + proxy + ", ipv6=" + ipv6
                + ", transport=" + transport + "}";
    }
}
