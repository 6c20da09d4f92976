package dev.chatgeist.telegram.client;

import dev.chatgeist.telegram.tl.TlData;
import dev.chatgeist.telegram.tl.api.Channel;
import dev.chatgeist.telegram.tl.api.ChannelForbidden;
import dev.chatgeist.telegram.tl.api.Chat;
import dev.chatgeist.telegram.tl.api.ChatForbidden;
import dev.chatgeist.telegram.tl.api.PeerChannel;
import dev.chatgeist.telegram.tl.api.PeerChat;
import dev.chatgeist.telegram.tl.api.PeerUser;
import dev.chatgeist.telegram.tl.api.TypeChat;
import dev.chatgeist.telegram.tl.api.TypePeer;
import dev.chatgeist.telegram.tl.api.TypeUser;
import dev.chatgeist.telegram.tl.api.User;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The users and chats vectors of one response, by id, and what the session should remember of them. */
final class Entities {
    final Map<Long, TypeUser> users = new HashMap<>();
    final Map<Long, TypeChat> chats = new HashMap<>();

    static Entities from(List<TypeUser> users, List<TypeChat> chats) {
        Entities e = new Entities();
        for (TypeUser user : users) {
            e.users.put(user.id(), user);
        }
        for (TypeChat chat : chats) {
            e.chats.put(chat.id(), chat);
        }
        return e;
    }

    /** The entity (a TypeUser or TypeChat) a Peer points at, or null. */
    TlData of(TypePeer peer) {
        if (peer instanceof PeerUser u) {
            return users.get(u.userId());
        }
        if (peer instanceof PeerChat c) {
            return chats.get(c.chatId());
        }
        if (peer instanceof PeerChannel c) {
            return chats.get(c.channelId());
        }
        return null;
    }

    /** Telethon's marked id of a Peer: users as they are, basic groups -id, channels -100id. */
    static long markedId(TypePeer peer) {
        if (peer instanceof PeerUser u) {
            return u.userId();
        }
        if (peer instanceof PeerChat c) {
            return -c.chatId();
        }
        return -1_000_000_000_000L - ((PeerChannel) peer).channelId();
    }

    /** Stores every entity with a usable access hash in the session. */
    void rememberIn(SessionState state) {
        for (TypeUser u : users.values()) {
            if (u instanceof User user && !user.min() && user.accessHash() != null) {
                state.remember(new SessionState.Peer("user", user.id(), user.accessHash(), user.username(), null));
            }
        }
        for (TypeChat c : chats.values()) {
            if (c instanceof Channel channel && !channel.min() && channel.accessHash() != null) {
                state.remember(new SessionState.Peer(
                        "channel", channel.id(), channel.accessHash(), channel.username(), channel.title()));
            } else if (c instanceof Chat chat) {
                state.remember(new SessionState.Peer("chat", chat.id(), 0, null, chat.title()));
            }
            // chatForbidden, channelForbidden, chatEmpty: nothing the account can read
        }
    }

    /** first + last for users (Telethon's display name), the title for chats and channels; "" if none. */
    static String displayName(TlData entity) {
        if (entity instanceof User user) {
            String first = user.firstName();
            String last = user.lastName();
            boolean hasFirst = first != null && !first.isEmpty();
            boolean hasLast = last != null && !last.isEmpty();
            if (hasFirst && hasLast) {
                return first + " " + last;
            }
            return hasFirst ? first : hasLast ? last : "";
        }
        String title = title(entity);
        return title == null ? "" : title;
    }

    /** The title of a chat or channel, also of one the account cannot read; null for anything else. */
    static String title(TlData entity) {
        if (entity instanceof Chat c) {
            return c.title();
        }
        if (entity instanceof ChatForbidden c) {
            return c.title();
        }
        if (entity instanceof Channel c) {
            return c.title();
        }
        return entity instanceof ChannelForbidden c ? c.title() : null;
    }

    static String username(TlData entity) {
        if (entity instanceof User user) {
            return user.username();
        }
        return entity instanceof Channel channel ? channel.username() : null;
    }
}
