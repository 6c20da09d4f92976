// The stand-in DC's session layer as Telegram's servers run it (core.telegram.org/mtproto/description,
// /mtproto/service_messages, /mtproto/service_messages_about_messages): per-session seqno, server msg_ids ending in
// 1 (answers) or 3 (the server's own messages), the client's msg_id/seqno checked (bad_msg_notification 18/34/35),
// a repeated client msg_id answered again, msg_resend_req and msgs_state_req from the client answered. Scriptable
// per test (all off by default): the server salt rotated every N client packets, updates pushed inside the answer's
// msg_container and as packets of their own (some gzip_packed), msgs_state_req, msg_detailed_info instead of an
// answer, msg_new_detailed_info about updates (one sent, one never sent), msg_resend_req for a request, scripted
// bad_msg_notification codes, and how a non-existent offset_id is counted. What the client answered is recorded.
"use strict";
const crypto = require("crypto");
const zlib = require("zlib");
const bigInt = require("big-integer");
const { Api } = require("telegram");
const { BinaryReader } = require("telegram/extensions");
const { serializeBytes } = require("telegram/tl/generationHelpers");

const big = (v) => bigInt(String(v));
const MSG_CONTAINER = 0x73f1f8dc;
const MSGS_ACK = 0x62d6b459;
// service messages that are neither content-related queries nor containers/acks: either seqno parity is taken
const EITHER_PARITY = new Set([0x04deb57d /* msgs_state_info */, 0x7d861a08 /* msg_resend_req */,
    0xda69fb52 /* msgs_state_req */, 0x8cc0d131 /* msgs_all_info */]);
const REMEMBERED = 4096; // sent messages kept per session for msg_resend_req / msgs_state_req

const script = {};
const record = {};
function reset() {
    Object.assign(script, { rotateSaltEvery: 0, pushUpdatesEvery: 0, stateReqEvery: 0, detailedInfoEvery: 0,
        newDetailedInfoEvery: 0, resendReqEvery: 0, badMsg: [], missingOffsetCountsOlder: false });
    Object.assign(record, { packets: 0, answers: 0, requests: 0, rotations: 0, pushed: 0, pushedInContainer: 0,
        pushedAlone: 0, gzipped: 0, acked: 0, stateReqs: 0, stateInfos: [], detailedInfos: 0, newDetailedInfos: 0,
        resendReqsSent: 0, resendReqsFromClient: [], resent: 0, resentUnasked: 0, resendAnsweredWithState: 0, repeatedRequests: 0, badMsgsSent: [],
        announcedMissing: 0, announcedReceived: 0 });
}
reset();

const sessions = new Map(); // session id -> server-side session state
function sessionOf(conn) {
    const key = conn.sessionId.toString();
    let s = sessions.get(key);
    if (!s) {
        s = { seq: 0, sent: new Map(), acked: new Set(), received: new Set(), answers: new Map(), stateReqs: new Map(),
            announced: new Map(), awaitingResend: new Set(), withheld: new Map() };
        sessions.set(key, s);
    }
    return s;
}

function remember(s, id, entry) {
    s.sent.set(id.toString(), entry);
    if (s.sent.size > REMEMBERED) s.sent.delete(s.sent.keys().next().value);
}

// One message to the client: msg_id ≡ 1 (mod 4) for an answer to a client message, 3 for the server's own;
// seqno 2n+1 for content-related messages, 2n otherwise (core.telegram.org/mtproto/description).
function allocate(conn, s, contentRelated, response) {
    const id = conn.serverMsgId(response);
    const seq = contentRelated ? 2 * s.seq++ + 1 : 2 * s.seq;
    return { id, seq };
}

async function send(conn, body, contentRelated, response = contentRelated) {
    const s = sessionOf(conn);
    const { id, seq } = allocate(conn, s, contentRelated, response);
    remember(s, id, { body, seq, contentRelated });
    await conn.sendRaw(id, seq, body);
    return id;
}

async function sendContainer(conn, parts) {
    const s = sessionOf(conn);
    const items = parts.map((p) => {
        const { id, seq } = allocate(conn, s, p.contentRelated, p.response);
        remember(s, id, { body: p.body, seq, contentRelated: p.contentRelated });
        return { id, seq, body: p.body };
    });
    const chunks = [];
    const head = Buffer.alloc(8);
    head.writeUInt32LE(MSG_CONTAINER, 0);
    head.writeInt32LE(items.length, 4);
    chunks.push(head);
    for (const it of items) {
        const h = Buffer.alloc(16);
        h.writeBigInt64LE(BigInt.asIntN(64, it.id), 0);
        h.writeInt32LE(it.seq, 8);
        h.writeInt32LE(it.body.length, 12);
        chunks.push(h, it.body);
    }
    const { id, seq } = allocate(conn, s, false, false);
    await conn.sendRaw(id, seq, Buffer.concat(chunks));
    return items.map((it) => it.id);
}

