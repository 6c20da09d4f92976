package dev.chatgeist.telegram.client;

import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.api.AuthExportLoginToken;
import dev.chatgeist.telegram.tl.api.AuthImportLoginToken;
import dev.chatgeist.telegram.tl.api.AuthLoginToken;
import dev.chatgeist.telegram.tl.api.AuthLoginTokenMigrateTo;
import dev.chatgeist.telegram.tl.api.AuthLoginTokenSuccess;
import dev.chatgeist.telegram.tl.api.TypeAuthAuthorization;
import dev.chatgeist.telegram.tl.api.TypeAuthLoginToken;
import dev.chatgeist.telegram.tl.api.UpdateLoginToken;
import dev.chatgeist.telegram.tl.api.UpdateShort;
import dev.chatgeist.telegram.tl.api.Updates;
import dev.chatgeist.telegram.tl.api.UpdatesCombined;
import dev.chatgeist.telegram.tl.api.User;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Login by QR code (core.telegram.org/api/qr-login), no phone number: auth.exportLoginToken gives a token shown as
 * {@code tg://login?token=<base64url>} in a QR code; a logged-in app scans it (Settings → Devices → Link Desktop
 * Device) and Telegram pushes updateLoginToken; exportLoginToken again then answers auth.loginTokenSuccess, or
 * auth.loginTokenMigrateTo when the account lives on another DC (auth.importLoginToken there). An expired token is
 * replaced by a new one; SESSION_PASSWORD_NEEDED leads to the two-step verification password.
 *
 * <p>The pushed update is read while a ping is in flight (the session reads only then): one ping a second.
 */
public final class QrLogin {
    private static final long PING_MILLIS = 1_000;
    private static final long GIVE_UP_MILLIS = 10 * 60_000;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final TelegramClient client;
    private final TelegramSettings settings;
    private final LoginPrompts prompts;

    public QrLogin(TelegramClient client, TelegramSettings settings, LoginPrompts prompts) {
        this.client = client;
        this.settings = settings;
        this.prompts = prompts;
    }

    /** Logs in; returns the user object. */
    public User run() throws IOException {
        AtomicBoolean scanned = new AtomicBoolean();
        client.onUpdates(update -> {
            if (isLoginToken(update)) {
                scanned.set(true);
            }
        });
        try {
            client.loadDcOptions();
            return LoginFlow.loggedIn(client, waitForScan(scanned));
        } catch (RpcException e) {
            throw LoginFlow.explain(e);
        } finally {
            client.onUpdates(update -> {});
        }
    }

    private TypeAuthAuthorization waitForScan(AtomicBoolean scanned) throws IOException, RpcException {
        long giveUp = System.currentTimeMillis() + GIVE_UP_MILLIS;
        byte[] shown = null;
        while (true) {
            scanned.set(false); // an updateLoginToken from here on means: export again
            TypeAuthLoginToken answer;
            try {
                answer = client.call(AuthExportLoginToken.of(settings.apiId(), settings.apiHash(), List.of()));
                if (answer instanceof AuthLoginTokenMigrateTo migrate) {
                    client.moveHome(migrate.dcId(), "LOGIN_TOKEN_MIGRATE_" + migrate.dcId());
                    answer = client.call(AuthImportLoginToken.of(migrate.token()));
                }
            } catch (RpcException e) {
                if (e.is("SESSION_PASSWORD_NEEDED")) {
                    return new TwoStepPassword(client, prompts).check();
                }
                throw e;
            }
            if (answer instanceof AuthLoginTokenSuccess success) {
                return success.authorization();
            }
            if (!(answer instanceof AuthLoginToken token)) {
                throw new IOException("Telegram answered the QR login with " + answer.name());
            }
            if (System.currentTimeMillis() > giveUp) {
                throw new UserException("the QR code was not scanned within " + GIVE_UP_MILLIS / 60_000
                        + " minutes; run `chatgeist login --qr` again");
            }
            if (!Arrays.equals(shown, token.token())) {
                show(token, shown != null);
                shown = token.token();
            }
            waitUntilScannedOrExpired(scanned, token.expires());
        }
    }

    private void show(AuthLoginToken token, boolean again) {
        String url = url(token.token());
        prompts.say(
                again
                        ? "The QR code expired; here is a new one."
                        : "Scan this QR code with the Telegram app on your phone: Settings → Devices → Link Desktop "
                                + "Device.");
        prompts.showQr(QrTerminal.render(url));
        long localExpiry = (token.expires() - serverOffsetSeconds()) * 1000L;
        prompts.say("Or open " + url + " on a device where you are logged in. Valid until "
                + CLOCK.format(Instant.ofEpochMilli(localExpiry).atZone(ZoneId.systemDefault()))
                + "; a new code follows. Waiting for the scan...");
    }

    /** Pings (reading what Telegram pushes) until updateLoginToken came or the token's expiry (server time). */
    private void waitUntilScannedOrExpired(AtomicBoolean scanned, int expires) throws IOException {
        do {
            try {
                Thread.sleep(PING_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the QR code to be scanned");
            }
            try {
                client.ping();
            } catch (IOException e) {
                return; // the connection dropped; exporting again reconnects (and tells whether it was scanned)
            }
        } while (!scanned.get() && System.currentTimeMillis() / 1000 + serverOffsetSeconds() < expires);
    }

    private long serverOffsetSeconds() {
        SessionState.DcKey key = client.state().dcs.get(client.dc());
        return key == null ? 0 : key.timeOffset;
    }

    /** The deep link the QR code holds: tg://login?token= and the token in base64url (core.telegram.org/api/links). */
    static String url(byte[] token) {
        return "tg://login?token=" + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    private static boolean isLoginToken(TlObject update) {
        if (update instanceof UpdateShort s) {
            return s.update() instanceof UpdateLoginToken;
        }
        if (update instanceof Updates u) {
            return u.updates().stream().anyMatch(UpdateLoginToken.class::isInstance);
        }
        return update instanceof UpdatesCombined c && c.updates().stream().anyMatch(UpdateLoginToken.class::isInstance);
    }
}
