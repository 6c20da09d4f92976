package dev.chatgeist.telegram.client;

import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.config.ChatTarget;
import dev.chatgeist.core.UserException;
import dev.chatgeist.source.FetchRequest;
import dev.chatgeist.source.HistorySource;
import dev.chatgeist.source.RowSink;
import dev.chatgeist.source.SourceReport;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.TlData;
import dev.chatgeist.telegram.tl.api.Channel;
import dev.chatgeist.telegram.tl.api.MessagesChannelMessages;
import dev.chatgeist.telegram.tl.api.MessagesGetHistory;
import dev.chatgeist.telegram.tl.api.MessagesMessages;
import dev.chatgeist.telegram.tl.api.MessagesMessagesSlice;
import dev.chatgeist.telegram.tl.api.TypeChat;
import dev.chatgeist.telegram.tl.api.TypeMessage;
import dev.chatgeist.telegram.tl.api.TypeMessagesMessages;
import dev.chatgeist.telegram.tl.api.TypeUser;
import dev.chatgeist.telegram.tl.api.TypeUsername;
import dev.chatgeist.update.RefreshReport;
import dev.chatgeist.update.RefreshRequest;
import dev.chatgeist.update.RefreshSink;
import dev.chatgeist.update.RefreshableSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One chat's history from the account: messages.getHistory pages of 100 walking upward from the archive's last id
 * (offset_id = last + 1, add_offset = -limit: the window of messages just newer than what is stored, per
 * https://core.telegram.org/api/offsets). Each page is delivered in ascending id order.
 *
 * <p>No min_id: Telegram applies min_id/max_id after taking the offset window, so a filtered page can be short
 * while newer messages exist (an offset_id that does not exist may be counted from the message below it, whose
 * removal by min_id shortens the page). Unfiltered, the page is the whole window, and only a window that reached
 * the newest message comes back shorter than the limit; messages at or below the last id are dropped here.
 */
public final class TelegramHistorySource implements HistorySource, RefreshableSource {
    public static final int PAGE = 100;

    private final TelegramClient client;
    private final PeerResolver resolver;
    private final ChatTarget target;
    private final String alias;
    private final MediaDownloader media;
    private final ChatMigrations migrations;
    private final TelegramRefresh refresh;
    /** The target's peer (looked up again when its cached access hash went stale). */
    private SessionState.Peer targetPeer;

    /** @param media null when media are not downloaded */
    TelegramHistorySource(
            TelegramClient client,
            PeerResolver resolver,
            String alias,
            ChatTarget target,
            SessionState.Peer peer,
            MediaDownloader media,
            ChatMigrations migrations) {
        this.client = client;
        this.resolver = resolver;
        this.migrations = migrations;
        this.alias = alias;
        this.target = target;
        this.targetPeer = peer;
        this.media = media;
        this.refresh = new TelegramRefresh(this, client);
    }

    @Override
    public String describe() {
        return "telegram " + target.text();
    }

    /**
     * Reads the chat's legs in turn: usually one; a basic group that became a supergroup continues in the supergroup
     * ({@link ChatMigrations}).
     */
    @Override
    public SourceReport fetch(FetchRequest request, RowSink sink) throws IOException, InterruptedException {
        SourceReport report = new SourceReport();
        long delivered = 0;
        ChatMigrations.Leg leg =
                leg(() -> migrations.first(targetPeer, request.afterId(), request.idOffsets(), report));
        while (leg != null) {
            ChatMigrations.Seen seen = new ChatMigrations.Seen(leg.peer());
            delivered = fetchLeg(leg, seen, request, sink, report, delivered);
            if (request.limit() > 0 && delivered >= request.limit()) {
                return report;
            }
            ChatMigrations.Leg done = leg;
            leg = leg(() -> migrations.next(done, seen, report));
        }
        return report;
    }

    /** A step of {@link ChatMigrations} that may ask Telegram. */
    @FunctionalInterface
    private interface LegStep {
        ChatMigrations.Leg run() throws IOException, RpcException, ChatUnavailableException;
    }

    /** The leg a step finds; what it cannot find is explained to the user. */
    private ChatMigrations.Leg leg(LegStep step) throws IOException {
        try {
            return step.run();
        } catch (ChatUnavailableException e) {
            throw new UserException(e.getMessage(), e);
        } catch (RpcException e) {
            throw TelegramLiveSources.explain(target, e);
        }
    }

    /** One leg's pages, from {@code leg.after()} upward; returns the rows delivered so far in the whole fetch. */
    private long fetchLeg(
            ChatMigrations.Leg leg,
            ChatMigrations.Seen seen,
            FetchRequest request,
            RowSink sink,
            SourceReport report,
            long delivered)
            throws IOException, InterruptedException {
        SessionState.Peer peer = leg.peer();
        long offset = leg.after();
        boolean reresolved = false;
        // the refresh's newest page comes first in the run; the refresh reads the chat of the fetch's last leg
        boolean head = refresh.wantsHead(leg, request.limit());
        int maxId = 0; // below the newest page when it did not reach the stored messages
        while (true) {
            int want = request.limit() > 0 ? (int) Math.min(PAGE, request.limit() - delivered) : PAGE;
            if (want <= 0) {
                return delivered;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            TypeMessagesMessages answer;
            try {
                answer = client.call(
                        head
                                ? refresh.headRequest()
                                : MessagesGetHistory.of(
                                        PeerResolver.inputPeer(peer),
                                        (int) (offset + 1),
                                        0,
                                        -want,
                                        want,
                                        maxId,
                                        0,
                                        0L));
            } catch (RpcException e) {
                if (!reresolved && (e.is("CHANNEL_INVALID") || e.is("PEER_ID_INVALID"))) {
                    reresolved = true; // a stale cached access hash or username: look the chat up afresh
                    boolean ofTarget = peer.markedId() == targetPeer.markedId();
                    ChatTarget which = ofTarget
                            ? target
                            : new ChatTarget.NumericId(Long.toString(peer.markedId()), peer.markedId());
                    resolver.forget(which);
                    client.state().peers.remove(peer.markedId());
                    try {
                        peer = resolver.resolve(which);
                        leg = leg.on(peer);
                        refresh.resolvedAgain(leg);
                        if (ofTarget) {
                            this.targetPeer = peer;
                        }
                    } catch (ChatUnavailableException | RpcException again) {
                        throw new UserException(again.getMessage(), again);
                    }
                    continue;
                }
                throw TelegramLiveSources.explain(target, e);
            }
            Page page = Page.of(answer);
            if (page == null) {
                if (head) {
                    refresh.counted(0);
                    refresh.headNotModified(); // the newest page is as it was: nothing new
                }
                return delivered; // messages.messagesNotModified
            }
            Entities entities = Entities.from(page.users(), page.chats());
            entities.rememberIn(client.state());
            String chatUsername = chatUsername(peer, entities);
            if (head) {
                refresh.keepHead(page, entities, chatUsername);
            }
            List<TypeMessage> messages = page.messages();
            seen.page(entities, messages);
            long pageMax = offset;
            List<MessageRow> rows = new ArrayList<>(messages.size());
            Map<Long, TypeMessage> byId = new HashMap<>();
            for (TypeMessage m : messages) {
                long id = m.id();
                pageMax = Math.max(pageMax, id);
                if (id <= offset) {
                    continue;
                }
                MessageRow row = leg.row(m, entities, chatUsername);
                if (row == null) {
                    report.skipped();
                } else {
                    rows.add(row);
                    byId.put(row.id(), m);
                }
            }
            rows.sort(Comparator.comparingLong(MessageRow::id));
            refresh.counted(rows.size());
            for (MessageRow row : rows) {
                if (request.limit() > 0 && delivered >= request.limit()) {
                    return delivered;
                }
                if (media != null) { // only delivered rows: --limit must not download what it leaves out
                    row = withMedia(row, byId.get(row.id()));
                }
                sink.accept(row);
                report.delivered();
                seen.delivered();
                delivered++;
            }
            if (head) {
                head = false;
                if (refresh.headCoversNew()) {
                    return delivered;
                }
                maxId = (int) refresh.belowHead(); // walk up from the stored messages to the newest page
                continue;
            }
            if (messages.size() < want || pageMax <= offset) {
                return delivered; // the window reached the newest message (or brought nothing newer)
            }
            offset = pageMax;
            request.progress().update(delivered, -1);
        }
    }

    @Override
    public void prepareRefresh(RefreshRequest request) {
        refresh.prepare(request);
    }

    @Override
    public RefreshReport refresh(RefreshRequest request, RefreshSink sink) throws IOException, InterruptedException {
        try {
            return refresh.run(request, sink);
        } catch (RpcException e) {
            throw TelegramLiveSources.explain(target, e);
        }
    }

    /** {@code row} with its file's media path when media are downloaded. */
    MessageRow withMedia(MessageRow row, TypeMessage m) throws InterruptedException {
        return media == null ? row : row.withMediaPath(media.mediaPath(alias, m, row.id()));
    }

    /** What messages.messages, messages.messagesSlice and messages.channelMessages share. */
    record Page(List<TypeMessage> messages, List<TypeChat> chats, List<TypeUser> users) {
        static Page of(TypeMessagesMessages answer) {
            if (answer instanceof MessagesMessages m) {
                return new Page(m.messages(), m.chats(), m.users());
            }
            if (answer instanceof MessagesMessagesSlice m) {
                return new Page(m.messages(), m.chats(), m.users());
            }
            if (answer instanceof MessagesChannelMessages m) {
                return new Page(m.messages(), m.chats(), m.users());
            }
            return null;
        }
    }

    /** The public username of {@code peer} (a leg's chat) for permalinks; null when it has none. */
    String chatUsername(SessionState.Peer peer, Entities entities) {
        if (peer.kind().equals("channel")) {
            TlData chat = entities.chats.get(peer.id());
            String u = Entities.username(chat);
            if (u != null) {
                return u;
            }
            if (chat instanceof Channel channel && channel.usernames() != null) {
                for (TypeUsername un : channel.usernames()) {
                    if (un.active()) {
                        return un.username();
                    }
                }
            }
            return peer.markedId() == targetPeer.markedId()
                    ? target.publicUsername().orElse(null)
                    : null;
        }
        return null; // users and basic groups have no public message links
    }
}
