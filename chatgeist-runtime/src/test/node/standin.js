// A stand-in for Telegram's data centres, for offline tests of the Java MTProto client. It stands for Telegram's
// production DCs: it speaks the intermediate TCP transport, performs the server side of the auth key exchange
// (req_pq_multi, RSA_PAD with a test RSA key, DH) and of MTProto 2.0 encryption, and serves a scripted account
// (login code, two-step verification by SRP, PHONE_MIGRATE to a second DC) with chats whose histories follow
// https://core.telegram.org/api/offsets. TL objects and crypto primitives are GramJS's (npm telegram 2.26.22), so
// the Java client is checked against an independent implementation, not against itself.
//
// Usage: node standin.js STATE_DIR [BIG_CHAT_MESSAGES]
// Prints one JSON line {"event":"ready",...} on stdout, then takes JSON commands on stdin, one per line
// (see `commands` below), answering each with one JSON line.
"use strict";
const net = require("net");
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const zlib = require("zlib");
const readline = require("readline");
const bigInt = require("big-integer");
const { Api } = require("telegram");
const { BinaryReader } = require("telegram/extensions");
const { IGE } = require("telegram/crypto/IGE");
const { AuthKey } = require("telegram/crypto/AuthKey");
const { MTProtoState } = require("telegram/network/MTProtoState");
const { serializeBytes } = require("telegram/tl/generationHelpers");
const H = require("telegram/Helpers");
const script = require("./script");
const session = require("./standin-session");
const { TransportFault } = require("./standin-faults");
const { ServerTransport, startMtProxy } = require("./standin-transport");

const API_ID = 12345;
const API_HASH = "0123456789abcdef0123456789abcdef";
const LOGIN_CODE = "12345";
const EXPIRED_CODE = "11111";

// Telegram's 2048-bit safe prime (the one GramJS and Telegram use), g = 3.
const DH_PRIME_HEX =
    "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b";
const DH_PRIME = BigInt("0x" + DH_PRIME_HEX);
const DH_G = 3n;

const stateDir = process.argv[2];
const bigChatSize = parseInt(process.argv[3] || "10000", 10);
fs.mkdirSync(stateDir, { recursive: true });

// ---------- numbers and bytes ----------
const toBig = (buf) => BigInt("0x" + (buf.length ? buf.toString("hex") : "0"));
const toBuf = (n, len) => Buffer.from(n.toString(16).padStart(len * 2, "0"), "hex");
function modPow(b, e, m) {
    let r = 1n;
    b %= m;
    while (e > 0n) {
        if (e & 1n) r = (r * b) % m;
        b = (b * b) % m;
        e >>= 1n;
    }
    return r;
}
const sha1 = (...p) => crypto.createHash("sha1").update(Buffer.concat(p)).digest();
const sha256 = (...p) => crypto.createHash("sha256").update(Buffer.concat(p)).digest();
const leLong = (buf, off) => buf.readBigInt64LE(off);
const longBuf = (v) => { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt.asIntN(64, BigInt(v))); return b; };
const int128 = (big) => H.toSignedLittleBuffer(big, 16);
const big = (v) => bigInt(String(v));

// ---------- the test RSA key ----------
const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 65537 });
const keyPath = path.join(stateDir, "server-key.pem");
fs.writeFileSync(keyPath, publicKey.export({ type: "pkcs1", format: "pem" }));
const jwk = publicKey.export({ format: "jwk" });
const modulus = Buffer.from(jwk.n, "base64url");
const exponent = Buffer.from(jwk.e, "base64url");
const fingerprint = H.readBigIntFromBuffer(sha1(serializeBytes(modulus), serializeBytes(exponent)).slice(-8), true, true);

// ---------- world state ----------
const world = script.build(bigChatSize);
const authKeys = new Map(); // key id (string) -> { key: Buffer, salt: bigint, userId, dc, pendingPhone }
const codeHashes = new Map(); // phone_code_hash -> phone
const stats = { total: 0, byMethod: {} };
const faults = []; // { kind: 'flood'|'drop'|'error', method, after, seconds, error }
// the `fail` command's faults; the DCs' servers and ports are declared below and looked up when used
const moreFaults = require("./standin-faults").create({ world, dcs: () => ({ servers, ports, servers6, ports6 }) });
let clockSkew = 0;
const offeredKeys = { unknown: [], own: true }; // resPQ's fingerprints: these unknown ones first, then ours
const exportedAuth = new Map();
const served = []; // the upload.getFile parts answered
let loginCalls = 0;
// Every TL object the client sends is parsed by GramJS and serialized again: the bytes must be identical.
const conformance = { checked: 0, mismatches: [] };
function checkBytes(obj, bytes) {
    conformance.checked++;
    const again = obj.getBytes();
    if (!again.equals(bytes)) {
        conformance.mismatches.push({ name: obj.className, sent: bytes.toString("hex"), gramjs: again.toString("hex") });
    }
}

