package dev.chatgeist.telegram.mtproto;

import dev.chatgeist.telegram.tl.TlException;
import dev.chatgeist.telegram.tl.TlFunction;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlReader;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.TlType;
import dev.chatgeist.telegram.tl.TlWriter;
import dev.chatgeist.telegram.tl.api.BadMsgNotification;
import dev.chatgeist.telegram.tl.api.BadServerSalt;
import dev.chatgeist.telegram.tl.api.MsgDetailedInfo;
import dev.chatgeist.telegram.tl.api.MsgNewDetailedInfo;
import dev.chatgeist.telegram.tl.api.MsgResendReq;
import dev.chatgeist.telegram.tl.api.MsgsAck;
import dev.chatgeist.telegram.tl.api.MsgsStateInfo;
import dev.chatgeist.telegram.tl.api.MsgsStateReq;
import dev.chatgeist.telegram.tl.api.NewSessionCreated;
import dev.chatgeist.telegram.tl.api.Ping;
import dev.chatgeist.telegram.tl.api.Pong;
import dev.chatgeist.telegram.tl.api.RpcError;
import dev.chatgeist.telegram.tl.api.TypeUpdates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An encrypted MTProto 2.0 session over one connection: one request at a time, answered in order. It keeps the
 * server salt, msg_id/seqno, acknowledges what the server sends (piggybacked on the next request in a container),
 * and deals with the service messages (core.telegram.org/mtproto/service_messages_about_messages): rpc_result/
 * rpc_error, bad_server_salt (new salt, resend), bad_msg_notification (clock skew: adopt the server's time and
 * resend; seqno trouble: new session), new_session_created, pong, msgs_state_req (answered with msgs_state_info),
 * msg_resend_req, msg_detailed_info/msg_new_detailed_info (ack the answer we have, else ask for it again), and
 * pushed updates (acknowledged, otherwise ignored: this client only reads history).
 */
public final class MtprotoSession implements AutoCloseable {
    /** msg_container and rpc_result: in the MTProto schema without ids (bare or generic), so not generated. */
    private static final int MSG_CONTAINER = 0x73f1f8dc;

    private static final int RPC_RESULT = 0xf35c6d01;
    private static final int MAX_RESENDS = 5;
    private static final int RECEIVED_IDS = 512;
    /** "if there is a large number of unacknowledged messages from the server (say, over 16), the client transmits
     * a stand-alone acknowledgment" (service_messages_about_messages) */
    private static final int MAX_UNACKED = 16;
    /** sent service messages remembered until the server could have rejected them */
    private static final int SENT_SERVICE = 64;

