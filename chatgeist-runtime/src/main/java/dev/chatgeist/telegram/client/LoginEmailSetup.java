package dev.chatgeist.telegram.client;

import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.api.AccountEmailVerifiedLogin;
import dev.chatgeist.telegram.tl.api.AccountSendVerifyEmailCode;
import dev.chatgeist.telegram.tl.api.AccountVerifyEmail;
import dev.chatgeist.telegram.tl.api.EmailVerificationCode;
import dev.chatgeist.telegram.tl.api.EmailVerifyPurposeLoginSetup;
import dev.chatgeist.telegram.tl.api.TypeAccountEmailVerified;
import dev.chatgeist.telegram.tl.api.TypeAccountSentEmailCode;
import dev.chatgeist.telegram.tl.api.TypeAuthSentCode;
import java.io.IOException;

/**
 * auth.sentCodeTypeSetUpEmailRequired (core.telegram.org/api/auth#email-verification): the account must get a login
 * e-mail address before this login. Asks the address, account.sendVerifyEmailCode with
 * emailVerifyPurposeLoginSetup(phone, phone_code_hash), asks that verification code, account.verifyEmail with the
 * same purpose; Telegram answers account.emailVerifiedLogin carrying the auth.sentCode of the login code it has just
 * sent to that address, which the caller then asks for.
 */
final class LoginEmailSetup {
    private final TelegramClient client;
    private final LoginPrompts prompts;

    LoginEmailSetup(TelegramClient client, LoginPrompts prompts) {
        this.client = client;
        this.prompts = prompts;
    }

    TypeAuthSentCode run(String phone, String phoneCodeHash) throws IOException, RpcException {
        prompts.say("Telegram asks this account to set up a login e-mail address before it can log in here; "
                + "Telegram sends a verification code there, then the login code.");
        EmailVerifyPurposeLoginSetup purpose = EmailVerifyPurposeLoginSetup.of(phone, phoneCodeHash);
        TypeAccountSentEmailCode sent = null;
        String email = null;
        for (int attempt = 1; sent == null; attempt++) {
            email = prompts.email();
            if (email == null || email.isBlank()) {
                throw new UserException("no e-mail address given; Telegram requires one for this account: run "
                        + "`chatgeist login` again and give an address you can read");
            }
            try {
                sent = client.call(AccountSendVerifyEmailCode.of(purpose, email.strip()));
            } catch (RpcException e) {
                if (!(e.is("EMAIL_INVALID") || e.is("EMAIL_NOT_ALLOWED")) || attempt >= LoginFlow.ATTEMPTS) {
                    throw e;
                }
                prompts.say("Telegram does not accept that address (" + e.error() + "); give another one.");
            }
        }
        for (int attempt = 1; ; attempt++) {
            String code = prompts.code("Verification code Telegram sent to " + sent.emailPattern() + ": ");
            if (code == null || code.isBlank()) {
                throw new UserException("no verification code given; run `chatgeist login` again and type the "
                        + "code Telegram e-mailed to " + sent.emailPattern());
            }
            TypeAccountEmailVerified verified;
            try {
                verified = client.call(AccountVerifyEmail.of(purpose, EmailVerificationCode.of(code.strip())));
            } catch (RpcException e) {
                if (LoginFlow.wrongCode(e) && attempt < LoginFlow.ATTEMPTS) {
                    prompts.say("That verification code is wrong; check it and try again.");
                    continue;
                }
                if (e.is("EMAIL_VERIFY_EXPIRED") && attempt < LoginFlow.ATTEMPTS) {
                    prompts.say("That verification code has expired; Telegram is sending a new one.");
                    sent = client.call(AccountSendVerifyEmailCode.of(purpose, email.strip()));
                    continue;
                }
                throw e;
            }
            if (verified instanceof AccountEmailVerifiedLogin login) {
                prompts.say("The login e-mail address " + login.email() + " is set up.");
                return login.sentCode();
            }
            throw new IOException("Telegram verified the e-mail address but sent no login code (" + verified.name()
                    + "); run `chatgeist login` again");
        }
    }
}