function countRequest(method) {
    stats.total++;
    stats.byMethod[method] = (stats.byMethod[method] || 0) + 1;
}

// ---------- transport ----------
const servers = {};
const servers6 = {};
const connections = []; // { dc, family } of every accepted connection
function startDc(dc) {
    const server = net.createServer((socket) => new Connection(socket, dc));
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
        servers[dc] = server;
        resolve(server.address().port);
    }));
}
// Telegram's DCs also listen on IPv6 (help.getConfig lists them with the ipv6 flag): the same DC on ::1.
// Resolves to null where this machine has no IPv6 loopback.
function startDc6(dc) {
    const server = net.createServer((socket) => new Connection(socket, dc));
    return new Promise((resolve) => {
        server.once("error", () => resolve(null));
        server.listen(0, "::1", () => { servers6[dc] = server; resolve(server.address().port); });
    });
}

class Connection {
    constructor(socket, dc) {
        this.socket = socket;
        this.dc = dc;
        this.hs = {};
        this.sessions = new Set();
        this.lastServerMsgId = 0n;
        this.queue = Promise.resolve();
        this.transport = new ServerTransport(socket, (packet) => this.onFrame(packet), transportsSeen);
        connections.push({ dc, family: socket.localFamily || (socket.localAddress.includes(":") ? "IPv6" : "IPv4") });
        socket.setNoDelay(true);
        socket.on("data", (d) => this.transport.onData(d));
        socket.on("error", () => {});
    }

    onFrame(packet) {
        this.queue = this.queue.then(() => this.onPacket(packet)).catch((e) => {
            process.stderr.write(`standin: ${e.stack}\n`);
            this.socket.destroy();
        });
    }

    sendFrame(payload) {
        this.transport.send(payload);
    }

    serverMsgId(contentRelatedAnswer) {
        const now = BigInt(Math.floor(Date.now() / 1000) + clockSkew);
        const low = contentRelatedAnswer ? 1n : 3n; // msg_id mod 4: 1 for an answer to the client, 3 otherwise
        let id = (now << 32n) | low;
        if (id <= this.lastServerMsgId) id = ((this.lastServerMsgId & ~3n) + 4n) | low;
        this.lastServerMsgId = id;
        return id;
    }

    async onPacket(packet) {
        const keyId = leLong(packet, 0);
        if (keyId === 0n) return this.onPlain(packet);
        const entry = authKeys.get(keyId.toString());
        if (!entry) {
            const err = Buffer.alloc(4);
            err.writeInt32LE(-404);
            this.sendFrame(err);
            return;
        }
        return this.onEncrypted(entry, packet);
    }

    // ----- auth key exchange (server side) -----
    async onPlain(packet) {
        const length = packet.readInt32LE(16);
        const req = new BinaryReader(packet.slice(20, 20 + length)).tgReadObject();
        checkBytes(req, packet.slice(20, 20 + length));
        let answer;
        if (req instanceof Api.ReqPqMulti) {
            const [p, q] = script.pqPrimes();
            this.hs = { nonce: req.nonce, serverNonce: H.readBigIntFromBuffer(crypto.randomBytes(16), true, true), p, q };
            answer = new Api.ResPQ({
                nonce: req.nonce,
                serverNonce: this.hs.serverNonce,
                pq: toBuf(p * q, 8),
                // a real server may offer several keys; the client takes the first one it knows
                serverPublicKeyFingerprints: [...offeredKeys.unknown.map((f) => big(f)), ...(offeredKeys.own ? [fingerprint] : [])],
            });
        } else if (req instanceof Api.ReqDHParams) {
            answer = await this.reqDhParams(req);
        } else if (req instanceof Api.SetClientDHParams) {
            answer = await this.setClientDhParams(req);
        } else {
            throw new Error("unexpected plain request " + req.className);
        }
        if (!answer) { this.socket.destroy(); return; }
        const body = answer.getBytes();
        const head = Buffer.alloc(20);
        head.writeBigInt64LE(0n, 0);
        head.writeBigInt64LE(BigInt.asIntN(64, this.serverMsgId(true)), 8);
        head.writeInt32LE(body.length, 16);
        this.sendFrame(Buffer.concat([head, body]));
    }