    private final TlSchema schema;
    private final Transport transport;
    private final AuthKey authKey;
    private final MessageIds ids;
    private final SecureRandom random;
    private final Consumer<String> log;
    private long salt;
    private long sessionId;
    private int contentMessages;
    private final List<Long> pendingAcks = new ArrayList<>();
    private final ReceivedMessages received = new ReceivedMessages(RECEIVED_IDS);
    /** Service messages (msgs_state_info, msg_resend_req) to go out with the next packet. */
    private final List<byte[]> outbox = new ArrayList<>();
    /** Service messages sent, by their msg_id and their container's: queued again if the server rejects them. */
    private final Map<Long, List<byte[]>> sentService = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<byte[]>> eldest) {
            return size() > SENT_SERVICE;
        }
    };
    /** The salt in the header of the packet being handled. */
    private long packetSalt;

    private Consumer<TlObject> updates = update -> {};

    /** The request in flight and what came back for it. */
    private static final class Pending {
        byte[] body;
        long requestId;
        int requestSeq;
        long containerId;
        long ackId;
        TlType resultType;
        boolean ping;
        Object result;
        RpcException error;
        boolean done;
        boolean resend;
        /** resend with the same msg_id (the server asked for it with msg_resend_req) */
        boolean sameId;
        /** a fresh session was already tried after a malformed-message notification */
        boolean freshSession;
    }

    /** One message of a packet: alone, or one of a msg_container's. */
    private record Part(long id, int seqNo, byte[] body) {}

    public MtprotoSession(
            TlSchema schema,
            Transport transport,
            AuthKey authKey,
            long salt,
            MessageIds ids,
            SecureRandom random,
            Consumer<String> log) {
        this.schema = schema;
        this.transport = transport;
        this.authKey = authKey;
        this.salt = salt;
        this.ids = ids;
        this.random = random;
        this.log = log;
        this.sessionId = random.nextLong();
    }

    public long salt() {
        return salt;
    }

    public long timeOffsetSeconds() {
        return ids.timeOffsetSeconds();
    }

    /**
     * Where pushed updates (the {@code Updates} objects: updateShort, updates, ...) go; they are read while a request
     * or ping is in flight. Only the QR login listens (for updateLoginToken); otherwise they are dropped.
     */
    public void onUpdates(Consumer<TlObject> listener) {
        this.updates = listener;
    }

    /** Sends {@code function} and returns its result (a TlObject, or a List for vector results). */
    public Object invoke(TlFunction<?> function) throws IOException, RpcException {
        return exchange(TlWriter.serialize(function), function.resultType(), false);
    }

    /** ping: the server answers with pong directly, not in an rpc_result. */
    public void ping() throws IOException {
        try {
            exchange(TlWriter.serialize(Ping.of(random.nextLong())), null, true);
        } catch (RpcException e) {
            throw new IOException("ping failed: " + e.getMessage(), e);
        }
    }

    private Object exchange(byte[] body, TlType resultType, boolean ping) throws IOException, RpcException {
        Pending p = new Pending();
        p.body = body;
        p.resultType = resultType;
        p.ping = ping;
        for (int attempt = 0; ; attempt++) {
            boolean sameId = p.sameId;
            p.resend = false;
            p.sameId = false;
            send(p, sameId);
            while (!p.done && !p.resend) {
                receiveOne(p);
            }
            if (p.done) {
                if (p.error != null) {
                    throw p.error;
                }
                return p.result;
            }
            if (attempt >= MAX_RESENDS) {
                throw new IOException("the server kept rejecting the request (bad salt or message id); giving up");
            }
        }
    }

    private int nextSeqNo(boolean contentRelated) {
        if (contentRelated) {
            return 2 * contentMessages++ + 1;
        }
        return 2 * contentMessages;
    }

    /**
     * Sends the pending acks, the queued service messages and, unless {@code p} is null, the request: one message
     * alone as itself, several in a msg_container. {@code sameId}: the request again with its msg_id, in a container
     * (core.telegram.org: a message the other party misses is re-sent wrapped in a container).
     */
    private void send(Pending p, boolean sameId) throws IOException {
        List<Part> parts = new ArrayList<>(2 + outbox.size());
        if (!pendingAcks.isEmpty()) {
            // an ack rides along as a service message, so a rejected packet (bad salt) sends it again
            outbox.add(0, TlWriter.serialize(MsgsAck.of(new ArrayList<>(pendingAcks))));
            pendingAcks.clear();
        }
        List<byte[]> service = List.copyOf(outbox);
        outbox.clear();
        for (byte[] b : service) {
            Part part = new Part(ids.next(), nextSeqNo(false), b);
            parts.add(part);
            sentService.put(part.id(), List.of(b));
        }
        if (p != null) {
            if (!sameId) {
                p.requestId = ids.next();
                p.requestSeq = nextSeqNo(true);
            }
            p.ackId = parts.isEmpty() ? 0 : parts.get(0).id();
            parts.add(new Part(p.requestId, p.requestSeq, p.body));
        }
        if (parts.isEmpty()) {
            return;
        }
        long outerId;
        int outerSeq;
        byte[] inner;
        if (parts.size() == 1 && !sameId) {
            outerId = parts.get(0).id();
            outerSeq = parts.get(0).seqNo();
            inner = parts.get(0).body();
        } else {
            int size = 8;
            for (Part part : parts) {
                size += 16 + part.body().length;
            }
            TlWriter c = new TlWriter(size).writeInt(MSG_CONTAINER).writeInt(parts.size());
            for (Part part : parts) {
                c.writeLong(part.id())
                        .writeInt(part.seqNo())
                        .writeInt(part.body().length)
                        .writeRaw(part.body());
            }
            inner = c.toByteArray();
            outerId = ids.next();
            outerSeq = nextSeqNo(false);
            if (!service.isEmpty()) {
                sentService.put(outerId, service);
            }
        }
        if (p != null) {
            p.containerId = outerId == p.requestId ? 0 : outerId;
        }
        TlWriter plain = new TlWriter(inner.length + 64)
                .writeLong(salt)
                .writeLong(sessionId)
                .writeLong(outerId)
                .writeInt(outerSeq)
                .writeInt(inner.length)
                .writeRaw(inner);
        transport.send(MessageCrypto.encrypt(authKey, MessageCrypto.pad(plain.toByteArray(), random), true));
    }

    private void receiveOne(Pending p) throws IOException {
        byte[] packet = transport.receive();
        byte[] plain;
        try {
            plain = MessageCrypto.decrypt(authKey, packet, false);
        } catch (SecurityException e) {
            throw new IOException("dropped a message that failed decryption checks: " + e.getMessage(), e);
        }
        long msgSalt = Bytes.longLe(plain, 0);
        long msgSession = Bytes.longLe(plain, 8);
        long msgId = Bytes.longLe(plain, 16);
        int seqNo = Bytes.intLe(plain, 24);
        int length = Bytes.intLe(plain, 28);
        int padding = plain.length - 32 - length;
        if (length < 4 || length % 4 != 0 || padding < 12 || padding > 1024) {
            throw new IOException("malformed encrypted message from the server (length " + length + ")");
        }
        if (msgSession != sessionId) {
            log.accept("mtproto event=foreign_session dropped=1");
            return;
        }
        if ((msgId & 1) == 0) {
            throw new IOException("the server sent an even msg_id; the connection is not trustworthy");
        }
        packetSalt = msgSalt;
        handle(msgId, seqNo, plain, 32, length, p);
        // answers the server waits for (msgs_state_info, msg_resend_req) go out now, not with the next request
        if (!p.resend && (!outbox.isEmpty() || pendingAcks.size() > MAX_UNACKED)) {
            send(null, false);
        }
    }

    private void handle(long msgId, int seqNo, byte[] buf, int off, int len, Pending p) throws IOException {
        boolean contentRelated = (seqNo & 1) == 1;
        if (contentRelated && !pendingAcks.contains(msgId)) {
            pendingAcks.add(msgId); // a repeat too: the server repeats what it has no ack for
        }
        if (!received.firstTime(msgId, contentRelated)) {
            return; // a repeated message: already handled
        }
        int id = Bytes.intLe(buf, off);
        if (id == MSG_CONTAINER) {
            TlReader r = new TlReader(schema, buf, off + 4, len - 4);
            int n = r.readInt();
            for (int i = 0; i < n; i++) {
                long innerId = r.readLong();
                int innerSeq = r.readInt();
                int innerLen = r.readInt();
                int innerOff = r.position();
                r.skip(innerLen);
                handle(innerId, innerSeq, buf, innerOff, innerLen, p);
            }
            return;
        }
        if (id == RPC_RESULT) {
            TlReader r = new TlReader(schema, buf, off + 4, len - 4);
            long reqId = r.readLong();
            if (reqId != p.requestId || p.ping) {
                return; // the answer to an earlier, abandoned attempt
            }
            if (packetSalt != salt) {
                // service_messages_about_messages: the salt may be taken from a container carrying the answer to
                // the query just sent; saves the bad_server_salt round trip after the server's salt changed
                salt = packetSalt;
                log.accept("mtproto event=salt_changed");
            }
            int inner = Bytes.intLe(buf, off + 12);
            if (inner == RpcError.ID) {
                r.readInt();
                int code = r.readInt();
                String message = new String(r.readBytes(), StandardCharsets.UTF_8);
                p.error = new RpcException(code, message);
            } else {
                try {
                    p.result = r.read(p.resultType);
                    if (p.result instanceof RpcError err) { // a gzip_packed error
                        p.error = new RpcException(
                                err.errorCode(), new String(err.errorMessage(), StandardCharsets.UTF_8));
                    }
                } catch (TlException e) {
                    throw new IOException("cannot read the answer: " + e.getMessage(), e);
                }
            }
            p.done = true;
            return;
        }
        TlObject o;
        try {
            o = new TlReader(schema, buf, off, len).readObject();
        } catch (TlException e) {
            log.accept(
                    "mtproto event=unreadable_message error=" + e.getMessage().replace(' ', '_'));
            return;
        }
        if (o instanceof NewSessionCreated created) {
            salt = created.serverSalt();
            log.accept("mtproto event=new_session_created");
        } else if (o instanceof BadServerSalt bad) {
            salt = bad.newServerSalt();
            log.accept("mtproto event=bad_server_salt");
            requeueService(bad.badMsgId());
            if (concerns(bad.badMsgId(), p)) {
                p.resend = true;
            }
        } else if (o instanceof BadMsgNotification bad) {
            badMessage(msgId, bad, p);
        } else if (o instanceof Pong pong) {
            if (p.ping && pong.msgId() == p.requestId) {
                p.done = true;
            }
        } else if (o instanceof MsgsStateReq req) {
            outbox.add(TlWriter.serialize(MsgsStateInfo.of(msgId, states(req.msgIds()))));
        } else if (o instanceof MsgResendReq req) {
            resendRequested(msgId, req.msgIds(), p);
        } else if (o instanceof MsgDetailedInfo info) {
            answerAnnounced(info.answerMsgId());
        } else if (o instanceof MsgNewDetailedInfo info) {
            answerAnnounced(info.answerMsgId());
        } else if (o instanceof TypeUpdates) {
            updates.accept(o);
        }
        // else msgs_ack, msgs_all_info, updates (acknowledged above), future_salts: nothing to do for a history reader
    }

    /** msgs_state_info's bytes for the server's messages {@code asked}. */
    private byte[] states(List<Long> asked) {
        byte[] info = new byte[asked.size()];
        for (int i = 0; i < info.length; i++) {
            long id = asked.get(i);
            info[i] = received.state(id, pendingAcks.contains(id));
        }
        return info;
    }

    /**
     * msg_resend_req: the request in flight is sent again with its msg_id; for anything else (what we no longer
     * have, or the server's own ids) the answer is msgs_state_info, as the spec requires.
     */
    private void resendRequested(long msgId, List<Long> asked, Pending p) {
        if (!p.done && !asked.isEmpty() && asked.stream().allMatch(id -> id == p.requestId)) {
            log.accept("mtproto event=resend_requested");
            p.resend = true;
            p.sameId = true;
        } else {
            outbox.add(TlWriter.serialize(MsgsStateInfo.of(msgId, states(asked))));
        }
    }

    /** msg_(new_)detailed_info: acknowledge the answer when we have it, else ask for it (msg_resend_req). */
    private void answerAnnounced(long answerMsgId) {
        if (received.has(answerMsgId)) {
            if (!pendingAcks.contains(answerMsgId)) {
                pendingAcks.add(answerMsgId);
            }
        } else {
            log.accept("mtproto event=answer_missing action=msg_resend_req");
            outbox.add(TlWriter.serialize(MsgResendReq.of(List.of(answerMsgId))));
        }
    }

    /** Queues again the service messages of a message the server rejected; true when there were any. */
    private boolean requeueService(long badMsgId) {
        List<byte[]> bodies = sentService.remove(badMsgId);
        if (bodies == null) {
            return false;
        }
        outbox.addAll(bodies);
        return true;
    }

    private static boolean concerns(long badId, Pending p) {
        return badId == p.requestId || (p.containerId != 0 && (badId == p.containerId || badId == p.ackId));
    }

    private void badMessage(long serverMsgId, BadMsgNotification o, Pending p) throws IOException {
        int code = o.errorCode();
        boolean ours = concerns(o.badMsgId(), p);
        if (!requeueService(o.badMsgId()) && !ours) {
            return; // about a message we no longer care about
        }
        switch (code) {
            case 16, 17 -> {
                ids.syncWith(serverMsgId);
                log.accept("mtproto event=clock_skew code=" + code + " offset=" + ids.timeOffsetSeconds() + "s");
            }
            case 20 -> log.accept("mtproto event=bad_msg code=20 action=resend"); // too old: a new msg_id will do
            case 32, 33 -> newSession("bad_seqno", code);
            case 48 -> {}
            case 18, 19, 34, 35, 64 -> {
                // our msg_id, seqno or container was malformed: a fresh session once (as after 32/33), then give up
                if (p.freshSession) {
                    throw new IOException("Telegram rejected a message as malformed (bad_msg_notification " + code
                            + ": " + meaning(code) + ") even in a fresh session; this is a bug in chatgeist, please"
                            + " report it with logs/update.log");
                }
                p.freshSession = true;
                newSession("bad_msg", code);
            }
            default ->
                throw new IOException("Telegram rejected a message (bad_msg_notification " + code + ": " + meaning(code)
                        + "); please report it with logs/update.log");
        }
        if (ours) {
            p.resend = true;
        }
    }

    private void newSession(String event, int code) {
        sessionId = random.nextLong();
        contentMessages = 0;
        pendingAcks.clear();
        outbox.clear(); // answers about the old session's messages mean nothing in the new one
        log.accept("mtproto event=" + event + " code=" + code + " action=new_session");
    }

    /** bad_msg_notification's error codes as core.telegram.org/mtproto/service_messages_about_messages names them. */
    private static String meaning(int code) {
        return switch (code) {
            case 18 -> "the two lower bits of msg_id are wrong";
            case 19 -> "a container reused the msg_id of an earlier message";
            case 20 -> "the message is too old";
            case 34 -> "an even seqno was expected";
            case 35 -> "an odd seqno was expected";
            case 64 -> "invalid container";
            default -> "unknown code";
        };
    }

    @Override
    public void close() {
        transport.close();
    }
}