function gzipPacked(bytes) {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(0x3072cfa1);
    return Buffer.concat([head, serializeBytes(zlib.gzipSync(bytes))]);
}

// The kinds of Updates Telegram pushes to a user session while it reads history.
function update(n) {
    const date = Math.floor(Date.now() / 1000);
    const kinds = [
        () => new Api.UpdateShort({ update: new Api.UpdateUserStatus({ userId: big(1002),
            status: new Api.UserStatusOnline({ expires: date + 300 }) }), date }),
        () => new Api.Updates({ updates: [new Api.UpdateUserTyping({ userId: big(1003),
            action: new Api.SendMessageTypingAction() })], users: [], chats: [], date, seq: 0 }),
        () => new Api.UpdateShortMessage({ id: 100 + n, userId: big(1002), message: "ping " + n + " ".repeat(n % 300),
            pts: 10 + n, ptsCount: 1, date }),
        () => new Api.UpdatesTooLong(),
    ];
    const bytes = kinds[n % kinds.length]().getBytes();
    if (n % 2 === 1) {
        record.gzipped++;
        return gzipPacked(bytes);
    }
    return bytes;
}
const pushed = (conn, n) => ({ body: update(n), contentRelated: true, response: false });

// ----- hooks called from standin.js -----

// Every encrypted packet, before its salt is checked: the scripted salt rotation.
function onPacket(entry) {
    record.packets++;
    if (script.rotateSaltEvery > 0 && record.packets % script.rotateSaltEvery === 0) {
        entry.salt = BigInt.asIntN(64, crypto.randomBytes(8).readBigInt64LE(0));
        record.rotations++;
    }
}

async function badMsg(conn, msgId, seqNo, code) {
    record.badMsgsSent.push(code);
    await send(conn, new Api.BadMsgNotification({ badMsgId: big(msgId), badMsgSeqno: seqNo, errorCode: code }).getBytes(),
        false);
}

// Every message from the client (containers and their contents). True when handled here.
async function onClientMessage(conn, msgId, seqNo, body) {
    const s = sessionOf(conn);
    const ctor = body.readUInt32LE(0);
    if ((BigInt.asUintN(64, msgId) & 3n) !== 0n) { await badMsg(conn, msgId, seqNo, 18); return true; }
    const odd = (seqNo & 1) === 1;
    if ((ctor === MSG_CONTAINER || ctor === MSGS_ACK) && odd) { await badMsg(conn, msgId, seqNo, 34); return true; }
    if (ctor !== MSG_CONTAINER && ctor !== MSGS_ACK && !EITHER_PARITY.has(ctor) && !odd) {
        await badMsg(conn, msgId, seqNo, 35);
        return true;
    }
    if (ctor === MSG_CONTAINER) return false;
    const key = msgId.toString();
    if (ctor === MSGS_ACK || EITHER_PARITY.has(ctor)) {
        await onService(conn, s, msgId, new BinaryReader(body).tgReadObject());
        return false; // standin.js checks the bytes, then skips it (isService)
    }
    // a query
    const repeated = s.answers.get(key);
    if (repeated) { // a msg_id already answered: the answer again (small) or msg_detailed_info (large)
        record.repeatedRequests++;
        const a = s.sent.get(repeated.toString());
        if (a && a.body.length < 1024) await conn.sendRaw(repeated, a.seq, a.body);
        else await send(conn, new Api.MsgDetailedInfo({ msgId: big(msgId), answerMsgId: big(repeated),
            bytes: a ? a.body.length : 0, status: 0 }).getBytes(), false);
        return true;
    }
    s.received.add(key);
    record.requests++;
    if (script.resendReqEvery > 0 && record.requests % script.resendReqEvery === 0 && !s.awaitingResend.has(key)) {
        s.received.delete(key); // as if lost: ask for it again
        s.awaitingResend.add(key);
        record.resendReqsSent++;
        const asked = await send(conn, new Api.MsgResendReq({ msgIds: [big(msgId)] }).getBytes(), false);
        s.withheld.set(asked.toString(), { msgId, seqNo, body });
        return true;
    }
    const f = script.badMsg.find((x) => !x.used); // in order: { code, after: queries to let through first }
    if (f && f.after > 0) f.after--;
    else if (f) {
        f.used = true;
        await badMsg(conn, msgId, seqNo, f.code);
        return true;
    }
    return false;
}

