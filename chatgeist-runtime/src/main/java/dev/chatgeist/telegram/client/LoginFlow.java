package dev.chatgeist.telegram.client;

import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.mtproto.Srp;
import dev.chatgeist.telegram.tl.api.AccountGetPassword;
import dev.chatgeist.telegram.tl.api.AuthAuthorization;
import dev.chatgeist.telegram.tl.api.AuthCheckPassword;
import dev.chatgeist.telegram.tl.api.AuthSendCode;
import dev.chatgeist.telegram.tl.api.AuthSentCode;
import dev.chatgeist.telegram.tl.api.AuthSentCodeSuccess;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeApp;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeCall;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeEmailCode;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeFlashCall;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeFragmentSms;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeMissedCall;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeSms;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeSmsPhrase;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeSmsWord;
import dev.chatgeist.telegram.tl.api.AuthSignIn;
import dev.chatgeist.telegram.tl.api.CodeSettings;
import dev.chatgeist.telegram.tl.api.InputCheckPasswordSRP;
import dev.chatgeist.telegram.tl.api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
import dev.chatgeist.telegram.tl.api.TypeAccountPassword;
import dev.chatgeist.telegram.tl.api.TypeAuthAuthorization;
import dev.chatgeist.telegram.tl.api.TypeAuthSentCode;
import dev.chatgeist.telegram.tl.api.TypeAuthSentCodeType;
import dev.chatgeist.telegram.tl.api.User;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Signs the account in: auth.sendCode (following PHONE_MIGRATE to the account's DC), auth.signIn with the code
 * (wrong code: ask again; expired: send a new one), and for two-step verification account.getPassword +
 * auth.checkPassword with SRP (wrong password: ask again). The password is used for SRP only and wiped.
 */
public final class LoginFlow {
    private static final int ATTEMPTS = 3;

    private final TelegramClient client;
    private final TelegramSettings settings;
    private final LoginPrompts prompts;
    private final SecureRandom random = new SecureRandom();

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
                throw new UserException("no phone number given; pass --phone +NUMBER (international form)");
            }
            phone = phone.strip().replace(" ", "").replace("-", "");
            if (!phone.matches("\\+?[0-9]{5,16}")) {
                throw new UserException("'" + phone + "' is not a phone number; give it in international form, "
                        + "e.g. --phone +4915112345678");
            }
            TypeAuthSentCode sent = sendCode(phone);
            TypeAuthAuthorization auth = null;
            for (int attempt = 1; auth == null; attempt++) {
                if (sent instanceof AuthSentCodeSuccess success) {
                    auth = success.authorization();
                    break;
                }
                AuthSentCode waiting = (AuthSentCode) sent;
                String code = prompts.code(phone, describe(waiting.type()));
                if (code == null || code.isBlank()) {
                    throw new UserException(
                            "no login code given; run `chatgeist login` again and type the code " + "Telegram sent");
                }
                try {
                    auth = client.call(
                            AuthSignIn.of(phone, waiting.phoneCodeHash()).withPhoneCode(code.strip()));
                } catch (RpcException e) {
                    if (e.is("SESSION_PASSWORD_NEEDED")) {
                        auth = checkPassword();
                    } else if (e.is("PHONE_CODE_INVALID") || e.is("PHONE_CODE_EMPTY")) {
                        if (attempt >= ATTEMPTS) {
                            throw new UserException("the login code was wrong " + ATTEMPTS + " times; run "
                                    + "`chatgeist login` again");
                        }
                        prompts.say("That code is wrong; check it and try again.");
                    } else if (e.is("PHONE_CODE_EXPIRED")) {
                        if (attempt >= ATTEMPTS) {
                            throw new UserException("the login code expired " + ATTEMPTS + " times; run "
                                    + "`chatgeist login` again and type the code as soon as it arrives");
                        }
                        prompts.say("That code has expired; Telegram is sending a new one.");
                        sent = sendCode(phone);
                    } else {
                        throw e;
                    }
                }
            }
            if (!(auth instanceof AuthAuthorization authorized)) { // auth.authorizationSignUpRequired
                throw new UserException("there is no Telegram account for " + phone + "; sign up in a Telegram "
                        + "app first, then run `chatgeist login` again");
            }
            if (!(authorized.user() instanceof User user)) {
                throw new IOException("Telegram answered the login without the account ("
                        + authorized.user().name() + ")");
            }
            client.state().userId = user.id();
            client.state().changed();
            return user;
        } catch (RpcException e) {
            throw explain(e);
        }
    }

    private TypeAuthSentCode sendCode(String phone) throws IOException, RpcException {
        return client.call(AuthSendCode.of(phone, settings.apiId(), settings.apiHash(), CodeSettings.of()));
    }

    private TypeAuthAuthorization checkPassword() throws IOException, RpcException {
        for (int attempt = 1; ; attempt++) {
            TypeAccountPassword pw = client.call(AccountGetPassword.of());
            if (!(pw.currentAlgo() instanceof PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow algo)
                    || pw.srpB() == null
                    || pw.srpId() == null) {
                throw new UserException("the account's two-step verification uses an algorithm this client does "
                        + "not know ("
                        + (pw.currentAlgo() == null ? "none" : pw.currentAlgo().name())
                        + "); update chatgeist");
            }
            String hint = pw.hint();
            char[] password = prompts.password(hint == null ? "" : hint);
            if (password == null) {
                throw new UserException("no two-step verification password given; run `chatgeist login` again");
            }
            Srp.Answer answer;
            try {
                answer = Srp.answer(
                        new Srp.Params(algo.salt1(), algo.salt2(), algo.g(), algo.p(), pw.srpB(), pw.srpId()),
                        password,
                        random);
            } catch (SecurityException e) {
                throw new IOException(
                        "the server's two-step verification parameters failed the checks: " + e.getMessage(), e);
            } finally {
                Arrays.fill(password, '\0');
            }
            try {
                return client.call(
                        AuthCheckPassword.of(InputCheckPasswordSRP.of(answer.srpId(), answer.a(), answer.m1())));
            } catch (RpcException e) {
                if (e.is("PASSWORD_HASH_INVALID")) {
                    if (attempt >= ATTEMPTS) {
                        throw new UserException("the two-step verification password was wrong " + ATTEMPTS
                                + " times; run `chatgeist login` again");
                    }
                    prompts.say("That password is wrong; try again.");
                } else if (!e.is("SRP_ID_INVALID")) {
                    throw e;
                }
            }
        }
    }

    private static String describe(TypeAuthSentCodeType type) {
        if (type instanceof AuthSentCodeTypeApp) {
            return "the Telegram app on your other devices";
        }
        if (type instanceof AuthSentCodeTypeSms
                || type instanceof AuthSentCodeTypeSmsWord
                || type instanceof AuthSentCodeTypeSmsPhrase) {
            return "SMS";
        }
        if (type instanceof AuthSentCodeTypeCall
                || type instanceof AuthSentCodeTypeFlashCall
                || type instanceof AuthSentCodeTypeMissedCall) {
            return "a phone call";
        }
        if (type instanceof AuthSentCodeTypeEmailCode) {
            return "e-mail";
        }
        return type instanceof AuthSentCodeTypeFragmentSms ? "Fragment" : "Telegram";
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
            default -> "Telegram refused the login: " + e.error();
        };
        return new UserException(what + " (" + e.error() + ")", e);
    }
}
