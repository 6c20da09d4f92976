package dev.chatgeist.telegram.client;

import dev.chatgeist.telegram.tl.TlObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The users and chats vectors of one response, by id, and what the session should remember of them. */
final class Entities {
    final Map<Long, TlObject> users = new HashMap<>();
    final Map<Long, TlObject> chats = new HashMap<>();

    static Entities from(TlObject response) {
        Entities e = new Entities();
        for (Object u : list(response, "users")) {
            TlObject user = (TlObject) u;
            e.users.put(user.getLong("id"), user);
        }
        for (Object c : list(response, "chats")) {
            TlObject chat = (TlObject) c;
            e.chats.put(chat.getLong("id"), chat);
        }
        return e;
    }

    private static List<Object> list(TlObject o, String field) {
        return o.combinator().indexOf(field) < 0 ? List.of() : o.getList(field);
    }

    /** The entity a Peer (peerUser/peerChat/peerChannel) points at, or null. */
    TlObject of(TlObject peer) {
        if (peer == null) {
            return null;
        }
        return switch (peer.name()) {
            case "peerUser" -> users.get(peer.getLong("user_id"));
            case "peerChat" -> chats.get(peer.getLong("chat_id"));
            case "peerChannel" -> chats.get(peer.getLong("channel_id"));
            default -> null;
        };
    }

    /** Telethon's marked id of a Peer: users as they are, basic groups -id, channels -100id. */
    static long markedId(TlObject peer) {
        return switch (peer.name()) {
            case "peerUser" -> peer.getLong("user_id");
            case "peerChat" -> -peer.getLong("chat_id");
            case "peerChannel" -> -1_000_000_000_000L - peer.getLong("channel_id");
            default -> throw new IllegalArgumentException("not a peer: " + peer.name());
        };
    }

    /** Stores every entity with a usable access hash in the session. */
    void rememberIn(SessionState state) {
        for (TlObject u : users.values()) {
            if (u.is("user") && !u.flag("min") && u.has("access_hash")) {
                state.remember(new SessionState.Peer("user", u.getLong("id"), u.getLong("access_hash"),
                        u.getString("username"), null));
            }
        }
        for (TlObject c : chats.values()) {
            switch (c.name()) {
                case "channel" -> {
                    if (!c.flag("min") && c.has("access_hash")) {
                        state.remember(new SessionState.Peer("channel", c.getLong("id"), c.getLong("access_hash"),
                                c.getString("username"), c.getString("title")));
                    }
                }
                case "chat" -> state.remember(new SessionState.Peer("chat", c.getLong("id"), 0, null,
                        c.getString("title")));
                default -> {
                    // chatForbidden, channelForbidden, chatEmpty: nothing the account can read
                }
            }
        }
    }

    /** first + last for users (Telethon's display name), the title for chats and channels; "" if none. */
    static String displayName(TlObject entity) {
        if (entity == null) {
            return "";
        }
        if (entity.is("user")) {
            String first = entity.getString("first_name");
            String last = entity.getString("last_name");
            boolean hasFirst = first != null && !first.isEmpty();
            boolean hasLast = last != null && !last.isEmpty();
            if (hasFirst && hasLast) {
                return first + " " + last;
            }
            return hasFirst ? first : hasLast ? last : "";
        }
        Object title = entity.opt("title");
        return title == null ? "" : (String) title;
    }

    static String username(TlObject entity) {
        return entity == null ? null : (String) entity.opt("username");
    }
}