async function onService(conn, s, msgId, obj) {
    if (obj instanceof Api.MsgsAck) {
        for (const id of obj.msgIds) { s.acked.add(id.toString()); record.acked++; }
        for (const [id, a] of s.announced) {
            if (a.kind === "received" && s.acked.has(id)) s.announced.delete(id);
        }
    } else if (obj instanceof Api.MsgsStateInfo) {
        const withheld = s.withheld.get(obj.reqMsgId.toString());
        if (withheld) { // answered our msg_resend_req with a state instead (GramJS): take the query as arrived late
            s.withheld.delete(obj.reqMsgId.toString());
            record.resendAnsweredWithState++;
            await conn.onMessage(withheld.msgId, withheld.body, withheld.seqNo);
            return;
        }
        const req = s.stateReqs.get(obj.reqMsgId.toString());
        const info = [...Buffer.from(obj.info, "latin1")];
        record.stateInfos.push({ expected: req ? req.expected : null, info });
        s.stateReqs.delete(obj.reqMsgId.toString());
    } else if (obj instanceof Api.MsgResendReq) {
        const ids = obj.msgIds.map((id) => id.toString());
        record.resendReqsFromClient.push(ids);
        if (ids.every((id) => s.sent.has(id))) {
            for (const id of ids) {
                const m = s.sent.get(id);
                m.lost = false;
                s.announced.delete(id);
                record.resent++;
                await conn.sendRaw(BigInt(id), m.seq, m.body);
            }
        } else {
            await send(conn, new Api.MsgsStateInfo({ reqMsgId: big(msgId),
                info: String.fromCharCode(...ids.map((id) => stateOf(s, BigInt(id)))) }).getBytes(), false);
        }
    } else if (obj instanceof Api.MsgsStateReq) {
        await send(conn, new Api.MsgsStateInfo({ reqMsgId: big(msgId),
            info: String.fromCharCode(...obj.msgIds.map((id) => stateOf(s, BigInt(id.toString()))) ) }).getBytes(), false);
    }
}

// A client message's status as the server knows it (msgs_state_info codes).
function stateOf(s, id) {
    const key = id.toString();
    if (s.received.has(key)) return 4 | 32 | (s.answers.has(key) ? 64 : 0);
    const now = BigInt(Math.floor(Date.now() / 1000)) << 32n;
    return id > now ? 3 : 2;
}

// The rpc_result for the query reqMsgId, with whatever the script adds around it.
async function answer(conn, reqMsgId, body) {
    const s = sessionOf(conn);
    const n = ++record.answers;
    const every = (k) => script[k] > 0 && n % script[k] === 0;
    if (every("detailedInfoEvery") && (n / script.detailedInfoEvery) % 2 === 0) {
        // msg_detailed_info, "a notification instead of resending a large message", about an answer that did not
        // reach the client (as if lost with a connection): it must ask for it with msg_resend_req. A client that
        // does not (GramJS acks it) gets it re-sent after a while, as the server re-sends what it has no ack for.
        const { id, seq } = allocate(conn, s, true, true);
        remember(s, id, { body, seq, contentRelated: true });
        s.answers.set(reqMsgId.toString(), id);
        s.announced.set(id.toString(), { kind: "missing" });
        record.announcedMissing++;
        record.detailedInfos++;
        await send(conn, new Api.MsgDetailedInfo({ msgId: big(reqMsgId), answerMsgId: big(id), bytes: body.length,
            status: 0 }).getBytes(), false);
        setTimeout(() => {
            if (!s.announced.has(id.toString())) return;
            s.announced.delete(id.toString());
            record.resentUnasked++;
            conn.sendRaw(id, seq, body).catch(() => {});
        }, 2000);
        return;
    }
    const mode = script.pushUpdatesEvery > 0 && n % script.pushUpdatesEvery === 0 ? (n / script.pushUpdatesEvery) % 3 : -1;
    const result = { body, contentRelated: true, response: true };
    let answerId;
    if (mode === 0) { // updates before and after the answer in one container
        record.pushed += 2; record.pushedInContainer += 2;
        answerId = (await sendContainer(conn, [pushed(conn, n), result, pushed(conn, n + 1)]))[1];
    } else if (mode === 1) { // updates as packets of their own, before and after the answer
        record.pushed += 2; record.pushedAlone += 2;
        await send(conn, update(n), true, false);
        answerId = await send(conn, body, true, true);
        await send(conn, update(n + 1), true, false);
    } else if (mode === 2) { // an update before the answer in its container, and three more alone after it
        record.pushed += 4; record.pushedInContainer += 1; record.pushedAlone += 3;
        answerId = (await sendContainer(conn, [pushed(conn, n), result]))[1];
        for (let i = 1; i <= 3; i++) await send(conn, update(n + i), true, false);
    } else {
        answerId = await send(conn, body, true, true);
    }
    s.answers.set(reqMsgId.toString(), answerId);
    if (every("detailedInfoEvery")) { // the answer was sent; msg_detailed_info about it: the client acknowledges it
        s.announced.set(answerId.toString(), { kind: "received" });
        record.announcedReceived++;
        record.detailedInfos++;
        await send(conn, new Api.MsgDetailedInfo({ msgId: big(reqMsgId), answerMsgId: big(answerId), bytes: body.length,
            status: 0 }).getBytes(), false);
    }
    if (every("newDetailedInfoEvery")) await announceUpdates(conn, s, n);
    if (every("stateReqEvery")) await stateReq(conn, s);
}

