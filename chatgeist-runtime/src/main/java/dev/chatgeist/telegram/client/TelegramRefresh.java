package dev.chatgeist.telegram.client;

import dev.chatgeist.archive.MessageRow;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.tl.api.ChannelsGetMessages;
import dev.chatgeist.telegram.tl.api.InputChannel;
import dev.chatgeist.telegram.tl.api.InputMessageID;
import dev.chatgeist.telegram.tl.api.Message;
import dev.chatgeist.telegram.tl.api.MessageEmpty;
import dev.chatgeist.telegram.tl.api.MessagesGetHistory;
import dev.chatgeist.telegram.tl.api.MessagesGetMessages;
import dev.chatgeist.telegram.tl.api.MessagesGetMessagesReactions;
import dev.chatgeist.telegram.tl.api.MessagesGetMessagesViews;
import dev.chatgeist.telegram.tl.api.TypeInputMessage;
import dev.chatgeist.telegram.tl.api.TypeInputPeer;
import dev.chatgeist.telegram.tl.api.TypeMessage;
import dev.chatgeist.telegram.tl.api.TypeMessageViews;
import dev.chatgeist.telegram.tl.api.TypeMessagesMessageViews;
import dev.chatgeist.telegram.tl.api.TypeMessagesMessages;
import dev.chatgeist.telegram.tl.api.TypeUpdate;
import dev.chatgeist.telegram.tl.api.TypeUpdates;
import dev.chatgeist.telegram.tl.api.UpdateMessageReactions;
import dev.chatgeist.telegram.tl.api.Updates;
import dev.chatgeist.telegram.tl.api.UpdatesCombined;
import dev.chatgeist.update.RefreshReport;
import dev.chatgeist.update.RefreshRequest;
import dev.chatgeist.update.RefreshSink;
import dev.chatgeist.update.RefreshState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Telegram side of the refresh window (issue 12; tiers and costs in docs/mtproto.md):
 *
 * <ul>
 *   <li><b>head</b>, every run, free: the incremental update's first request asks for the newest page (the 100
 *       newest messages) instead of the page just above the archive's last id. It holds the new messages and
 *       re-reads the newest stored ones; with the hash of the page Telegram served last time
 *       (https://core.telegram.org/api/offsets#hash-generation) an unchanged page comes back as
 *       messages.messagesNotModified, so a quiet chat costs what the plain update cost: one request.
 *   <li><b>budget</b>, runs that brought new messages: every history request of the incremental update earns 0.2
 *       of an extra request. Once a day whole ones go first to the window's 100 most reacted messages
 *       (messages.getMessagesReactions) and 100 most viewed (messages.getMessagesViews), by id; the others to
 *       history pages walking down the window from a cursor kept between runs, wrapping to just below the newest
 *       page at the window's start.
 *   <li><b>forced</b> ({@code update --refresh DAYS}, {@code --full}): every page of the window this run.
 * </ul>
 *
 * A history page is a range read completely, so archived ids inside it that it lacks are gone; they are confirmed
 * by id (channels.getMessages / messages.getMessages answer messageEmpty for deleted ids) before being recorded.
 *
 * <p>The refresh reads the chat the archive continues in: the fetch's last leg ({@link ChatMigrations}). Inside,
 * every id is a stored id; the leg maps them to the chat's Telegram ids for each request and back for each answer.
 * In a basic group that became a supergroup that is the supergroup, stored at id + offset; the basic group's part
 * (stored ids up to the offset, a deactivated chat) is never re-read, and none of its rows is ever concluded gone.
 */
final class TelegramRefresh {
    /** Budget units are tenths of a request, so the 20% share stays exact in whole numbers. */
    static final int TENTHS_PER_REQUEST = 10;

    /** What each incremental history request earns: 20% of a request. */
    static final int EARNED_TENTHS = 2;

    /** At most this much budget is saved up (ten pages), so one run never spends an unbounded burst. */
    static final int MAX_SAVED_TENTHS = 10 * TENTHS_PER_REQUEST;

    /** How often the window's most reacted and most viewed messages are refreshed by id (once a day). */
    static final long TOP_EVERY_SECONDS = 86_400;

    /** Ids per channels.getMessages / messages.getMessages / getMessagesReactions / getMessagesViews request. */
    static final int IDS_PER_REQUEST = 100;

    private final TelegramHistorySource source;
    private final TelegramClient client;
    private RefreshRequest request;
    /** The chat being read: the fetch's current leg. */
    private ChatMigrations.Leg leg;

    private long storedBefore;
    private Head head;
    private boolean headNotModified;
    private int incrementalRequests;
    private long newMessages;

    /** The newest page: the stored messages it re-read, the ids it holds, where it starts and its hash. */
    private record Head(List<Served> overlap, Set<Long> ids, long minId, boolean full, long hash) {}

    /** A message as served and its row. */
    private record Served(MessageRow row, TypeMessage message) {}

    /** One page below the newest: its lowest id, whether the pass ends with it, what it cost. */
    private record Pass(long minId, boolean end, long rows, int byId) {}

    TelegramRefresh(TelegramHistorySource source, TelegramClient client) {
        this.source = source;
        this.client = client;
    }

    void prepare(RefreshRequest request) {
        this.request = request;
        this.leg = null;
        this.head = null;
        this.headNotModified = false;
        this.incrementalRequests = 0;
        this.newMessages = 0;
    }

    /**
     * The fetch begins {@code next}, which the refresh then reads; whether to start it with the newest page (only
     * the run's first leg, with the refresh on and the archive not empty). A later leg (the supergroup a basic group
     * just became) drops what the earlier one's newest page showed: that page is of another chat.
     */
    boolean wantsHead(ChatMigrations.Leg next, long limit) {
        boolean first = leg == null;
        leg = next;
        if (!first) {
            head = null;
            headNotModified = false;
            return false;
        }
        storedBefore = next.stored(next.after());
        return request != null && storedBefore > 0 && limit == 0;
    }

    /** The current leg's chat was looked up afresh (a stale access hash). */
    void resolvedAgain(ChatMigrations.Leg same) {
        leg = same;
    }

    /** The newest page, with the hash of the one served last time (none when every page is read anyway). */
    MessagesGetHistory headRequest() {
        long hash = request.forced() ? 0 : request.state().headHash();
        return MessagesGetHistory.of(inputPeer(), 0, 0, 0, TelegramHistorySource.PAGE, 0, 0, hash);
    }

    /** Keeps what the newest page says about stored messages (those the leg continues after) for {@link #run}. */
    void keepHead(TelegramHistorySource.Page page, Entities entities, String chatUsername) {
        long afterId = leg.stored(leg.after());
        List<Served> overlap = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        long minId = Long.MAX_VALUE;
        for (TypeMessage m : page.messages()) {
            MessageRow row = leg.row(m, entities, chatUsername);
            if (row == null) {
                continue;
            }
            ids.add(row.id());
            minId = Math.min(minId, row.id());
            if (row.id() <= afterId) {
                overlap.add(new Served(row, m));
            }
        }
        boolean full = page.messages().size() >= TelegramHistorySource.PAGE;
        head = new Head(overlap, ids, minId == Long.MAX_VALUE ? 0 : minId, full, historyHash(page.messages()));
    }

    void headNotModified() {
        headNotModified = true;
    }

    /** Whether the newest page reached the stored messages, so no new message lies below it. */
    boolean headCoversNew() {
        return !head.full() || head.minId() <= leg.stored(leg.after()) + 1;
    }

    /** The Telegram id of the newest page's oldest message: the max_id the fetch walks up to it with. */
    long belowHead() {
        return leg.telegram(head.minId());
    }

    /** Counts one history request of the incremental update and the new messages it brought. */
    void counted(long delivered) {
        incrementalRequests++;
        newMessages += delivered;
    }

    RefreshReport run(RefreshRequest request, RefreshSink sink) throws IOException, RpcException, InterruptedException {
        RefreshState state = request.state();
        if (storedBefore == 0 || leg == null) {
            return new RefreshReport(state, 0, 0, 0, false); // a first download is as Telegram serves it now
        }
        long reread = 0;
        int byId = 0;
        int pages = 0;
        long headHash = state.headHash();
        long below = 0; // passes read the messages older than this id; 0: from the newest
        boolean media = request.forced() && request.windowStart() == 0; // --full fetches files as it always did
        if (head != null) {
            for (Served s : head.overlap()) {
                sink.current(media ? source.withMedia(s.row(), s.message()) : s.row());
            }
            reread += head.overlap().size();
            byId += conclude(sink, head.full() ? head.minId() : 1, Long.MAX_VALUE, head.ids());
            headHash = head.hash();
            below = head.minId();
        }
        int budget = state.budgetTenths();
        long cursor = state.cursor();
        long topAt = state.topAt();
        long now = request.now().getEpochSecond();
        boolean earned = newMessages > 0;
        if (earned) {
            budget = Math.min(MAX_SAVED_TENTHS, budget + EARNED_TENTHS * incrementalRequests);
        }
        if (request.forced()) {
            long x = below;
            while (true) {
                Pass p = pass(x, request.windowStart(), media, sink);
                pages++;
                reread += p.rows();
                byId += p.byId();
                if (p.end()) {
                    break;
                }
                x = p.minId();
            }
            cursor = 0;
            topAt = now;
        } else if (earned && below > 0) {
            if (budget >= TENTHS_PER_REQUEST && now - topAt >= TOP_EVERY_SECONDS) {
                int spent = top(request.windowStart(), budget / TENTHS_PER_REQUEST, sink);
                budget -= spent * TENTHS_PER_REQUEST;
                byId += spent;
                topAt = now;
            }
            if (budget >= TENTHS_PER_REQUEST) {
                long x = leg.holds(cursor) && cursor <= below ? cursor : below;
                while (budget >= TENTHS_PER_REQUEST) {
                    Pass p = pass(x, request.windowStart(), false, sink);
                    pages++;
                    budget -= TENTHS_PER_REQUEST;
                    reread += p.rows();
                    byId += p.byId();
                    if (p.end()) {
                        x = 0; // the window is done: the next budgeted page starts below the newest page again
                        break;
                    }
                    x = p.minId();
                }
                cursor = x;
            }
        }
        RefreshState next = new RefreshState(headHash, budget, cursor, topAt);
        return new RefreshReport(next, pages, byId, reread, headNotModified);
    }

    /**
     * The window's most reacted messages by id (messages.getMessagesReactions answers updateMessageReactions for
     * each), then its most viewed (messages.getMessagesViews), as far as {@code requests} allows: the rankings by
     * reactions and views stay exact once a day whatever the budget pages reached. Returns the requests made.
     */
    private int top(long since, int requests, RefreshSink sink) throws IOException, RpcException {
        int made = 0;
        List<Long> reacted = sink.top(RefreshSink.Ranking.REACTIONS, since, leg.stored(1), IDS_PER_REQUEST);
        if (!reacted.isEmpty() && made < requests) {
            TypeUpdates answer = client.call(MessagesGetMessagesReactions.of(inputPeer(), telegramIds(reacted)));
            made++;
            List<TypeUpdate> updates = answer instanceof Updates u
                    ? u.updates()
                    : answer instanceof UpdatesCombined c ? c.updates() : List.of();
            for (TypeUpdate update : updates) {
                if (update instanceof UpdateMessageReactions r) {
                    MessageRows.Reactions now = MessageRows.reactions(r.reactions());
                    sink.reactions(leg.stored(r.msgId()), now.count(), now.detail());
                }
            }
        }
        List<Long> viewed = sink.top(RefreshSink.Ranking.VIEWS, since, leg.stored(1), IDS_PER_REQUEST);
        if (!viewed.isEmpty() && made < requests) {
            TypeMessagesMessageViews answer =
                    client.call(MessagesGetMessagesViews.of(inputPeer(), telegramIds(viewed), false));
            made++;
            List<TypeMessageViews> views = answer.views(); // in the order of the ids asked
            for (int i = 0; i < Math.min(views.size(), viewed.size()); i++) {
                TypeMessageViews v = views.get(i);
                sink.counters(viewed.get(i), boxed(v.views()), boxed(v.forwards()));
            }
        }
        return made;
    }

    /** Stored ids as the leg's chat knows them. */
    private List<Integer> telegramIds(List<Long> stored) {
        return stored.stream().map(id -> (int) leg.telegram(id)).toList();
    }

    private TypeInputPeer inputPeer() {
        return PeerResolver.inputPeer(leg.peer());
    }

    private static Long boxed(Integer v) {
        return v == null ? null : Long.valueOf(v);
    }

    /** Reads the page of messages older than the stored id {@code below} (0: the newest) and hands it over. */
    private Pass pass(long below, long windowStart, boolean media, RefreshSink sink)
            throws IOException, RpcException, InterruptedException {
        int offsetId = below == 0 ? 0 : (int) leg.telegram(below);
        TypeMessagesMessages answer =
                client.call(MessagesGetHistory.of(inputPeer(), offsetId, 0, 0, TelegramHistorySource.PAGE, 0, 0, 0L));
        TelegramHistorySource.Page page = TelegramHistorySource.Page.of(answer);
        if (page == null) {
            return new Pass(below, true, 0, 0);
        }
        Entities entities = Entities.from(page.users(), page.chats());
        entities.rememberIn(client.state());
        String chatUsername = source.chatUsername(leg.peer(), entities);
        Set<Long> ids = new HashSet<>();
        long minId = Long.MAX_VALUE;
        long oldest = Long.MAX_VALUE;
        long rows = 0;
        for (TypeMessage m : page.messages()) {
            MessageRow row = leg.row(m, entities, chatUsername);
            if (row == null) {
                continue;
            }
            sink.current(media ? source.withMedia(row, m) : row);
            rows++;
            ids.add(row.id());
            minId = Math.min(minId, row.id());
            oldest = Math.min(oldest, row.timestamp());
        }
        boolean full = page.messages().size() >= TelegramHistorySource.PAGE;
        long lo = full ? minId : 1;
        long hi = below == 0 ? Long.MAX_VALUE : below - 1;
        int byId = conclude(sink, lo, hi, ids);
        boolean end = !full || rows == 0 || oldest < windowStart;
        return new Pass(minId == Long.MAX_VALUE ? below : minId, end, rows, byId);
    }

    /**
     * Archived ids in [lo, hi] (a range a page read completely) that the page lacks are asked for by id: those
     * Telegram answers with messageEmpty are recorded as gone, any it still serves are handed over as they are.
     * Only the leg's own ids: a page that reaches a supergroup's first message says nothing of its basic group's.
     * Returns the requests made (none when nothing is missing).
     */
    private int conclude(RefreshSink sink, long lo, long hi, Set<Long> present) throws IOException, RpcException {
        List<Long> missing = new ArrayList<>();
        for (long id : sink.storedIds(Math.max(lo, leg.stored(1)), hi)) {
            if (!present.contains(id)) {
                missing.add(id);
            }
        }
        int requests = 0;
        for (int i = 0; i < missing.size(); i += IDS_PER_REQUEST) {
            List<TypeInputMessage> ids = new ArrayList<>();
            for (long id : missing.subList(i, Math.min(missing.size(), i + IDS_PER_REQUEST))) {
                ids.add(InputMessageID.of((int) leg.telegram(id)));
            }
            SessionState.Peer peer = leg.peer();
            TypeMessagesMessages answer = peer.kind().equals("channel")
                    ? client.call(ChannelsGetMessages.of(InputChannel.of(peer.id(), peer.accessHash()), ids))
                    : client.call(MessagesGetMessages.of(ids));
            requests++;
            TelegramHistorySource.Page page = TelegramHistorySource.Page.of(answer);
            if (page == null) {
                continue;
            }
            Entities entities = Entities.from(page.users(), page.chats());
            String chatUsername = source.chatUsername(peer, entities);
            List<Long> gone = new ArrayList<>();
            for (TypeMessage m : page.messages()) {
                MessageRow row = leg.row(m, entities, chatUsername);
                if (m instanceof MessageEmpty) {
                    gone.add(leg.stored(m.id()));
                } else if (row != null) {
                    sink.current(row);
                }
            }
            sink.gone(gone);
        }
        return requests;
    }

    /**
     * The hash Telegram compares with the page it would serve (https://core.telegram.org/api/offsets#hash-generation):
     * the 64-bit fold over each message's id, edit date (0 if unedited) and date, in the order served, as the API
     * documents for lists of messages (messages.getScheduledHistory). A server that hashes fewer fields only never
     * matches, so an edit is never hidden: the page is then served whole.
     */
    static long historyHash(List<TypeMessage> messages) {
        long hash = 0;
        for (TypeMessage m : messages) {
            hash = fold(hash, m.id());
            hash = fold(hash, m instanceof Message x && x.editDate() != null ? x.editDate() : 0);
            hash = fold(hash, MessageRows.date(m));
        }
        return hash;
    }

    static long fold(long hash, long id) {
        hash ^= hash >>> 21;
        hash ^= hash << 35;
        hash ^= hash >>> 4;
        return hash + id;
    }
}
