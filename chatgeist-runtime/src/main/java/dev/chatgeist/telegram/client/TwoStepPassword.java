package dev.chatgeist.telegram.client;

import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.mtproto.Srp;
import dev.chatgeist.telegram.tl.api.AccountGetPassword;
import dev.chatgeist.telegram.tl.api.AuthCheckPassword;
import dev.chatgeist.telegram.tl.api.InputCheckPasswordSRP;
import dev.chatgeist.telegram.tl.api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
import dev.chatgeist.telegram.tl.api.TypeAccountPassword;
import dev.chatgeist.telegram.tl.api.TypeAuthAuthorization;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The last step of every login way when the account has two-step verification (SESSION_PASSWORD_NEEDED):
 * account.getPassword + auth.checkPassword with SRP; a wrong password is asked again. The password is used for SRP
 * only and wiped.
 */
final class TwoStepPassword {
    private final TelegramClient client;
    private final LoginPrompts prompts;
    private final SecureRandom random = new SecureRandom();

    TwoStepPassword(TelegramClient client, LoginPrompts prompts) {
        this.client = client;
        this.prompts = prompts;
    }

    TypeAuthAuthorization check() throws IOException, RpcException {
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
                    if (attempt >= LoginFlow.ATTEMPTS) {
                        throw new UserException("the two-step verification password was wrong " + LoginFlow.ATTEMPTS
                                + " times; run `chatgeist login` again");
                    }
                    prompts.say("That password is wrong; try again.");
                } else if (!e.is("SRP_ID_INVALID")) {
                    throw e;
                }
            }
        }
    }
}