    async reqDhParams(req) {
        const hs = this.hs;
        if (!req.nonce.equals(hs.nonce) || !req.serverNonce.equals(hs.serverNonce)) throw new Error("nonce mismatch");
        if (!req.publicKeyFingerprint.equals(fingerprint)) throw new Error("unknown fingerprint");
        if (toBig(req.p) !== hs.p || toBig(req.q) !== hs.q) throw new Error("wrong p/q");
        // undo RSA_PAD
        const keyAesEncrypted = crypto.privateDecrypt({ key: privateKey, padding: crypto.constants.RSA_NO_PADDING },
            req.encryptedData);
        const tempKeyXor = keyAesEncrypted.slice(0, 32);
        const aesEncrypted = keyAesEncrypted.slice(32);
        const tempKey = H.bufferXor(tempKeyXor, sha256(aesEncrypted));
        const dataWithHash = new IGE(tempKey, Buffer.alloc(32)).decryptIge(aesEncrypted);
        const dataWithPadding = Buffer.from(dataWithHash.slice(0, 192)).reverse();
        if (!sha256(tempKey, dataWithPadding).equals(dataWithHash.slice(192, 224))) throw new Error("RSA_PAD hash mismatch");
        const innerReader = new BinaryReader(dataWithPadding);
        const inner = innerReader.tgReadObject();
        checkBytes(inner, dataWithPadding.slice(0, innerReader.tellPosition()));
        // Telegram still takes the DC-less p_q_inner_data that GramJS and Telethon send
        if (!(inner instanceof Api.PQInnerDataDc || inner instanceof Api.PQInnerData)) throw new Error("expected p_q_inner_data_dc, got " + inner.className);
        if (!inner.nonce.equals(hs.nonce) || !inner.serverNonce.equals(hs.serverNonce)) throw new Error("inner nonce mismatch");
        if (inner instanceof Api.PQInnerDataDc && inner.dc !== this.dc) throw new Error(`p_q_inner_data_dc names DC ${inner.dc}, this is DC ${this.dc}`);
        hs.newNonce = inner.newNonce;
        hs.a = toBig(crypto.randomBytes(256));
        const gA = modPow(DH_G, hs.a, DH_PRIME);
        const answer = new Api.ServerDHInnerData({
            nonce: hs.nonce, serverNonce: hs.serverNonce, g: Number(DH_G), dhPrime: toBuf(DH_PRIME, 256),
            gA: toBuf(gA, 256), serverTime: Math.floor(Date.now() / 1000) + clockSkew,
        }).getBytes();
        let withHash = Buffer.concat([sha1(answer), answer]);
        withHash = Buffer.concat([withHash, crypto.randomBytes((16 - (withHash.length % 16)) % 16)]);
        const { key, iv } = await H.generateKeyDataFromNonce(hs.serverNonce, hs.newNonce);
        hs.key = key;
        hs.iv = iv;
        return new Api.ServerDHParamsOk({ nonce: hs.nonce, serverNonce: hs.serverNonce,
            encryptedAnswer: new IGE(key, iv).encryptIge(withHash) });
    }

    async setClientDhParams(req) {
        const hs = this.hs;
        const plain = new IGE(hs.key, hs.iv).decryptIge(req.encryptedData);
        const reader = new BinaryReader(plain.slice(20));
        const inner = reader.tgReadObject();
        const innerBytes = plain.slice(20, 20 + reader.tellPosition());
        if (!sha1(innerBytes).equals(plain.slice(0, 20))) throw new Error("client DH hash mismatch");
        if (!(inner instanceof Api.ClientDHInnerData)) throw new Error("expected client_DH_inner_data");
        checkBytes(inner, innerBytes);
        const gB = toBig(inner.gB);
        if (gB <= 1n || gB >= DH_PRIME - 1n) throw new Error("g_b out of range");
        const keyBytes = toBuf(modPow(gB, hs.a, DH_PRIME), 256);
        const authKey = new AuthKey();
        await authKey.setKey(keyBytes);
        const newNonce = H.toSignedLittleBuffer(hs.newNonce, 32);
        const salt = leLong(H.bufferXor(newNonce.slice(0, 8), int128(hs.serverNonce).slice(0, 8)), 0);
        authKeys.set(leLong(sha1(keyBytes), 12).toString(), { key: keyBytes, salt, userId: null, dc: this.dc });
        return new Api.DhGenOk({ nonce: hs.nonce, serverNonce: hs.serverNonce,
            newNonceHash1: await authKey.calcNewNonceHash(hs.newNonce, 1) });
    }

