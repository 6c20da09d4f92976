package dev.chatgeist.telegram.client;

import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.api.AuthAuthorization;
import dev.chatgeist.telegram.tl.api.AuthResendCode;
import dev.chatgeist.telegram.tl.api.AuthSendCode;
import dev.chatgeist.telegram.tl.api.AuthSentCode;
import dev.chatgeist.telegram.tl.api.AuthSentCodeSuccess;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeSetUpEmailRequired;
import dev.chatgeist.telegram.tl.api.AuthSignIn;
import dev.chatgeist.telegram.tl.api.CodeSettings;
import dev.chatgeist.telegram.tl.api.EmailVerificationCode;
import dev.chatgeist.telegram.tl.api.TypeAuthAuthorization;
import dev.chatgeist.telegram.tl.api.TypeAuthSentCode;
import dev.chatgeist.telegram.tl.api.User;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Signs the account in with its phone number (core.telegram.org/api/auth): auth.sendCode (following PHONE_MIGRATE
 * to the account's DC; 500 AUTH_RESTART starts over, up to 3 times), then the code wherever Telegram sent it (app,
 * SMS, call, e-mail, Fragment: {@link CodeDelivery}; typing {@code resend} calls auth.resendCode), auth.signIn
 * (wrong code: ask again; expired: send a new one), the login e-mail setup when Telegram requires it
 * ({@link LoginEmailSetup}), and the two-step verification password ({@link TwoStepPassword}).
 */
public final class LoginFlow {
    static final int ATTEMPTS = 3;
    private static final int RESTARTS = 3;

    private final TelegramClient client;
    private final TelegramSettings settings;
    private final LoginPrompts prompts;

    public LoginFlow(TelegramClient client, TelegramSettings settings, LoginPrompts prompts) {
        this.client = client;
        this.settings = settings;
        this.prompts = prompts;
    }

    /** Logs in; returns the user object. */
    public User run(String phoneOption) throws IOException {
        try {
            client.loadDcOptions();
            String phone = phoneOption != null ? phoneOption : prompts.phone();
            if (phone == null || phone.isBlank()) {
                throw new UserException("no phone number given; pass --phone +NUMBER (international form), or log "
                        + "in without one with `chatgeist login --qr`");
            }
            phone = phone.strip().replace(" ", "").replace("-", "");
            if (!phone.matches("\\+?[0-9]{5,16}")) {
                throw new UserException("'" + phone + "' is not a phone number; give it in international form, "
                        + "e.g. --phone +4915112345678");
            }
            return loggedIn(client, signIn(phone));
        } catch (RpcException e) {
            throw explain(e);
        }
    }

    private TypeAuthAuthorization signIn(String phone) throws IOException, RpcException {
        TypeAuthSentCode sent = sendCode(phone);
        CodeDelivery delivery = null;
        int restarts = 0;
        for (int attempt = 1; ; ) {
            if (sent instanceof AuthSentCodeSuccess success) {
                return success.authorization();
            }
            AuthSentCode waiting = (AuthSentCode) sent;
            if (waiting.type() instanceof AuthSentCodeTypeSetUpEmailRequired) {
                sent = new LoginEmailSetup(client, prompts).run(phone, waiting.phoneCodeHash());
                continue;
            }
            if (delivery == null) {
                delivery = CodeDelivery.of(waiting, phone, System.nanoTime());
                prompts.say(delivery.where());
            }
            String code = prompts.code(delivery.question());
            if (code == null || code.isBlank()) {
                throw new UserException(
                        "no login code given; run `chatgeist login` again and type the code Telegram sent");
            }
            code = code.strip();
            if (code.equalsIgnoreCase(CodeDelivery.RESEND)) {
                TypeAuthSentCode again = resend(phone, waiting, delivery);
                if (again != null) {
                    sent = again;
                    delivery = null;
                }
                continue;
            }
            AuthSignIn request = AuthSignIn.of(phone, waiting.phoneCodeHash());
            request = delivery.email()
                    ? request.withEmailVerification(EmailVerificationCode.of(code))
                    : request.withPhoneCode(code);
            try {
                return client.call(request);
            } catch (RpcException e) {
                if (e.is("SESSION_PASSWORD_NEEDED")) {
                    return new TwoStepPassword(client, prompts).check();
                }
                if (e.is("AUTH_RESTART") && restarts++ < RESTARTS) {
                    sent = sendCode(phone); // Telegram asks to start over: a new code, without bothering the user
                    delivery = null;
                } else if (wrongCode(e)) {
                    if (attempt++ >= ATTEMPTS) {
                        throw new UserException(
                                "the login code was wrong " + ATTEMPTS + " times; run `chatgeist login` again");
                    }
                    prompts.say("That code is wrong; check it and try again.");
                } else if (e.is("PHONE_CODE_EXPIRED")) {
                    if (attempt++ >= ATTEMPTS) {
                        throw new UserException("the login code expired " + ATTEMPTS + " times; run "
                                + "`chatgeist login` again and type the code as soon as it arrives");
                    }
                    prompts.say("That code has expired; Telegram is sending a new one.");
                    sent = sendCode(phone);
                    delivery = null;
                } else {
                    throw e;
                }
            }
        }
    }

