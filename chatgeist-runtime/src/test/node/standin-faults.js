// Faults of Telegram's servers, scriptable per test (the `fail` command of standin.js), as they are documented at
// https://core.telegram.org/api/errors and https://core.telegram.org/mtproto/mtproto-transports#transport-errors:
//  - an rpc_error answer (500 RPC_CALL_FAIL / INTERNAL / ..., -503 Timeout, -500, 406 AUTH_KEY_DUPLICATED, ...)
//    instead of the result: `{kind:"error", code, error}`;
//  - the connection closed without an answer: `{kind:"drop"}`;
//  - transport error -429 (a 4-byte packet, then the connection closed; Telegram is asking for fewer connections),
//    after which the DC refuses connections for `refuseSeconds` (its listening socket is closed, so connecting
//    gets ECONNREFUSED): `{kind:"transport", code:-429, refuseSeconds}`;
//  - no answer at all, the connection left open (a server or network that went silent): `{kind:"silence"}`.
// Each fault is for one method (or any, without `method`) and fires after `after` matching calls, or once the chat
// `chat` has been served `afterMessages` messages by messages.getHistory; then `times` times (-1: until cleared).
"use strict";

// What the connection does instead of answering: a transport error code, or nothing (code 0: silence).
class TransportFault extends Error {
    constructor(code, refuseSeconds) { super(`transport error ${code}`); this.code = code; this.refuseSeconds = refuseSeconds; }
}

function create({ world, dcs }) {
    const list = [];
    const served = new Map(); // chat key -> messages served by messages.getHistory
    const closed = new Map(); // dc -> timer reopening it
    const stats = { fired: 0, refused: 0 };

    function chatKey(req) {
        const chat = req && req.peer ? world.chatForInputPeer(req.peer) : null;
        return chat ? chat.key : null;
    }

    function add(c) {
        if (!["error", "drop", "transport", "silence"].includes(c.kind)) throw new Error("unknown fault kind " + c.kind);
        list.push({ kind: c.kind, method: c.method, after: c.after || 0, afterMessages: c.afterMessages, chat: c.chat,
            times: c.times === undefined ? 1 : c.times, code: c.code, error: c.error, refuseSeconds: c.refuseSeconds || 0 });
    }

    // Called before a request is handled: throws what the fault makes the server answer, if one fires.
    function before(method, req, RpcError, Drop) {
        for (const f of list) {
            if (f.times === 0 || (f.method && f.method !== method)) continue;
            if (f.afterMessages !== undefined) {
                if (chatKey(req) !== f.chat || (served.get(f.chat) || 0) < f.afterMessages) continue;
            } else if (f.after > 0) {
                f.after--;
                continue;
            }
            if (f.times > 0) f.times--;
            stats.fired++;
            if (f.kind === "drop") throw new Drop();
            if (f.kind === "transport") throw new TransportFault(f.code || -429, f.refuseSeconds);
            if (f.kind === "silence") throw new TransportFault(0, 0);
            throw new RpcError(f.code, f.error);
        }
    }

    // Called with each result: counts the messages served per chat.
    function after(method, req, result) {
        if (method === "messages.GetHistory" && result && result.messages) {
            const key = chatKey(req);
            served.set(key, (served.get(key) || 0) + result.messages.length);
        }
    }

    // Answers a TransportFault on `conn`: the 4-byte error code, the connection closed, the DC closed for a while.
    function transport(conn, fault) {
        if (fault.code === 0) return;
        const packet = Buffer.alloc(4);
        packet.writeInt32LE(fault.code);
        conn.sendFrame(packet);
        conn.socket.end();
        if (fault.refuseSeconds > 0) refuse(conn.dc, fault.refuseSeconds);
    }

    function refuse(dc, seconds) {
        if (closed.has(dc)) clearTimeout(closed.get(dc));
        else {
            // the whole DC refuses: its IPv6 address too (a client falls back to it when IPv4 refuses)
            const { servers, servers6 } = dcs();
            servers[dc].close();
            if (servers6[dc]) servers6[dc].close();
        }
        stats.refused++;
        closed.set(dc, setTimeout(() => reopen(dc), seconds * 1000));
    }

    function reopen(dc) {
        if (!closed.has(dc)) return;
        clearTimeout(closed.get(dc));
        closed.delete(dc);
        const { servers, ports, servers6, ports6 } = dcs();
        servers[dc].listen(ports[dc], "127.0.0.1");
        if (servers6[dc]) servers6[dc].listen(ports6[dc], "::1");
    }

    function clear() {
        list.length = 0;
        served.clear();
        stats.fired = 0;
        stats.refused = 0;
        for (const dc of [...closed.keys()]) reopen(dc);
    }

    return { TransportFault, add, before, after, transport, clear,
        info: () => ({ fired: stats.fired, refused: stats.refused, closed: [...closed.keys()],
            served: Object.fromEntries(served) }) };
}

module.exports = { create, TransportFault };