    // ----- encrypted messages -----
    async onEncrypted(entry, packet) {
        const msgKey = packet.slice(8, 24);
        const state = new MTProtoState(undefined, undefined);
        const { key, iv } = await state._calcKey(entry.key, msgKey, true);
        const plain = new IGE(key, iv).decryptIge(packet.slice(24));
        if (!sha256(entry.key.slice(88, 120), plain).slice(8, 24).equals(msgKey)) throw new Error("msg_key mismatch");
        const salt = leLong(plain, 0);
        const sessionId = leLong(plain, 8);
        const msgId = leLong(plain, 16);
        const length = plain.readInt32LE(28);
        const body = plain.slice(32, 32 + length);
        this.entry = entry;
        this.sessionId = sessionId;
        session.onPacket(entry);
        if (!this.sessions.has(sessionId.toString())) {
            this.sessions.add(sessionId.toString());
            await this.send(new Api.NewSessionCreated({ firstMsgId: big(msgId), uniqueId: big(123456789),
                serverSalt: big(entry.salt) }).getBytes(), false);
        }
        const serverTime = BigInt(Math.floor(Date.now() / 1000) + clockSkew);
        const msgTime = BigInt.asUintN(64, msgId) >> 32n;
        if (msgTime < serverTime - 300n || msgTime > serverTime + 30n) {
            await this.send(new Api.BadMsgNotification({ badMsgId: big(msgId), badMsgSeqno: plain.readInt32LE(24),
                errorCode: msgTime < serverTime ? 16 : 17 }).getBytes(), false);
            return;
        }
        if (salt !== entry.salt) {
            await this.send(new Api.BadServerSalt({ badMsgId: big(msgId), badMsgSeqno: plain.readInt32LE(24),
                errorCode: 48, newServerSalt: big(entry.salt) }).getBytes(), false);
            return;
        }
        await this.onMessage(msgId, body, plain.readInt32LE(24));
    }

    async onMessage(msgId, body, seqNo) {
        if (await session.onClientMessage(this, msgId, seqNo, body)) return;
        const id = body.readUInt32LE(0);
        if (id === 0x73f1f8dc) { // msg_container
            let off = 8;
            const n = body.readInt32LE(4);
            for (let i = 0; i < n; i++) {
                const innerId = leLong(body, off);
                const len = body.readInt32LE(off + 12);
                await this.onMessage(innerId, body.slice(off + 16, off + 16 + len), body.readInt32LE(off + 8));
                off += 16 + len;
            }
            return;
        }
        const req = new BinaryReader(body).tgReadObject();
        checkBytes(req, body);
        if (session.isService(req)) return;
        if (req instanceof Api.Ping || req instanceof Api.PingDelayDisconnect) {
            // ping_delay_disconnect (GramJS's keep-alive every 9 s) is answered like ping, and the connection is
            // closed disconnect_delay seconds after the last one (core.telegram.org/mtproto/service_messages)
            if (req instanceof Api.PingDelayDisconnect) {
                clearTimeout(this.pingDisconnect);
                this.pingDisconnect = setTimeout(() => this.socket.destroy(), req.disconnectDelay * 1000);
            }
            await this.send(new Api.Pong({ msgId: big(msgId), pingId: req.pingId }).getBytes(), true);
            return;
        }
        let result;
        try {
            result = await this.call(req);
        } catch (e) {
            if (e instanceof Drop) { this.socket.destroy(); return; }
            if (e instanceof TransportFault) { moreFaults.transport(this, e); return; }
            if (!(e instanceof RpcError)) throw e;
            result = new Api.RpcError({ errorCode: e.code, errorMessage: e.text });
        }
        let bytes;
        if (Array.isArray(result)) { // Vector<T>
            const head = Buffer.alloc(8);
            head.writeUInt32LE(0x1cb5c415, 0);
            head.writeInt32LE(result.length, 4);
            bytes = Buffer.concat([head, ...result.map((x) => x.getBytes())]);
        } else {
            bytes = result.getBytes();
        }
        if (bytes.length > 1024) { // Telegram gzips large answers
            const head = Buffer.alloc(4);
            head.writeUInt32LE(0x3072cfa1);
            bytes = Buffer.concat([head, serializeBytes(zlib.gzipSync(bytes))]);
        }
        const head = Buffer.alloc(12);
        head.writeUInt32LE(0xf35c6d01, 0);
        head.writeBigInt64LE(msgId, 4);
        await session.answer(this, msgId, Buffer.concat([head, bytes]));
    }

    // msg_id and seqno come from the session (standin-session.js)
    async send(body, contentRelated) {
        return session.send(this, body, contentRelated);
    }

    async sendRaw(msgId, seqNo, body) {
        const entry = this.entry;
        const head = Buffer.alloc(32);
        head.writeBigInt64LE(entry.salt, 0);
        head.writeBigInt64LE(this.sessionId, 8);
        head.writeBigInt64LE(BigInt.asIntN(64, msgId), 16);
        head.writeInt32LE(seqNo, 24);
        head.writeInt32LE(body.length, 28);
        let plain = Buffer.concat([head, body]);
        let pad = 16 - (plain.length % 16);
        if (pad < 12) pad += 16;
        plain = Buffer.concat([plain, crypto.randomBytes(pad)]);
        const msgKey = sha256(entry.key.slice(96, 128), plain).slice(8, 24);
        const state = new MTProtoState(undefined, undefined);
        const { key, iv } = await state._calcKey(entry.key, msgKey, false);
        const keyId = sha1(entry.key).slice(12, 20);
        this.sendFrame(Buffer.concat([keyId, msgKey, new IGE(key, iv).encryptIge(plain)]));
    }

