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
 * first DC to contact), TELEGRAM_SERVER_KEY (a PEM RSA public key to trust besides Telegram's built-in one),
 * TELEGRAM_TRANSPORT (obfuscated, the default, or intermediate) and TELEGRAM_PROXY ({@link ProxySetting}).
 */
public record TelegramSettings(
        int apiId,
        String apiHash,
        Optional<DcAddress> firstDc,
        List<RsaKey> serverKeys,
        TransportKind transport,
        Optional<ProxySetting> proxy) {
    public static final String API_ID = "TELEGRAM_API_ID";
    public static final String API_HASH = "TELEGRAM_API_HASH";
    public static final String DC = "TELEGRAM_DC";
    public static final String SERVER_KEY = "TELEGRAM_SERVER_KEY";
    public static final String TRANSPORT = "TELEGRAM_TRANSPORT";

    /** How packets travel to a DC (without a proxy; an MTProxy always takes the obfuscated form). */
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
        return new TelegramSettings(
                apiId,
                hash.toLowerCase(java.util.Locale.ROOT),
                dc,
                List.copyOf(keys),
                transport(settings.get(TRANSPORT)),
                ProxySetting.parse(settings.get(ProxySetting.NAME)));
    }

    private static TransportKind transport(Optional<String> value) {
        String v = value.map(String::strip).orElse("").toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "", "obfuscated" -> TransportKind.OBFUSCATED;
            case "intermediate" -> TransportKind.INTERMEDIATE;
            default ->
                throw new UserException(
                        TRANSPORT + "='" + value.orElse("") + "' is not a transport; use "
                                + "obfuscated (the default, as Telegram's apps connect) or intermediate, or remove it from .env");
        };
    }

    /** Never prints the hash. */
    @Override
    public String toString() {
        return "TelegramSettings{apiId=" + apiId + ", firstDc=" + firstDc + ", transport=" + transport
                + proxy.map(p -> ", proxy=" + p.where()).orElse("") + "}";
    }
}
