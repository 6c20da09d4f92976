// GramJS's own TelegramClient (npm telegram 2.26.22, an independent MTProto client) logs in to the stand-in DC and
// downloads a chat's whole history over one of its connection classes: proof that the stand-in speaks Telegram,
// not just what the Java client happens to send.
//
// Usage: node gramjs-download.js '<JSON>' where JSON is
//   { host, port, ports: {dc: port}, dc, keyPem, apiId, apiHash, phone, code, chat, out, connection: "full"|"abridged"|"obfuscated"|"mtproxy",
//     proxyPort, proxySecret }
// Writes one JSON line per message (oldest first) to `out`: id, timestamp, message, sender_id, reply_to_msg_id,
// views, is_service; prints {"ok":true,"messages":N,"requests":{...}}.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const bigInt = require("big-integer");
const { TelegramClient, Api } = require("telegram");
const { MemorySession } = require("telegram/sessions");
const { Logger, LogLevel } = require("telegram/extensions/Logger");
const { ConnectionTCPFull, ConnectionTCPAbridged, ConnectionTCPObfuscated } = require("telegram/network/connection");
const { ConnectionTCPMTProxyAbridged } = require("telegram/network/connection/TCPMTProxy");
const RSA = require("telegram/crypto/RSA");
const H = require("telegram/Helpers");
const { serializeBytes } = require("telegram/tl/generationHelpers");

const CHANNEL_BASE = 1000000000000n;

// the stand-in's test key joins GramJS's table of trusted server keys, found by its fingerprint as GramJS does
function trustKey(pem) {
    const jwk = crypto.createPublicKey(pem).export({ format: "jwk" });
    const n = Buffer.from(jwk.n, "base64url");
    const e = Buffer.from(jwk.e, "base64url");
    const sha1 = crypto.createHash("sha1").update(Buffer.concat([serializeBytes(n), serializeBytes(e)])).digest();
    const fingerprint = H.readBigIntFromBuffer(sha1.slice(-8), true, true);
    RSA._serverKeys.set(fingerprint.toString(), { n: bigInt(n.toString("hex"), 16), e: parseInt(e.toString("hex"), 16) });
}

function peerId(peer) {
    if (!peer) return null;
    if (peer instanceof Api.PeerUser) return Number(peer.userId.toString());
    if (peer instanceof Api.PeerChannel) return Number(-CHANNEL_BASE - BigInt(peer.channelId.toString()));
    return Number("-" + peer.chatId.toString());
}

(async () => {
    const a = JSON.parse(process.argv[2]);
    trustKey(fs.readFileSync(a.keyPem, "ascii"));
    const base = { full: ConnectionTCPFull, abridged: ConnectionTCPAbridged, obfuscated: ConnectionTCPObfuscated,
        mtproxy: ConnectionTCPMTProxyAbridged }[a.connection];
    // GramJS dials port 80 (Telegram's) for the home DC; the stand-in's DCs listen on other loopback ports
    const connection = class extends base {
        constructor(args) { super(Object.assign({}, args, { port: a.ports[args.dcId] || args.port })); }
    };
    const session = new MemorySession(); // StringSession stores the port as int16: too small for a loopback port
    session.setDC(a.dc, a.host, a.port);
    const client = new TelegramClient(session, a.apiId, a.apiHash, {
        connection,
        proxy: a.connection === "mtproxy" ? { ip: a.host, port: a.proxyPort, secret: a.proxySecret, MTProxy: true } : undefined,
        connectionRetries: 1,
        autoReconnect: false,
        baseLogger: new Logger(LogLevel.ERROR),
        useWSS: false,
    });
    await client.start({
        phoneNumber: async () => a.phone,
        phoneCode: async () => a.code,
        password: async () => { throw new Error("this account has no password"); },
        onError: (e) => { throw e; },
    });
    const chat = await client.getEntity(a.chat);
    const rows = [];
    // waitTime: GramJS sleeps 1 s between pages of histories over 3,000 messages unless told otherwise
    for await (const m of client.iterMessages(chat, { reverse: true, waitTime: 0.001 })) {
        const service = m instanceof Api.MessageService;
        const from = m.fromId || (m.post ? new Api.PeerChannel({ channelId: chat.id }) : null);
        rows.push(JSON.stringify({
            id: m.id,
            timestamp: m.date,
            message: service ? "" : m.message,
            sender_id: peerId(from),
            reply_to_msg_id: m.replyTo ? m.replyTo.replyToMsgId : null,
            views: m.views !== undefined && m.views !== null ? m.views : null,
            is_service: service ? 1 : 0,
        }));
    }
    fs.writeFileSync(a.out, rows.join("\n") + "\n");
    await client.destroy();
    process.stdout.write(JSON.stringify({ ok: true, messages: rows.length }) + "\n");
    process.exit(0);
})().catch((e) => {
    process.stdout.write(JSON.stringify({ ok: false, error: String((e && e.stack) || e) }) + "\n");
    process.exit(1);
});