    // ----- the API -----
    async call(req) {
        let r = req;
        let apiId = null;
        while (r instanceof Api.InvokeWithLayer || r instanceof Api.InitConnection
               || r instanceof Api.InvokeWithoutUpdates) {
            if (r instanceof Api.InvokeWithLayer && r.layer !== 198) throw new RpcError(400, "LAYER_INVALID");
            if (r instanceof Api.InitConnection) apiId = r.apiId;
            r = r.query;
        }
        const method = r.className;
        countRequest(method);
        if (apiId !== null && apiId !== API_ID) throw new RpcError(400, "API_ID_INVALID");
        for (const f of faults) {
            if (f.method !== method || f.used) continue;
            if (f.after > 0) { f.after--; continue; }
            f.used = true;
            if (f.kind === "flood") throw new RpcError(420, `FLOOD_WAIT_${f.seconds}`);
            if (f.kind === "drop") throw new Drop();
            if (f.kind === "error") throw new RpcError(f.code, f.error);
        }
        moreFaults.before(method, r, RpcError, Drop);
        const handler = handlers[method];
        if (!handler) throw new RpcError(400, "METHOD_NOT_SUPPORTED_BY_STANDIN_" + method.replace(/\W/g, "_"));
        const result = handler(r, this);
        moreFaults.after(method, r, result);
        return result;
    }
}

class RpcError extends Error {
    constructor(code, text) { super(text); this.code = code; this.text = text; }
}
class Drop extends Error {}

function requireUser(conn) {
    const e = conn.entry;
    if (e.revoked) throw new RpcError(401, "AUTH_KEY_UNREGISTERED");
    if (!e.userId) throw new RpcError(401, "AUTH_KEY_UNREGISTERED");
    return world.users.get(e.userId);
}

function dcOptions() {
    return Object.entries(ports).map(([dc, port]) => new Api.DcOption({ id: Number(dc), ipAddress: "127.0.0.1", port }))
        .concat(Object.entries(ports6).map(([dc, port]) => new Api.DcOption({ id: Number(dc), ipAddress: "::1", port, ipv6: true })));
}

// SRP, server side (https://core.telegram.org/api/srp)
const srpStates = new Map();
function ph2(password, salt1, salt2) {
    const sh = (data, salt) => sha256(salt, data, salt);
    const ph1 = sh(sh(Buffer.from(password, "utf8"), salt1), salt2);
    return sh(crypto.pbkdf2Sync(ph1, salt1, 100000, 64, "sha512"), salt2);
}
const pad256 = (n) => toBuf(n, 256);

// the end of every login way: signed in, or SESSION_PASSWORD_NEEDED for an account with two-step verification
function authorize(conn, phone) {
    const account = world.accounts.get(phone);
    if (account.password) {
        conn.entry.pendingUser = account.userId;
        throw new RpcError(401, "SESSION_PASSWORD_NEEDED");
    }
    conn.entry.userId = account.userId;
    return new Api.auth.Authorization({ user: world.userObject(account.userId, true) });
}