    /** auth.sendCode; 500 AUTH_RESTART ("restart the authorization process") starts over silently, 3 times. */
    private TypeAuthSentCode sendCode(String phone) throws IOException, RpcException {
        for (int restart = 0; ; restart++) {
            try {
                return client.call(AuthSendCode.of(phone, settings.apiId(), settings.apiHash(), CodeSettings.of()));
            } catch (RpcException e) {
                if (!e.is("AUTH_RESTART") || restart >= RESTARTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * auth.resendCode, once Telegram allows it (sentCode's {@code timeout}: waited out, saying so). Returns null when
     * there is no other way or Telegram says so (SEND_CODE_UNAVAILABLE): the current code stays valid.
     */
    private TypeAuthSentCode resend(String phone, AuthSentCode waiting, CodeDelivery delivery)
            throws IOException, RpcException {
        if (delivery.nextWay() == null) {
            prompts.say("Telegram offers no other way to send this code; wait for it, or run `chatgeist login` "
                    + "again later.");
            return null;
        }
        long wait = delivery.resendAfterNanos() - System.nanoTime();
        if (wait > 0) {
            long seconds = (wait + 999_999_999L) / 1_000_000_000L;
            prompts.say("Telegram allows sending the code " + delivery.nextWay() + " in " + seconds + " s; waiting.");
            try {
                Thread.sleep(wait / 1_000_000L + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to resend the login code");
            }
        }
        try {
            return client.call(AuthResendCode.of(phone, waiting.phoneCodeHash()));
        } catch (RpcException e) {
            if (e.is("SEND_CODE_UNAVAILABLE")) {
                prompts.say("Telegram cannot send the code another way now; type the code you have.");
                return null;
            }
            if (e.is("PHONE_CODE_EXPIRED")) {
                prompts.say("That code has expired; Telegram is sending a new one.");
                return sendCode(phone);
            }
            throw e;
        }
    }

    /** The answer to a wrong code: phone codes, e-mail login codes and e-mail verification codes. */
    static boolean wrongCode(RpcException e) {
        return e.is("PHONE_CODE_INVALID")
                || e.is("PHONE_CODE_EMPTY")
                || e.is("EMAIL_CODE_INVALID")
                || e.is("CODE_INVALID")
                || e.is("CODE_EMPTY");
    }

    /** Checks the authorization every login way ends with and records the account in the session. */
    static User loggedIn(TelegramClient client, TypeAuthAuthorization auth) throws IOException {
        if (!(auth instanceof AuthAuthorization authorized)) { // auth.authorizationSignUpRequired
            throw new UserException("there is no Telegram account for this phone number; sign up in a Telegram "
                    + "app first, then run `chatgeist login` again");
        }
        if (!(authorized.user() instanceof User user)) {
            throw new IOException("Telegram answered the login without the account ("
                    + authorized.user().name() + ")");
        }
        client.state().userId = user.id();
        client.state().changed();
        return user;
    }

    /** Turns the errors a user can act on into messages that say what to do. */
    static UserException explain(RpcException e) {
        String what = switch (e.kind()) {
            case "API_ID_INVALID", "API_ID_PUBLISHED_FLOOD" ->
                "Telegram does not accept TELEGRAM_API_ID/TELEGRAM_API_HASH; "
                        + "copy both again from https://my.telegram.org (API development tools) into .env";
            case "PHONE_NUMBER_INVALID" ->
                "Telegram says the phone number is not valid; give it in international "
                        + "form, e.g. --phone +4915112345678";
            case "PHONE_NUMBER_BANNED" -> "Telegram has banned this phone number";
            case "PHONE_NUMBER_FLOOD", "PHONE_PASSWORD_FLOOD" ->
                "too many login attempts for this number; wait " + "a few hours before trying again";
            case "FLOOD_WAIT" -> "Telegram asks to wait " + e.number() + " seconds before trying again";
            case "PHONE_NUMBER_UNOCCUPIED" ->
                "there is no Telegram account for this number; sign up in a Telegram " + "app first";
            case "AUTH_RESTART" ->
                "Telegram asked to restart the login " + RESTARTS + " times in a row; wait a minute and run "
                        + "`chatgeist login` again";
            case "EMAIL_INVALID", "EMAIL_NOT_ALLOWED" ->
                "Telegram does not accept that e-mail address; run `chatgeist login` again and give another one";
            case "EMAIL_VERIFY_EXPIRED" ->
                "the e-mail verification code expired; run `chatgeist login` again and type it as soon as it "
                        + "arrives";
            case "CODE_INVALID", "EMAIL_CODE_INVALID" ->
                "the code was wrong " + ATTEMPTS + " times; run `chatgeist login` again";
            case "SEND_CODE_UNAVAILABLE" -> "Telegram cannot send the login code another way";
            case "UPDATE_APP_TO_LOGIN" ->
                "Telegram asks for a newer app to log this account in by phone; try `chatgeist login --qr`";
            default -> "Telegram refused the login: " + e.error();
        };
        return new UserException(what + " (" + e.error() + ")", e);
    }
}
