package dev.chatgeist.telegram.client;

import dev.chatgeist.archive.IdOffsets;
import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.source.SourceReport;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.api.ChannelFull;
import dev.chatgeist.telegram.tl.api.ChannelsGetFullChannel;
import dev.chatgeist.telegram.tl.api.Chat;
import dev.chatgeist.telegram.tl.api.InputChannel;
import dev.chatgeist.telegram.tl.api.InputChannelFromMessage;
import dev.chatgeist.telegram.tl.api.MessageActionChatMigrateTo;
import dev.chatgeist.telegram.tl.api.MessageReplyHeader;
import dev.chatgeist.telegram.tl.api.MessageService;
import dev.chatgeist.telegram.tl.api.MessagesGetChats;
import dev.chatgeist.telegram.tl.api.TypeChat;
import dev.chatgeist.telegram.tl.api.TypeInputChannel;
import dev.chatgeist.telegram.tl.api.TypeMessage;
import dev.chatgeist.telegram.tl.api.TypeMessageReplyHeader;
import dev.chatgeist.telegram.tl.api.TypeMessagesChatFull;
import dev.chatgeist.telegram.tl.api.TypeMessagesChats;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a basic group that became a supergroup (https://core.telegram.org/api/channel#migration): the basic group
 * is deactivated with {@code migrated_to}, its last message is messageActionChatMigrateTo, and the supergroup starts
 * again at id 1 with messageActionChannelMigrateFrom. A chat's history is read as legs — the basic group up to its
 * last message, then the supergroup — and the supergroup's ids are stored at id + offset ({@link IdOffsets}), the
 * offset being the basic group's last message id, so one archive holds both without the user changing the target.
 */
final class ChatMigrations {
    private final TelegramClient client;
    private final PeerResolver resolver;
    private final Consumer<String> events;

    ChatMigrations(TelegramClient client, PeerResolver resolver, Consumer<String> events) {
        this.client = client;
        this.resolver = resolver;
        this.events = events;
    }

    /**
     * One chat's part of the archive: its peer, the Telegram id to continue after, the offset its ids get. The one
     * mapping between the chat's Telegram ids and the archive's stored ids, for the fetch and the refresh alike.
     */
    record Leg(SessionState.Peer peer, long after, long offset) {
        long stored(long telegramId) {
            return telegramId + offset;
        }

        long telegram(long storedId) {
            return storedId - offset;
        }

        /** Whether a stored id is this chat's (a supergroup's lie above the offset, its basic group's below). */
        boolean holds(long storedId) {
            return storedId > offset;
        }

        /** The same leg on its chat looked up afresh (a stale access hash). */
        Leg on(SessionState.Peer fresh) {
            return new Leg(fresh, after, offset);
        }

        /** A message of this chat as the archive stores it; null for one that is not archived (messageEmpty). */
        MessageRow row(TypeMessage m, Entities entities, String chatUsername) {
            MessageRow row = MessageRows.toRow(m, entities, chatUsername);
            return row == null ? null : shifted(row, m, this);
        }
    }

    /** What the pages of one leg showed about a migration of its chat. */
    static final class Seen {
        private final SessionState.Peer peer;
        private long channelId;
        private Long accessHash;
        private long migrateToMessage;
        private long delivered;

        Seen(SessionState.Peer peer) {
            this.peer = peer;
        }

        void page(Entities entities, List<TypeMessage> messages) {
            if (!peer.kind().equals("chat")) {
                return; // only basic groups migrate
            }
            if (entities.chats.get(peer.id()) instanceof Chat chat) {
                migratedTo(chat.migratedTo());
            }
            for (TypeMessage m : messages) {
                if (m instanceof MessageService s && s.action() instanceof MessageActionChatMigrateTo to) {
                    migrateToMessage = Math.max(migrateToMessage, s.id());
                    channelId = to.channelId();
                }
            }
        }

        /** chat.migrated_to: with the access hash, or (a min constructor) the channel id alone. */
        void migratedTo(TypeInputChannel to) {
            if (to instanceof InputChannel c) {
                channelId = c.channelId();
                accessHash = c.accessHash();
            } else if (to instanceof InputChannelFromMessage c) {
                channelId = c.channelId();
            }
        }

        void delivered() {
            delivered++;
        }
    }

    /**
     * The first leg for an archive whose highest stored id is {@code afterId}, and what the archive is to record
     * about its ids (put into {@code report}).
     */
    Leg first(SessionState.Peer target, long afterId, Optional<IdOffsets> recorded, SourceReport report)
            throws IOException, RpcException, ChatUnavailableException {
        long marked = target.markedId();
        IdOffsets ids = recorded.orElse(IdOffsets.of(marked));
        if (ids.chat() != marked && ids.migratedTo() != marked) {
            ids = successor(ids, target);
        }
        report.idOffsets(ids);
        if (!ids.isMigrated()) {
            return new Leg(target, afterId, 0);
        }
        if (afterId < ids.offset()) {
            return new Leg(peer(ids.chat(), target), afterId, 0);
        }
        return new Leg(peer(ids.migratedTo(), target), afterId - ids.offset(), ids.offset());
    }

    /** The leg after {@code done} (the supergroup a basic group became), or null when the history ends there. */
    Leg next(Leg done, Seen seen, SourceReport report) throws IOException, RpcException, ChatUnavailableException {
        IdOffsets ids = report.idOffsets().orElseThrow();
        if (!done.peer().kind().equals("chat")) {
            return null;
        }
        if (ids.isMigrated()) { // first() chose the group: the archive ends below the offset
            return new Leg(peer(ids.migratedTo(), done.peer()), 0, ids.offset());
        }
        if (seen.accessHash == null && (seen.delivered == 0 || seen.channelId != 0)) {
            seen.migratedTo(migratedTo(done.peer())); // the pages did not show where the group went; ask for it
        }
        if (seen.channelId == 0) {
            return null;
        }
        long marked = -1_000_000_000_000L - seen.channelId;
        SessionState.Peer supergroup = client.state().peers.get(marked);
        if (seen.accessHash != null && (supergroup == null || supergroup.accessHash() != seen.accessHash)) {
            supergroup = new SessionState.Peer("channel", seen.channelId, seen.accessHash, null, null);
            client.state().remember(supergroup);
        } else if (supergroup == null) {
            supergroup = peer(marked, done.peer()); // through the dialogs
        }
        long offset = seen.migrateToMessage > 0 ? seen.migrateToMessage : maxIdBefore(supergroup, done.peer());
        report.idOffsets(followed(ids.migrated(supergroup.markedId(), offset)));
        // above the offset already: supergroup rows committed by a run that failed before it could record the offset
        return new Leg(supergroup, Math.max(0, done.after() - offset), offset);
    }

    /**
     * The archive holds another chat's ids than the target's: fine if the target is the supergroup that chat
     * became (the user changed targets.json by hand after the migration); anything else would mix two chats.
     */
    private IdOffsets successor(IdOffsets ids, SessionState.Peer target)
            throws IOException, RpcException, ChatUnavailableException {
        boolean basicGroup = ids.chat() < 0 && ids.chat() > -1_000_000_000_000L;
        if (!ids.isMigrated() && basicGroup && target.kind().equals("channel")) {
            ChannelFull full = fullChannel(target);
            if (full.migratedFromChatId() != null && -full.migratedFromChatId() == ids.chat()) {
                return followed(ids.migrated(target.markedId(), full.migratedFromMaxId()));
            }
        }
        String holds = ids.chat() + (ids.isMigrated() ? " (which became " + ids.migratedTo() + ")" : "");
        throw new ChatUnavailableException("the archive holds the messages of chat " + holds + ", not of "
                + target.markedId() + ", the target now in targets.json; put the old target back, or give the new "
                + "chat an alias of its own (`chatgeist chats add NEWALIAS TARGET`)");
    }

    /** Logs the migration about to be followed (console and update.log); returns it. */
    private IdOffsets followed(IdOffsets ids) {
        events.accept("telegram event=chat_migrated from=" + ids.chat() + " to=" + ids.migratedTo() + " id_offset="
                + ids.offset());
        return ids;
    }

    /** chat.migrated_to of a basic group, from messages.getChats; null while it has not migrated. */
    private TypeInputChannel migratedTo(SessionState.Peer chat) throws IOException, RpcException {
        TypeMessagesChats answer = client.call(MessagesGetChats.of(List.of(chat.id())));
        for (TypeChat c : answer.chats()) {
            if (c instanceof Chat basic && basic.id() == chat.id()) {
                return basic.migratedTo();
            }
        }
        return null;
    }

    /** channelFull.migrated_from_max_id: the basic group's last message id (its messageActionChatMigrateTo). */
    private long maxIdBefore(SessionState.Peer supergroup, SessionState.Peer basic) throws IOException, RpcException {
        ChannelFull full = fullChannel(supergroup);
        if (full.migratedFromMaxId() == null
                || full.migratedFromChatId() == null
                || full.migratedFromChatId() != basic.id()) {
            throw new IOException("channels.getFullChannel of " + supergroup.markedId() + " does not name "
                    + basic.markedId() + " as the basic group it was migrated from");
        }
        return full.migratedFromMaxId();
    }

    private ChannelFull fullChannel(SessionState.Peer channel) throws IOException, RpcException {
        TypeMessagesChatFull answer =
                client.call(ChannelsGetFullChannel.of(InputChannel.of(channel.id(), channel.accessHash())));
        Entities.from(answer.users(), answer.chats()).rememberIn(client.state());
        if (answer.fullChat() instanceof ChannelFull full) {
            return full;
        }
        throw new IOException("channels.getFullChannel of " + channel.markedId() + " answered a basic group");
    }

    /** The peer of a marked id: the target itself, else from the session or the dialogs. */
    private SessionState.Peer peer(long marked, SessionState.Peer target)
            throws IOException, RpcException, ChatUnavailableException {
        if (marked == target.markedId()) {
            return target;
        }
        return resolver.resolve(new ChatTarget.NumericId(Long.toString(marked), marked));
    }

    /**
     * A supergroup's row as stored in a migrated chat's archive: id and reply id moved by the leg's offset (a reply
     * to another chat keeps its id), the permalink built from the real id; without a public username it is the
     * members' link {@code https://t.me/c/<channel>/<id>}, since the stored id is not the one Telegram shows.
     */
    static MessageRow shifted(MessageRow row, TypeMessage m, Leg leg) {
        if (leg.offset() == 0) {
            return row;
        }
        Long reply = row.replyToMsgId();
        TypeMessageReplyHeader header = m instanceof MessageService s
                ? s.replyTo()
                : m instanceof dev.chatgeist.telegram.tl.api.Message x ? x.replyTo() : null;
        if (reply != null && !(header instanceof MessageReplyHeader h && h.replyToPeerId() != null)) {
            reply = leg.stored(reply);
        }
        String permalink = row.permalink() != null
                ? row.permalink()
                : "https://t.me/c/" + leg.peer().id() + "/" + row.id();
        return new MessageRow(
                leg.stored(row.id()),
                row.timestamp(),
                row.dateIso(),
                row.message(),
                row.senderId(),
                row.senderUsername(),
                row.senderDisplayName(),
                reply,
                row.reactionsCount(),
                row.reactionsDetail(),
                row.views(),
                row.forwards(),
                permalink,
                row.mediaPath(),
                row.service());
    }
}