const handlers = {
    "help.GetConfig": () => new Api.Config({
        date: Math.floor(Date.now() / 1000), expires: Math.floor(Date.now() / 1000) + 3600, testMode: false,
        thisDc: 1, dcOptions: dcOptions(), dcTxtDomainName: "example.invalid", chatSizeMax: 200,
        megagroupSizeMax: 200000, forwardedCountMax: 100, onlineUpdatePeriodMs: 210000, offlineBlurTimeoutMs: 5000,
        offlineIdleTimeoutMs: 30000, onlineCloudTimeoutMs: 300000, notifyCloudDelayMs: 30000,
        notifyDefaultDelayMs: 1500, pushChatPeriodMs: 60000, pushChatLimit: 2, editTimeLimit: 172800,
        revokeTimeLimit: 2147483647, revokePmTimeLimit: 2147483647, ratingEDecay: 2419200, stickersRecentLimit: 200,
        channelsReadMediaPeriod: 604800, callReceiveTimeoutMs: 20000, callRingTimeoutMs: 90000,
        callConnectTimeoutMs: 30000, callPacketTimeoutMs: 10000, meUrlPrefix: "https://t.me/", captionLengthMax: 1024,
        messageLengthMax: 4096, webfileDcId: 1, reactionsDefault: new Api.ReactionEmoji({ emoticon: "👍" }),
    }),
    "auth.SendCode": (r, conn) => {
        if (r.apiId !== API_ID || r.apiHash !== API_HASH) throw new RpcError(400, "API_ID_INVALID");
        const account = world.accounts.get(r.phoneNumber.replace(/^\+/, ""));
        if (!account) throw new RpcError(400, "PHONE_NUMBER_INVALID");
        if (account.dc !== conn.dc) throw new RpcError(303, `PHONE_MIGRATE_${account.dc}`);
        const hash = crypto.randomBytes(8).toString("hex");
        codeHashes.set(hash, account.phone);
        loginCalls++;
        return new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeApp({ length: 5 }), phoneCodeHash: hash });
    },
    "auth.SignIn": (r, conn) => {
        const phone = codeHashes.get(r.phoneCodeHash);
        if (!phone || phone !== r.phoneNumber.replace(/^\+/, "")) throw new RpcError(400, "PHONE_CODE_EXPIRED");
        if (r.phoneCode === EXPIRED_CODE) { codeHashes.delete(r.phoneCodeHash); throw new RpcError(400, "PHONE_CODE_EXPIRED"); }
        if (r.phoneCode !== LOGIN_CODE) throw new RpcError(400, "PHONE_CODE_INVALID");
        return authorize(conn, phone);
    },
    "account.GetPassword": (r, conn) => {
        const account = [...world.accounts.values()].find((a) => a.userId === conn.entry.pendingUser);
        if (!account) throw new RpcError(401, "AUTH_KEY_UNREGISTERED");
        const salt1 = crypto.randomBytes(40);
        const salt2 = crypto.randomBytes(16);
        const x = toBig(ph2(account.password, salt1, salt2));
        const v = modPow(DH_G, x, DH_PRIME);
        const k = toBig(sha256(pad256(DH_PRIME), pad256(DH_G)));
        const b = toBig(crypto.randomBytes(256));
        const B = (k * v + modPow(DH_G, b, DH_PRIME)) % DH_PRIME;
        const srpId = BigInt.asIntN(64, toBig(crypto.randomBytes(8)));
        srpStates.set(srpId.toString(), { salt1, salt2, v, b, B, account });
        return new Api.account.Password({
            hasPassword: true, hint: account.hint,
            currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
                salt1, salt2, g: Number(DH_G), p: pad256(DH_PRIME) }),
            srp_B: pad256(B), srpId: big(srpId),
            newAlgo: new Api.PasswordKdfAlgoUnknown(), newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
            secureRandom: crypto.randomBytes(32),
        });
    },
    "auth.CheckPassword": (r, conn) => {
        const pw = r.password;
        const st = srpStates.get(pw.srpId.toString());
        if (!st) throw new RpcError(400, "SRP_ID_INVALID");
        srpStates.delete(pw.srpId.toString());
        const A = toBig(pw.A);
        if (A <= 0n || A >= DH_PRIME) throw new RpcError(400, "SRP_A_INVALID");
        const u = toBig(sha256(pad256(A), pad256(st.B)));
        const S = modPow((A * modPow(st.v, u, DH_PRIME)) % DH_PRIME, st.b, DH_PRIME);
        const K = sha256(pad256(S));
        const M1 = sha256(H.bufferXor(sha256(pad256(DH_PRIME)), sha256(pad256(DH_G))), sha256(st.salt1),
            sha256(st.salt2), pad256(A), pad256(st.B), K);
        if (!M1.equals(pw.M1)) throw new RpcError(400, "PASSWORD_HASH_INVALID");
        conn.entry.userId = st.account.userId;
        return new Api.auth.Authorization({ user: world.userObject(st.account.userId, true) });
    },
    "auth.LogOut": (r, conn) => {
        requireUser(conn);
        conn.entry.userId = null;
        conn.entry.revoked = true;
        return new Api.auth.LoggedOut({});
    },
    "auth.ExportAuthorization": (r, conn) => {
        const me = requireUser(conn);
        const bytes = crypto.randomBytes(32);
        const id = BigInt.asIntN(64, toBig(crypto.randomBytes(8)));
        exportedAuth.set(id.toString(), { userId: me.id, bytes, dc: r.dcId });
        return new Api.auth.ExportedAuthorization({ id: big(id), bytes });
    },
    "auth.ImportAuthorization": (r, conn) => {
        const ex = exportedAuth.get(r.id.toString());
        if (!ex || !ex.bytes.equals(r.bytes) || ex.dc !== conn.dc) throw new RpcError(400, "AUTH_BYTES_INVALID");
        conn.entry.userId = ex.userId;
        return new Api.auth.Authorization({ user: world.userObject(ex.userId, true) });
    },
    "users.GetUsers": (r, conn) => {
        const me = requireUser(conn);
        return r.id.map((u) => (u instanceof Api.InputUserSelf ? world.userObject(me.id, true) : new Api.UserEmpty({ id: u.userId })));
    },
    "contacts.ResolveUsername": (r, conn) => {
        requireUser(conn);
        const name = r.username.toLowerCase();
        const chat = world.chatsByUsername.get(name);
        if (chat) {
            return new Api.contacts.ResolvedPeer({ peer: world.peerOf(chat), chats: [world.chatObject(chat)], users: [] });
        }
        const user = [...world.users.values()].find((u) => u.username && u.username.toLowerCase() === name);
        if (user) {
            return new Api.contacts.ResolvedPeer({ peer: new Api.PeerUser({ userId: big(user.id) }), chats: [],
                users: [world.userObject(user.id)] });
        }
        throw new RpcError(400, "USERNAME_NOT_OCCUPIED");
    },
    "messages.GetDialogs": (r, conn) => {
        const me = requireUser(conn);
        const chats = world.chats.filter((c) => c.members.includes(me.id) && !c.migratedTo);
        const messages = chats.filter((c) => c.messages.length).map((c) => world.messageObject(c, c.messages[c.messages.length - 1]));
        return new Api.messages.Dialogs({
            dialogs: chats.map((c) => new Api.Dialog({ peer: world.peerOf(c), topMessage: c.messages.length ? c.messages[c.messages.length - 1].id : 0,
                readInboxMaxId: 0, readOutboxMaxId: 0, unreadCount: 0, unreadMentionsCount: 0, unreadReactionsCount: 0,
                notifySettings: new Api.PeerNotifySettings({}) })),
            messages, chats: chats.map((c) => world.chatObject(c)), users: [],
        });
    },
    "messages.GetHistory": (r, conn) => {
        const me = requireUser(conn);
        const chat = world.chatForInputPeer(r.peer);
        if (!chat) throw new RpcError(400, "PEER_ID_INVALID");
        if (chat.accessHash !== undefined && r.peer.accessHash !== undefined && !big(chat.accessHash).equals(r.peer.accessHash)) {
            throw new RpcError(400, "CHANNEL_INVALID");
        }
        if (!chat.members.includes(me.id) && !chat.username) throw new RpcError(400, "CHANNEL_PRIVATE");
        // https://core.telegram.org/api/offsets: newest first; offset = offsetFromID(offset_id) + add_offset,
        // where offsetFromID counts the messages from the newest down to offset_id inclusive; then max_id/min_id.
        const desc = chat.messages; // ascending; index from the end
        const n = desc.length;
        const limit = Math.min(Math.max(r.limit, 0) || 20, 100);
        let fromId = 0;
        if (r.offsetId > 0) {
            // ids ascend: binary search, as a real server's index would (a scan per page made long histories
            // quadratic here, and the benchmark measured the stand-in instead of the client)
            let lo = 0, hi = n;
            while (lo < hi) {
                const mid = (lo + hi) >>> 1;
                if (desc[mid].id < r.offsetId) lo = mid + 1; else hi = mid;
            }
            fromId = session.offsetFromId(desc, lo, r.offsetId, n - lo);
        }
        const start = fromId + r.addOffset;
        const from = Math.max(0, start);
        const to = Math.max(0, Math.min(n, start + limit));
        let page = [];
        for (let i = from; i < to; i++) page.push(desc[n - 1 - i]);
        if (r.maxId > 0) page = page.filter((m) => m.id < r.maxId);
        if (r.minId > 0) page = page.filter((m) => m.id > r.minId);
        if (refreshSide.unchanged(r.hash, page)) return new Api.messages.MessagesNotModified({ count: n });
        const users = new Map();
        for (const m of page) {
            for (const uid of world.usersOf(m)) users.set(uid, world.userObject(uid));
        }
        const messages = page.map((m) => world.messageObject(chat, m));
        const chats = messages.length ? [world.chatObject(chat)] : []; // the chats the messages mention
        if (chat.kind === "chat") {
            return new Api.messages.MessagesSlice({ count: n, messages, chats, users: [...users.values()] });
        }
        return new Api.messages.ChannelMessages({ pts: 1, count: n, messages, topics: [], chats, users: [...users.values()] });
    },
    // https://core.telegram.org/api/files: parts of limit bytes (divisible by 4 KiB, dividing 1 MiB) at offsets
    // divisible by limit; the file is served by its own DC only.
    "upload.GetFile": (r, conn) => {
        requireUser(conn);
        const f = world.fileFor(r.location);
        if (!f || !big(f.accessHash).equals(r.location.accessHash)) throw new RpcError(400, "LOCATION_INVALID");
        if (!f.fileReference.equals(r.location.fileReference)) throw new RpcError(400, "FILE_REFERENCE_EXPIRED");
        if (f.dc !== conn.dc) throw new RpcError(303, `FILE_MIGRATE_${f.dc}`);
        if (f.broken) throw new RpcError(400, f.broken);
        const offset = Number(r.offset.toString());
        if (r.limit <= 0 || r.limit % 4096 !== 0 || r.limit > 1048576 || 1048576 % r.limit !== 0) throw new RpcError(400, "LIMIT_INVALID");
        if (offset < 0 || offset % r.limit !== 0) throw new RpcError(400, "OFFSET_INVALID");
        const bytes = f.bytes().subarray(Math.min(offset, f.size), Math.min(offset + r.limit, f.size));
        served.push({ id: String(f.id), thumb: f.thumb, dc: conn.dc, offset, length: bytes.length });
        return new Api.upload.File({ type: new Api.storage.FilePartial(), mtime: 0, bytes: Buffer.from(bytes) });
    },
};

