package dev.chatgeist.telegram.client;

import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.telegram.tl.TlObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Turns messages of one history page into archive rows with the values the Python version stored (REFERENCE §3):
 * Telethon's marked sender ids, sender names from the page's own users/chats vectors, reactions as
 * {@code "👍 (10), ❤️ (5)"} with custom emoji as {@code custom:<document_id>}, permalinks for public chats. media_path
 * is null here; {@link MediaDownloader} fills it in when media are downloaded.
 */
final class MessageRows {
    static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private MessageRows() {
    }

    /** The row of {@code m}, or null for messageEmpty. {@code chatUsername}: the chat's public username or null. */
    static MessageRow toRow(TlObject m, Entities entities, String chatUsername) {
        if (m.is("messageEmpty")) {
            return null;
        }
        boolean service = m.is("messageService");
        long id = m.getInt("id");
        long timestamp = Integer.toUnsignedLong(m.getInt("date"));
        TlObject fromId = m.getObject("from_id");
        TlObject peerId = m.getObject("peer_id");
        TlObject senderPeer = fromId;
        if (senderPeer == null && (m.flag("post") || (!m.flag("out") && peerId.is("peerUser")))) {
            senderPeer = peerId; // channel posts are "sent" by the channel; private chats by the other user
        }
        Long senderId = senderPeer == null ? null : Entities.markedId(senderPeer);
        TlObject sender = entities.of(senderPeer);
        String username = Entities.username(sender);
        String postAuthor = (String) m.opt("post_author");
        String display = Entities.displayName(sender);
        if (display.isEmpty()) {
            display = notEmpty(username) ? username : notEmpty(postAuthor) ? postAuthor
                    : senderId != null ? senderId.toString() : null;
        }
        Long replyTo = null;
        TlObject reply = m.getObject("reply_to");
        if (reply != null && reply.is("messageReplyHeader") && reply.has("reply_to_msg_id")) {
            replyTo = (long) reply.getInt("reply_to_msg_id");
        }
        long reactionsCount = 0;
        StringBuilder detail = new StringBuilder();
        TlObject reactions = m.getObject("reactions");
        if (reactions != null) {
            for (Object o : reactions.getList("results")) {
                TlObject rc = (TlObject) o;
                String key = reactionKey(rc.getObject("reaction"));
                if (key == null) {
                    continue;
                }
                int count = rc.getInt("count");
                reactionsCount += count;
                if (detail.length() > 0) {
                    detail.append(", ");
                }
                detail.append(key).append(" (").append(count).append(')');
            }
        }
        Object views = m.opt("views");
        Object forwards = m.opt("forwards");
        return new MessageRow(
                id,
                timestamp,
                ISO_UTC.format(Instant.ofEpochSecond(timestamp)),
                service ? "" : m.getString("message"),
                senderId,
                username,
                display,
                replyTo,
                reactionsCount,
                detail.toString(),
                views == null ? null : Long.valueOf((Integer) views),
                forwards == null ? null : Long.valueOf((Integer) forwards),
                chatUsername == null ? null : "https://t.me/" + chatUsername + "/" + id,
                null,
                service);
    }

    /** The emoji itself, {@code custom:<document_id>}, ⭐ for paid reactions; null for reactionEmpty. */
    static String reactionKey(TlObject reaction) {
        return switch (reaction.name()) {
            case "reactionEmoji" -> reaction.getString("emoticon");
            case "reactionCustomEmoji" -> "custom:" + reaction.getLong("document_id");
            case "reactionPaid" -> "⭐";
            default -> null;
        };
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
