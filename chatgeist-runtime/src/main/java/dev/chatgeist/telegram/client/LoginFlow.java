package dev.chatgeist.telegram.client;

import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.mtproto.Srp;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlSchema;
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
    public TlObject run(String phoneOption) throws IOException {
        TlSchema schema = client.schema();
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
            TlObject sent = sendCode(phone);
            TlObject auth = null;
            for (int attempt = 1; auth == null; attempt++) {
                if (sent.is("auth.sentCodeSuccess")) {
                    auth = sent.getObject("authorization");
                    break;
                }
                String code = prompts.code(phone, describe(sent.getObject("type")));
                if (code == null || code.isBlank()) {
                    throw new UserException("no login code given; run `chatgeist login` again and type the code "
                            + "Telegram sent");
                }
                try {
                    auth = client.callObject(schema.make("auth.signIn", "phone_number", phone,
                            "phone_code_hash", sent.getString("phone_code_hash"), "phone_code", code.strip()));
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
            if (auth.is("auth.authorizationSignUpRequired")) {
                throw new UserException("there is no Telegram account for " + phone + "; sign up in a Telegram "
                        + "app first, then run `chatgeist login` again");
            }
            TlObject user = auth.getObject("user");
            client.state().userId = user.getLong("id");
            client.state().changed();
            return user;
        } catch (RpcException e) {
            throw explain(e);
        }
    }

    private TlObject sendCode(String phone) throws IOException, RpcException {
        return client.callObject(client.schema().make("auth.sendCode", "phone_number", phone,
                "api_id", settings.apiId(), "api_hash", settings.apiHash(),
                "settings", client.schema().make("codeSettings")));
    }

    private TlObject checkPassword() throws IOException, RpcException {
        TlSchema schema = client.schema();
        for (int attempt = 1; ; attempt++) {
            TlObject pw = client.callObject(schema.make("account.getPassword"));
            TlObject algo = pw.getObject("current_algo");
            if (algo == null || !algo.is("passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow")) {
                throw new UserException("the account's two-step verification uses an algorithm this client does "
                        + "not know (" + (algo == null ? "none" : algo.name()) + "); update chatgeist");
            }
            String hint = pw.getString("hint");
            char[] password = prompts.password(hint == null ? "" : hint);
            if (password == null) {
                throw new UserException("no two-step verification password given; run `chatgeist login` again");
            }
            Srp.Answer answer;
            try {
                answer = Srp.answer(new Srp.Params(algo.getBytes("salt1"), algo.getBytes("salt2"), algo.getInt("g"),
                        algo.getBytes("p"), pw.getBytes("srp_B"), pw.getLong("srp_id")), password, random);
            } catch (SecurityException e) {
                throw new IOException("the server's two-step verification parameters failed the checks: "
                        + e.getMessage(), e);
            } finally {
                Arrays.fill(password, '\0');
            }
            try {
                return client.callObject(schema.make("auth.checkPassword", "password",
                        schema.make("inputCheckPasswordSRP", "srp_id", answer.srpId(), "A", answer.a(), "M1", answer.m1())));
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

    private static String describe(TlObject type) {
        if (type == null) {
            return "Telegram";
        }
        return switch (type.name()) {
            case "auth.sentCodeTypeApp" -> "the Telegram app on your other devices";
            case "auth.sentCodeTypeSms", "auth.sentCodeTypeSmsWord", "auth.sentCodeTypeSmsPhrase" -> "SMS";
            case "auth.sentCodeTypeCall", "auth.sentCodeTypeFlashCall", "auth.sentCodeTypeMissedCall" -> "a phone call";
            case "auth.sentCodeTypeEmailCode" -> "e-mail";
            case "auth.sentCodeTypeFragmentSms" -> "Fragment";
            default -> "Telegram";
        };
    }

    /** Turns the errors a user can act on into messages that say what to do. */
    static UserException explain(RpcException e) {
        String what = switch (e.kind()) {
            case "API_ID_INVALID", "API_ID_PUBLISHED_FLOOD" -> "Telegram does not accept TELEGRAM_API_ID/TELEGRAM_API_HASH; "
                    + "copy both again from https://my.telegram.org (API development tools) into .env";
            case "PHONE_NUMBER_INVALID" -> "Telegram says the phone number is not valid; give it in international "
                    + "form, e.g. --phone +4915112345678";
            case "PHONE_NUMBER_BANNED" -> "Telegram has banned this phone number";
            case "PHONE_NUMBER_FLOOD", "PHONE_PASSWORD_FLOOD" -> "too many login attempts for this number; wait "
                    + "a few hours before trying again";
            case "FLOOD_WAIT" -> "Telegram asks to wait " + e.number() + " seconds before trying again";
            case "PHONE_NUMBER_UNOCCUPIED" -> "there is no Telegram account for this number; sign up in a Telegram "
                    + "app first";
            default -> "Telegram refused the login: " + e.error();
        };
        return new UserException(what + " (" + e.error() + ")", e);
    }
}