// ---------- control ----------
const commands = {
    stats: () => ({ total: stats.total, byMethod: stats.byMethod }),
    resetStats: () => { stats.total = 0; stats.byMethod = {}; return {}; },
    fault: (c) => { faults.push({ kind: c.kind, method: c.method, after: c.after || 0, seconds: c.seconds || 1,
        code: c.code || 400, error: c.error }); return {}; },
    clearFaults: () => { faults.length = 0; moreFaults.clear(); return {}; },
    fail: (c) => { moreFaults.add(c); return {}; },
    faults: () => moreFaults.info(),
    append: (c) => { const added = world.append(c.chat, c.count); return { added }; },
    expected: (c) => { world.writeExpected(c.chat, c.file, c.media); return { file: c.file }; },
    revoke: (c) => { let n = 0; for (const e of authKeys.values()) if (e.userId === c.user) { e.revoked = true; n++; } return { revoked: n }; },
    forgetKeys: (c) => { for (const [id, e] of authKeys) if (c.dc === undefined || e.dc === c.dc) authKeys.delete(id); return {}; },
    rotateSalt: () => { for (const e of authKeys.values()) e.salt = BigInt.asIntN(64, toBig(crypto.randomBytes(8))); return {}; },
    skew: (c) => { clockSkew = c.seconds; return {}; },
    conformance: () => conformance,
    offerKeys: (c) => { offeredKeys.unknown = c.unknown || []; offeredKeys.own = c.own !== false; return {}; },
    connections: () => ({ connections }),
    // the DC's IPv4 address stops accepting connections (refused), as when IPv4 is blocked
    closeIpv4: (c) => { servers[c.dc].close(); return {}; },
    // builds and serializes every message once, so that benchmarks measure the client, not the stand-in's warm-up
    warm: () => { let n = 0; for (const chat of world.chats) for (const m of chat.messages) { world.messageObject(chat, m); n++; }
        for (const id of world.users.keys()) world.userObject(id); return { messages: n }; },
    info: () => ({ loginCalls, keys: authKeys.size }),
    // what a client that downloaded every file must hold: size and SHA-256 of each file, and the parts served
    files: (c) => ({ files: world.mediaFiles(c.chat), served }),
    clearServed: () => { served.length = 0; return {}; },
    ...session.commands(world),
    transports: () => ({ seen: transportsSeen, proxy: proxyEvents }),
    // an MTProxy in front of the DCs: secret (32 hex digits), paddingOnly (dd), tlsDomain (ee)
    mtproxy: async (c) => ({ port: (await startMtProxy({ secret: Buffer.from(c.secret, "hex"), paddingOnly: !!c.paddingOnly,
        tlsDomain: c.tlsDomain }, ports, proxyEvents)).port }),
};
require("./standin-login").install({ handlers, commands, world, RpcError, authorize, API_ID, API_HASH, LOGIN_CODE });

