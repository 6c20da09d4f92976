package dev.chatgeist.telegram.client;

import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.telegram.tl.TlData;
import dev.chatgeist.telegram.tl.api.Message;
import dev.chatgeist.telegram.tl.api.MessageReplyHeader;
import dev.chatgeist.telegram.tl.api.MessageService;
import dev.chatgeist.telegram.tl.api.PeerUser;
import dev.chatgeist.telegram.tl.api.ReactionCustomEmoji;
import dev.chatgeist.telegram.tl.api.ReactionEmoji;
import dev.chatgeist.telegram.tl.api.ReactionPaid;
import dev.chatgeist.telegram.tl.api.TypeMessage;
import dev.chatgeist.telegram.tl.api.TypeMessageReactions;
import dev.chatgeist.telegram.tl.api.TypeMessageReplyHeader;
import dev.chatgeist.telegram.tl.api.TypePeer;
import dev.chatgeist.telegram.tl.api.TypeReaction;
import dev.chatgeist.telegram.tl.api.TypeReactionCount;
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
    static final DateTimeFormatter ISO_UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private MessageRows() {}

    /** What message and messageService share (and the archive stores); the text and counters are message's only. */
    private record Common(
            int date,
            TypePeer fromId,
            boolean post,
            boolean out,
            TypeMessageReplyHeader replyTo,
            TypeMessageReactions reactions) {
        static Common of(TypeMessage m) {
            if (m instanceof Message x) {
                return new Common(x.date(), x.fromId(), x.post(), x.out(), x.replyTo(), x.reactions());
            }
            MessageService s = (MessageService) m;
            return new Common(s.date(), s.fromId(), s.post(), s.out(), s.replyTo(), s.reactions());
        }
    }

    /** The row of {@code m}, or null for messageEmpty. {@code chatUsername}: the chat's public username or null. */
    static MessageRow toRow(TypeMessage m, Entities entities, String chatUsername) {
        if (!(m instanceof Message) && !(m instanceof MessageService)) {
            return null; // messageEmpty
        }
        Message message = m instanceof Message x ? x : null;
        Common c = Common.of(m);
        long id = m.id();
        long timestamp = Integer.toUnsignedLong(c.date());
        TypePeer senderPeer = c.fromId();
        if (senderPeer == null && (c.post() || (!c.out() && m.peerId() instanceof PeerUser))) {
            senderPeer = m.peerId(); // channel posts are "sent" by the channel; private chats by the other user
        }
        Long senderId = senderPeer == null ? null : Entities.markedId(senderPeer);
        TlData sender = entities.of(senderPeer);
        String username = Entities.username(sender);
        String postAuthor = message == null ? null : message.postAuthor();
        String display = Entities.displayName(sender);
        if (display.isEmpty()) {
            display = notEmpty(username)
                    ? username
                    : notEmpty(postAuthor) ? postAuthor : senderId != null ? senderId.toString() : null;
        }
        Long replyTo = null;
        if (c.replyTo() instanceof MessageReplyHeader reply && reply.replyToMsgId() != null) {
            replyTo = (long) reply.replyToMsgId();
        }
        Reactions reactions = reactions(c.reactions());
        Integer views = message == null ? null : message.views();
        Integer forwards = message == null ? null : message.forwards();
        return new MessageRow(
                id,
                timestamp,
                ISO_UTC.format(Instant.ofEpochSecond(timestamp)),
                message == null ? "" : message.message(),
                senderId,
                username,
                display,
                replyTo,
                reactions.count(),
                reactions.detail(),
                views == null ? null : Long.valueOf(views),
                forwards == null ? null : Long.valueOf(forwards),
                chatUsername == null ? null : "https://t.me/" + chatUsername + "/" + id,
                null,
                message == null);
    }

    /** The sum of a message's reaction counts and their detail as the archive stores them. */
    record Reactions(long count, String detail) {}

    /** {@code reactions} (null: none) as the archive stores them: {@code "👍 (10), ❤️ (5)"}. */
    static Reactions reactions(TypeMessageReactions reactions) {
        long count = 0;
        StringBuilder detail = new StringBuilder();
        if (reactions != null) {
            for (TypeReactionCount rc : reactions.results()) {
                String key = reactionKey(rc.reaction());
                if (key == null) {
                    continue;
                }
                count += rc.count();
                if (detail.length() > 0) {
                    detail.append(", ");
                }
                detail.append(key).append(" (").append(rc.count()).append(')');
            }
        }
        return new Reactions(count, detail.toString());
    }

    /** The date of a message or service message; 0 for messageEmpty. */
    static int date(TypeMessage m) {
        return m instanceof Message || m instanceof MessageService
                ? Common.of(m).date()
                : 0;
    }

    /** The emoji itself, {@code custom:<document_id>}, ⭐ for paid reactions; null for reactionEmpty. */
    static String reactionKey(TypeReaction reaction) {
        if (reaction instanceof ReactionEmoji e) {
            return e.emoticon();
        }
        if (reaction instanceof ReactionCustomEmoji c) {
            return "custom:" + c.documentId();
        }
        return reaction instanceof ReactionPaid ? "⭐" : null;
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
