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
import dev.chatgeist.telegram.tl.api.MsgsAck;
import dev.chatgeist.telegram.tl.api.NewSessionCreated;
import dev.chatgeist.telegram.tl.api.Ping;
import dev.chatgeist.telegram.tl.api.Pong;
import dev.chatgeist.telegram.tl.api.RpcError;
import dev.chatgeist.telegram.tl.api.TypeUpdates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An encrypted MTProto 2.0 session over one connection: one request at a time, answered in order. It keeps the
 * server salt, msg_id/seqno, acknowledges what the server sends (piggybacked on the next request in a container),
 * and deals with the service messages: rpc_result/rpc_error, bad_server_salt (new salt, resend),
 * bad_msg_notification (clock skew: adopt the server's time and resend; seqno trouble: new session),
 * new_session_created, pong, acks and updates (ignored: this client only reads history).
 */
public final class MtprotoSession implements AutoCloseable {
    /** msg_container and rpc_result: in the MTProto schema without ids (bare or generic), so not generated. */
    private static final int MSG_CONTAINER = 0x73f1f8dc;

    private static final int RPC_RESULT = 0xf35c6d01;
    private static final int MAX_RESENDS = 5;
    private static final int SEEN_IDS = 512;

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
    private final Set<Long> seen = new HashSet<>();
    private final ArrayDeque<Long> seenOrder = new ArrayDeque<>();
    private Consumer<TlObject> updates = update -> {};

    /** The request in flight and what came back for it. */
    private static final class Pending {
        long requestId;
        long containerId;
        long ackId;
        TlType resultType;
        boolean ping;
        Object result;
        RpcException error;
        boolean done;
        boolean resend;
    }

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
        p.resultType = resultType;
        p.ping = ping;
        for (int attempt = 0; ; attempt++) {
            p.resend = false;
            send(body, p);
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

    private void send(byte[] body, Pending p) throws IOException {
        TlWriter payload;
        long outerId;
        int outerSeq;
        p.ackId = 0;
        if (pendingAcks.isEmpty()) {
            p.requestId = ids.next();
            p.containerId = 0;
            outerId = p.requestId;
            outerSeq = nextSeqNo(true);
            payload = new TlWriter(body.length).writeRaw(body);
        } else {
            byte[] ack = TlWriter.serialize(MsgsAck.of(new ArrayList<>(pendingAcks)));
            pendingAcks.clear();
            p.ackId = ids.next();
            int ackSeq = nextSeqNo(false);
            p.requestId = ids.next();
            int reqSeq = nextSeqNo(true);
            p.containerId = ids.next();
            outerId = p.containerId;
            outerSeq = nextSeqNo(false);
            payload = new TlWriter(body.length + ack.length + 40)
                    .writeInt(MSG_CONTAINER)
                    .writeInt(2)
                    .writeLong(p.ackId)
                    .writeInt(ackSeq)
                    .writeInt(ack.length)
                    .writeRaw(ack)
                    .writeLong(p.requestId)
                    .writeInt(reqSeq)
                    .writeInt(body.length)
                    .writeRaw(body);
        }
        byte[] inner = payload.toByteArray();
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
        handle(msgId, seqNo, plain, 32, length, p);
    }

    private boolean firstTime(long msgId) {
        if (!seen.add(msgId)) {
            return false;
        }
        seenOrder.add(msgId);
        if (seenOrder.size() > SEEN_IDS) {
            seen.remove(seenOrder.removeFirst());
        }
        return true;
    }

    private void handle(long msgId, int seqNo, byte[] buf, int off, int len, Pending p) throws IOException {
        if (!firstTime(msgId)) {
            return; // a repeated message: already handled
        }
        if ((seqNo & 1) == 1) {
            pendingAcks.add(msgId);
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
            if (concerns(bad.badMsgId(), p)) {
                p.resend = true;
            }
        } else if (o instanceof BadMsgNotification bad) {
            badMessage(msgId, bad, p);
        } else if (o instanceof Pong pong) {
            if (p.ping && pong.msgId() == p.requestId) {
                p.done = true;
            }
        } else if (o instanceof TypeUpdates) {
            updates.accept(o);
        }
        // else msgs_ack, msg_detailed_info, future_salts...: nothing to do for a history reader
    }

    private static boolean concerns(long badId, Pending p) {
        return badId == p.requestId || (p.containerId != 0 && (badId == p.containerId || badId == p.ackId));
    }

    private void badMessage(long serverMsgId, BadMsgNotification o, Pending p) throws IOException {
        int code = o.errorCode();
        if (!concerns(o.badMsgId(), p)) {
            return;
        }
        switch (code) {
            case 16, 17 -> {
                ids.syncWith(serverMsgId);
                log.accept("mtproto event=clock_skew code=" + code + " offset=" + ids.timeOffsetSeconds() + "s");
                p.resend = true;
            }
            case 32, 33 -> {
                sessionId = random.nextLong();
                contentMessages = 0;
                pendingAcks.clear();
                log.accept("mtproto event=bad_seqno code=" + code + " action=new_session");
                p.resend = true;
            }
            case 48 -> p.resend = true;
            default ->
                throw new IOException("the server rejected a message as malformed (bad_msg_notification " + code + ")");
        }
    }

    @Override
    public void close() {
        transport.close();
    }
}
