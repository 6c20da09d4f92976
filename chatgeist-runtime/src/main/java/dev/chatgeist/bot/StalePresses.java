package dev.chatgeist.bot;

import dev.chatgeist.bot.Messenger.MessengerException;

/**
 * A press on a keyboard whose job or dossier selection is gone (finished, or the bot restarted) or on another
 * user's keyboard in a group chat: answered with a short alert and otherwise ignored.
 */
final class StalePresses {
    private StalePresses() {}

    /** True when the press was answered as expired ({@code ownerId} null) or not the presser's; else nothing sent. */
    static boolean refused(Messenger messenger, Texts texts, Incoming.Callback cb, Long ownerId)
            throws MessengerException {
        if (ownerId == null) {
            messenger.answerCallback(cb.callbackId(), texts.plain("dossier_expired"));
            return true;
        }
        if (ownerId != cb.userId()) {
            messenger.answerCallback(cb.callbackId(), texts.plain("not_yours"));
            return true;
        }
        return false;
    }
}