require("./standin-migrate").install({ world, handlers, commands, RpcError, requireUser });

const refreshSide = require("./standin-refresh").install({ world, handlers, commands, RpcError, requireUser });

const ports = {};
const transportsSeen = {}; // connections per transport, e.g. "obfuscated/padded": 3
const proxyEvents = [];
const ports6 = {};
(async () => {
    ports[1] = await startDc(1);
    ports[2] = await startDc(2);
    for (const dc of [1, 2]) { const p = await startDc6(dc); if (p !== null) ports6[dc] = p; }
    process.stdout.write(JSON.stringify({ event: "ready", dcs: ports, dcs6: ports6, key: keyPath, apiId: API_ID, apiHash: API_HASH,
        loginCode: LOGIN_CODE, expiredCode: EXPIRED_CODE, accounts: world.describeAccounts() }) + "\n");
    const rl = readline.createInterface({ input: process.stdin });
    let replies = Promise.resolve(); // in order, also for the commands that wait (mtproxy)
    rl.on("line", (line) => {
        if (!line.trim()) return;
        replies = replies.then(async () => {
            let out;
            try {
                const c = JSON.parse(line);
                out = Object.assign({ ok: true }, await commands[c.cmd](c));
            } catch (e) {
                out = { ok: false, error: String(e && e.stack || e) };
            }
            process.stdout.write(JSON.stringify(out) + "\n");
        });
    });
    rl.on("close", () => process.exit(0));
})();
