package dev.chatgeist.telegram.client;

import dev.chatgeist.telegram.tl.api.AuthCodeTypeCall;
import dev.chatgeist.telegram.tl.api.AuthCodeTypeFlashCall;
import dev.chatgeist.telegram.tl.api.AuthCodeTypeFragmentSms;
import dev.chatgeist.telegram.tl.api.AuthCodeTypeMissedCall;
import dev.chatgeist.telegram.tl.api.AuthCodeTypeSms;
import dev.chatgeist.telegram.tl.api.AuthSentCode;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeApp;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeCall;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeEmailCode;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeFirebaseSms;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeFlashCall;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeFragmentSms;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeMissedCall;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeSms;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeSmsPhrase;
import dev.chatgeist.telegram.tl.api.AuthSentCodeTypeSmsWord;
import dev.chatgeist.telegram.tl.api.TypeAuthCodeType;
import dev.chatgeist.telegram.tl.api.TypeAuthSentCodeType;

/**
 * Where Telegram sent a login code (auth.sentCode's {@code type}) and whether, how and from when it can be sent
 * another way with auth.resendCode ({@code next_type}, {@code timeout}), per core.telegram.org/api/auth.
 *
 * @param where the sentence telling the user where the code went
 * @param email the code went to the login e-mail: auth.signIn takes it as {@code email_verification}
 * @param nextWay how a resend would deliver it ("by SMS"), null when Telegram offers no other way
 * @param resendAfterNanos System.nanoTime() from which a resend is allowed
 */
record CodeDelivery(String where, boolean email, String nextWay, long resendAfterNanos) {
    static final String RESEND = "resend";

    static CodeDelivery of(AuthSentCode sent, String phone, long nowNanos) {
        String next = sent.nextType() == null ? null : way(sent.nextType());
        Integer timeout = sent.timeout();
        long after = nowNanos + (timeout == null ? 0 : timeout * 1_000_000_000L);
        String where = where(sent.type(), phone);
        if (next != null) {
            where += " Type `" + RESEND + "` to get it " + next + " instead"
                    + (timeout == null || timeout <= 0 ? "" : " (possible in " + timeout + " s)") + ".";
        }
        return new CodeDelivery(where, sent.type() instanceof AuthSentCodeTypeEmailCode, next, after);
    }

    /** The prompt for the code. */
    String question() {
        return "Login code" + (nextWay == null ? "" : " (or `" + RESEND + "`)") + ": ";
    }

    private static String where(TypeAuthSentCodeType type, String phone) {
        if (type instanceof AuthSentCodeTypeApp app) {
            return "Telegram sent the login code (" + app.length() + " digits) to the Telegram app on your other "
                    + "devices, in the chat \"Telegram\".";
        }
        if (type instanceof AuthSentCodeTypeSms sms) {
            return "Telegram sent the login code (" + sms.length() + " digits) by SMS to " + phone + ".";
        }
        if (type instanceof AuthSentCodeTypeSmsWord word) {
            return "Telegram sent the login code by SMS to " + phone + ": a word" + beginning(word.beginning()) + ".";
        }
        if (type instanceof AuthSentCodeTypeSmsPhrase phrase) {
            return "Telegram sent the login code by SMS to " + phone + ": a phrase" + beginning(phrase.beginning())
                    + ".";
        }
        if (type instanceof AuthSentCodeTypeCall call) {
            return "Telegram is calling " + phone + "; the call tells the login code (" + call.length() + " digits).";
        }
        if (type instanceof AuthSentCodeTypeFlashCall flash) {
            return "Telegram is calling " + phone + "; the login code is the calling number (it matches "
                    + flash.pattern() + ").";
        }
        if (type instanceof AuthSentCodeTypeMissedCall missed) {
            return "Telegram is calling " + phone + " from a number starting with " + missed.prefix()
                    + "; the login code is its last " + missed.length() + " digits.";
        }
        if (type instanceof AuthSentCodeTypeEmailCode mail) {
            return "Telegram sent the login code (" + mail.length() + " characters) to the account's login e-mail "
                    + "address " + mail.emailPattern() + ".";
        }
        if (type instanceof AuthSentCodeTypeFragmentSms fragment) {
            return "Telegram sent the login code (" + fragment.length() + " digits) to the anonymous number's "
                    + "Fragment account: open " + fragment.url() + ".";
        }
        if (type instanceof AuthSentCodeTypeFirebaseSms) {
            return "Telegram wants to deliver the login code through Firebase, which only the official apps can "
                    + "receive.";
        }
        return "Telegram sent the login code (" + type.name() + ").";
    }

    private static String beginning(String start) {
        return start == null || start.isEmpty() ? "" : " starting with \"" + start + "\"";
    }

    private static String way(TypeAuthCodeType type) {
        if (type instanceof AuthCodeTypeSms) {
            return "by SMS";
        }
        if (type instanceof AuthCodeTypeCall) {
            return "by a phone call";
        }
        if (type instanceof AuthCodeTypeFlashCall) {
            return "by a flash call";
        }
        if (type instanceof AuthCodeTypeMissedCall) {
            return "by a missed call";
        }
        return type instanceof AuthCodeTypeFragmentSms ? "through Fragment" : "another way (" + type.name() + ")";
    }
}