// msg_new_detailed_info about two server-initiated messages: one the client got (it must acknowledge it) and one
// that never reached it (it must ask for it with msg_resend_req).
async function announceUpdates(conn, s, n) {
    const got = await send(conn, update(n), true, false);
    const { id: lost, seq } = allocate(conn, s, true, false);
    remember(s, lost, { body: update(n + 1), seq, contentRelated: true, lost: true });
    s.announced.set(got.toString(), { kind: "received" });
    s.announced.set(lost.toString(), { kind: "missing" });
    record.announcedReceived++;
    record.announcedMissing++;
    record.newDetailedInfos += 2;
    for (const id of [got, lost]) {
        await send(conn, new Api.MsgNewDetailedInfo({ answerMsgId: big(id), bytes: 64, status: 0 }).getBytes(), false);
    }
}

// msgs_state_req about a message the client received, one never sent, and one from the future.
async function stateReq(conn, s) {
    const sentIds = [...s.sent.entries()].filter(([, m]) => m.contentRelated && !m.lost).map(([id]) => BigInt(id));
    const got = sentIds[sentIds.length - 1];
    // never sent: the middle of the second before (this stand-in numbers a second's messages from its start)
    const never = (((got >> 32n) - 1n) << 32n) | 0x40000001n;
    const future = got + (3600n << 32n);
    record.stateReqs++;
    const id = await send(conn, new Api.MsgsStateReq({ msgIds: [big(got), big(never), big(future)] }).getBytes(), true,
        false);
    s.stateReqs.set(id.toString(), { expected: [4, 2, 3] });
}

// messages.getHistory's offsetFromID (core.telegram.org/api/offsets): the messages from the newest down to
// offset_id inclusive. atOrAbove counts those with id >= offset_id; with missingOffsetCountsOlder an offset_id that
// does not exist is counted down to the next older message inclusive, the other reading of "up to ... inclusive".
function offsetFromId(desc, lo, offsetId, atOrAbove) {
    const exists = lo < desc.length && desc[lo].id === offsetId;
    return script.missingOffsetCountsOlder && !exists && lo > 0 ? atOrAbove + 1 : atOrAbove;
}

function deleteMessages(world, chatKey, ids) {
    const chat = world.chats.find((c) => c.key === chatKey);
    const gone = new Set(ids);
    const before = chat.messages.length;
    const kept = chat.messages.filter((m) => !gone.has(m.id));
    chat.messages.length = 0;
    for (const m of kept) chat.messages.push(m);
    return before - kept.length;
}

// control commands (standin.js merges them into its own)
function commands(world) {
    return {
        sessionScript: (c) => { Object.assign(script, c.script); return {}; },
        sessionRecord: () => ({ record, pendingAnnouncements: [...sessions.values()].flatMap((s) => [...s.announced.values()]) }),
        sessionReset: () => { reset(); for (const s of sessions.values()) s.announced.clear(); return {}; },
        deleteMessages: (c) => ({ deleted: deleteMessages(world, c.chat, c.ids) }),
        lastIds: (c) => ({ ids: world.chats.find((x) => x.key === c.chat).messages.slice(-(c.count || 1)).map((m) => m.id) }),
    };
}

// session-layer objects that standin.js must not dispatch as queries
const isService = (obj) => obj instanceof Api.MsgsAck || obj instanceof Api.MsgsStateInfo || obj instanceof Api.MsgResendReq
    || obj instanceof Api.MsgsStateReq || obj instanceof Api.MsgsAllInfo;

module.exports = { onPacket, onClientMessage, answer, send, offsetFromId, commands, isService };
