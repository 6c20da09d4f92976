package dev.chatgeist.telegram.client;

import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.TlData;
import dev.chatgeist.telegram.tl.api.ChannelForbidden;
import dev.chatgeist.telegram.tl.api.ChatForbidden;
import dev.chatgeist.telegram.tl.api.ContactsResolveUsername;
import dev.chatgeist.telegram.tl.api.Dialog;
import dev.chatgeist.telegram.tl.api.InputPeerChannel;
import dev.chatgeist.telegram.tl.api.InputPeerChat;
import dev.chatgeist.telegram.tl.api.InputPeerEmpty;
import dev.chatgeist.telegram.tl.api.InputPeerUser;
import dev.chatgeist.telegram.tl.api.MessageEmpty;
import dev.chatgeist.telegram.tl.api.MessagesDialogs;
import dev.chatgeist.telegram.tl.api.MessagesDialogsSlice;
import dev.chatgeist.telegram.tl.api.MessagesGetDialogs;
import dev.chatgeist.telegram.tl.api.TypeContactsResolvedPeer;
import dev.chatgeist.telegram.tl.api.TypeDialog;
import dev.chatgeist.telegram.tl.api.TypeInputPeer;
import dev.chatgeist.telegram.tl.api.TypeMessage;
import dev.chatgeist.telegram.tl.api.TypeMessagesDialogs;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the InputPeer of a target: from the session's cache of access hashes, else by contacts.resolveUsername
 * (usernames) or by walking the dialogs (numeric ids: only chats the account is in have usable access hashes).
 */
public final class PeerResolver {
    private static final int DIALOG_PAGE = 100;
    private static final int MAX_DIALOG_PAGES = 100;

    private final TelegramClient client;
    private boolean dialogsLoaded;

    public PeerResolver(TelegramClient client) {
        this.client = client;
    }

    public SessionState.Peer resolve(ChatTarget target) throws IOException, RpcException, ChatUnavailableException {
        SessionState state = client.state();
        if (target instanceof ChatTarget.Username u) {
            Long cached = state.usernames.get(u.username().toLowerCase(Locale.ROOT));
            if (cached != null && state.peers.containsKey(cached)) {
                return state.peers.get(cached);
            }
            return resolveUsername(u.username());
        }
        long marked =
                target instanceof ChatTarget.Channel c ? c.markedId() : ((ChatTarget.NumericId) target).markedId();
        if (marked < 0 && marked > -1_000_000_000_000L) {
            return new SessionState.Peer("chat", -marked, 0, null, null); // basic groups need no access hash
        }
        SessionState.Peer p = state.peers.get(marked);
        if (p == null && !dialogsLoaded) {
            loadDialogs();
            p = state.peers.get(marked);
        }
        if (p == null) {
            throw new ChatUnavailableException("the account is not a member of " + target.text() + " (it is not among "
                    + "its chats, so Telegram gives no access to it); join the chat in Telegram, or use its public "
                    + "@username in targets.json");
        }
        return p;
    }

    /** Drops a cached username (after the chat behind it turned out to be invalid). */
    public void forget(ChatTarget target) {
        if (target instanceof ChatTarget.Username u) {
            client.state().forgetUsername(u.username());
        }
    }

    private SessionState.Peer resolveUsername(String username)
            throws IOException, RpcException, ChatUnavailableException {
        TypeContactsResolvedPeer resolved;
        try {
            resolved = client.call(ContactsResolveUsername.of(username));
        } catch (RpcException e) {
            if (e.is("USERNAME_NOT_OCCUPIED") || e.is("USERNAME_INVALID")) {
                throw new ChatUnavailableException("no Telegram chat or user is called @" + username + " (" + e.error()
                        + "); check the target in targets.json");
            }
            throw e;
        }
        Entities entities = Entities.from(resolved.users(), resolved.chats());
        entities.rememberIn(client.state());
        TlData entity = entities.of(resolved.peer());
        if (entity == null) {
            throw new IOException("contacts.resolveUsername answered without the entity of @" + username);
        }
        if (entity instanceof ChannelForbidden || entity instanceof ChatForbidden) {
            throw new ChatUnavailableException("@" + username + " (" + Entities.title(entity) + ") cannot be read "
                    + "by this account: it was banned from it or the chat became private");
        }
        SessionState.Peer p = client.state().peers.get(Entities.markedId(resolved.peer()));
        if (p == null) {
            throw new ChatUnavailableException("@" + username + " has no access hash usable by this account");
        }
        // the username the user typed stays mapped even if Telegram spells it differently
        client.state().usernames.put(username.toLowerCase(Locale.ROOT), p.markedId());
        return p;
    }

    private void loadDialogs() throws IOException, RpcException {
        dialogsLoaded = true;
        int offsetDate = 0;
        int offsetId = 0;
        TypeInputPeer offsetPeer = InputPeerEmpty.of();
        Set<Long> seen = new HashSet<>();
        for (int page = 0; page < MAX_DIALOG_PAGES; page++) {
            TypeMessagesDialogs res =
                    client.call(MessagesGetDialogs.of(offsetDate, offsetId, offsetPeer, DIALOG_PAGE, 0L));
            DialogsPage dp;
            if (res instanceof MessagesDialogs all) {
                dp = new DialogsPage(all.dialogs(), all.messages(), true);
                Entities.from(all.users(), all.chats()).rememberIn(client.state());
            } else if (res instanceof MessagesDialogsSlice slice) {
                dp = new DialogsPage(slice.dialogs(), slice.messages(), false);
                Entities.from(slice.users(), slice.chats()).rememberIn(client.state());
            } else {
                return; // messages.dialogsNotModified
            }
            boolean fresh = false;
            for (TypeDialog dialog : dp.dialogs()) {
                if (dialog instanceof Dialog && seen.add(Entities.markedId(dialog.peer()))) {
                    fresh = true;
                }
            }
            if (dp.complete() || dp.dialogs().size() < DIALOG_PAGE || !fresh) {
                return;
            }
            // the next page starts below the last dialog's top message
            TypeDialog last = dp.dialogs().get(dp.dialogs().size() - 1);
            offsetId = last.topMessage();
            long lastPeer = Entities.markedId(last.peer());
            offsetPeer = inputPeer(client.state().peers.get(lastPeer));
            for (TypeMessage msg : dp.messages()) {
                if (!(msg instanceof MessageEmpty)
                        && msg.id() == offsetId
                        && Entities.markedId(msg.peerId()) == lastPeer) {
                    offsetDate = MessageRows.date(msg);
                }
            }
        }
    }

    /** What messages.dialogs (complete: every dialog) and messages.dialogsSlice share. */
    private record DialogsPage(List<TypeDialog> dialogs, List<TypeMessage> messages, boolean complete) {}

    public static TypeInputPeer inputPeer(SessionState.Peer p) {
        if (p == null) {
            return InputPeerEmpty.of();
        }
        return switch (p.kind()) {
            case "user" -> InputPeerUser.of(p.id(), p.accessHash());
            case "chat" -> InputPeerChat.of(p.id());
            default -> InputPeerChannel.of(p.id(), p.accessHash());
        };
    }
}
