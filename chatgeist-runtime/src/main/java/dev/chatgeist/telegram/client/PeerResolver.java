package dev.chatgeist.telegram.client;

import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlSchema;
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
        long marked = target instanceof ChatTarget.Channel c ? c.markedId() : ((ChatTarget.NumericId) target).markedId();
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

    private SessionState.Peer resolveUsername(String username) throws IOException, RpcException,
            ChatUnavailableException {
        TlSchema schema = client.schema();
        TlObject resolved;
        try {
            resolved = client.callObject(schema.make("contacts.resolveUsername", "username", username));
        } catch (RpcException e) {
            if (e.is("USERNAME_NOT_OCCUPIED") || e.is("USERNAME_INVALID")) {
                throw new ChatUnavailableException("no Telegram chat or user is called @" + username + " ("
                        + e.error() + "); check the target in targets.json");
            }
            throw e;
        }
        Entities entities = Entities.from(resolved);
        entities.rememberIn(client.state());
        TlObject peer = resolved.getObject("peer");
        TlObject entity = entities.of(peer);
        if (entity == null) {
            throw new IOException("contacts.resolveUsername answered without the entity of @" + username);
        }
        if (entity.is("channelForbidden") || entity.is("chatForbidden")) {
            throw new ChatUnavailableException("@" + username + " (" + entity.getString("title") + ") cannot be read "
                    + "by this account: it was banned from it or the chat became private");
        }
        SessionState.Peer p = client.state().peers.get(Entities.markedId(peer));
        if (p == null) {
            throw new ChatUnavailableException("@" + username + " has no access hash usable by this account");
        }
        // the username the user typed stays mapped even if Telegram spells it differently
        client.state().usernames.put(username.toLowerCase(Locale.ROOT), p.markedId());
        return p;
    }

    private void loadDialogs() throws IOException, RpcException {
        dialogsLoaded = true;
        TlSchema schema = client.schema();
        int offsetDate = 0;
        int offsetId = 0;
        TlObject offsetPeer = schema.make("inputPeerEmpty");
        Set<Long> seen = new HashSet<>();
        for (int page = 0; page < MAX_DIALOG_PAGES; page++) {
            TlObject res = client.callObject(schema.make("messages.getDialogs", "offset_date", offsetDate,
                    "offset_id", offsetId, "offset_peer", offsetPeer, "limit", DIALOG_PAGE, "hash", 0L));
            if (res.is("messages.dialogsNotModified")) {
                return;
            }
            Entities entities = Entities.from(res);
            entities.rememberIn(client.state());
            List<Object> dialogs = res.getList("dialogs");
            boolean fresh = false;
            for (Object d : dialogs) {
                TlObject dialog = (TlObject) d;
                if (dialog.is("dialog") && seen.add(Entities.markedId(dialog.getObject("peer")))) {
                    fresh = true;
                }
            }
            if (res.is("messages.dialogs") || dialogs.size() < DIALOG_PAGE || !fresh) {
                return;
            }
            // the next page starts below the last dialog's top message
            TlObject last = (TlObject) dialogs.get(dialogs.size() - 1);
            offsetId = last.getInt("top_message");
            offsetPeer = inputPeer(schema, client.state().peers.get(Entities.markedId(last.getObject("peer"))));
            for (Object m : res.getList("messages")) {
                TlObject msg = (TlObject) m;
                if (!msg.is("messageEmpty") && msg.getInt("id") == offsetId
                        && Entities.markedId(msg.getObject("peer_id")) == Entities.markedId(last.getObject("peer"))) {
                    offsetDate = msg.getInt("date");
                }
            }
        }
    }

    public static TlObject inputPeer(TlSchema schema, SessionState.Peer p) {
        if (p == null) {
            return schema.make("inputPeerEmpty");
        }
        return switch (p.kind()) {
            case "user" -> schema.make("inputPeerUser", "user_id", p.id(), "access_hash", p.accessHash());
            case "chat" -> schema.make("inputPeerChat", "chat_id", p.id());
            default -> schema.make("inputPeerChannel", "channel_id", p.id(), "access_hash", p.accessHash());
        };
    }
}
