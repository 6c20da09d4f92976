// The stand-in's transports, as Telegram's servers accept them on one port (core.telegram.org/mtproto/mtproto-transports),
// told apart by the first bytes of the connection the way the servers do: 0xef abridged, 0xeeeeeeee intermediate,
// 0xdddddddd padded intermediate, a zero second int (seqno 0) full, anything else a 64-byte obfuscation header
// with one of the three tags inside. And an MTProxy stand-in (it stands for the official MTProxy server,
// github.com/TelegramMessenger/MTProxy): obfuscation keyed with the proxy secret, plain, `dd` (random padding
// only) or `ee` (fake TLS), forwarding to the DC the header names.
"use strict";
const net = require("net");
const crypto = require("crypto");
const zlib = require("zlib");

const TAGS = { 0xefefefef: "abridged", 0xeeeeeeee: "intermediate", 0xdddddddd: "padded" };
// first ints a server takes for HTTP (HEAD, POST, GET, OPTIONS) or TLS, never for MTProto
const HTTP_OR_TLS = [0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0x02010316];

const sha256 = (...p) => crypto.createHash("sha256").update(Buffer.concat(p)).digest();
const ctr = (key, iv) => crypto.createCipheriv("aes-256-ctr", key, iv);

// The keys of both directions of an obfuscated connection from its 64-byte header, as the server derives them:
// the client's encryption from bytes 8..55, the server's from the same bytes reversed; an MTProxy hashes each key
// with its secret. Returns the decrypted tag and DC id, and the two ciphers positioned after the header.
function openHeader(header, secret) {
    const key = (k) => (secret ? sha256(k, secret) : k);
    const reversed = Buffer.from(header.subarray(8, 56)).reverse();
    const fromClient = ctr(key(header.subarray(8, 40)), header.subarray(40, 56));
    const toClient = ctr(key(reversed.subarray(0, 32)), reversed.subarray(32, 48));
    const plain = fromClient.update(header);
    return { tag: TAGS[plain.readUInt32LE(56)], dc: plain.readInt16LE(60), fromClient, toClient };
}

// Packet framing of one transport, both directions; `read` returns [packet, bytesUsed] or null when incomplete.
const framings = {
    abridged: () => ({
        read(buf) {
            if (buf.length < 1) return null;
            let words = buf[0] & 0x7f;
            let head = 1;
            if (words === 0x7f) {
                if (buf.length < 4) return null;
                words = buf.readUIntLE(1, 3);
                head = 4;
            }
            if (buf.length < head + words * 4) return null;
            return [buf.subarray(head, head + words * 4), head + words * 4];
        },
        write(p) {
            const words = p.length / 4;
            if (words < 0x7f) return Buffer.concat([Buffer.from([words]), p]);
            const head = Buffer.alloc(4);
            head[0] = 0x7f;
            head.writeUIntLE(words, 1, 3);
            return Buffer.concat([head, p]);
        },
    }),
    intermediate: () => ({
        read(buf) {
            if (buf.length < 4) return null;
            const n = buf.readInt32LE(0);
            if (buf.length < 4 + n) return null;
            return [buf.subarray(4, 4 + n), 4 + n];
        },
        write(p) {
            const head = Buffer.alloc(4);
            head.writeInt32LE(p.length);
            return Buffer.concat([head, p]);
        },
    }),
    // the length counts 0..15 random bytes after the packet (an MTProxy adds 0..3); the packet's own length comes
    // from its content
    padded: (maxPad = 15) => ({
        read(buf) {
            if (buf.length < 4) return null;
            const n = buf.readInt32LE(0);
            if (buf.length < 4 + n) return null;
            return [unpad(buf.subarray(4, 4 + n)), 4 + n];
        },
        write(p) {
            const pad = crypto.randomBytes(crypto.randomInt(maxPad + 1));
            const head = Buffer.alloc(4);
            head.writeInt32LE(p.length + pad.length);
            return Buffer.concat([head, p, pad]);
        },
    }),
    // total length (length + seqno + packet + CRC32), seqno counted per direction from 0, CRC32 of all before it
    full: () => {
        let inSeq = 0;
        let outSeq = 0;
        return {
            read(buf) {
                if (buf.length < 4) return null;
                const n = buf.readInt32LE(0);
                if (n < 12) throw new Error("full transport: length " + n);
                if (buf.length < n) return null;
                const crc = buf.readUInt32LE(n - 4);
                if (zlib.crc32(buf.subarray(0, n - 4)) !== crc) throw new Error("full transport: bad CRC32");
                if (buf.readInt32LE(4) !== inSeq++) throw new Error("full transport: bad seqno");
                return [buf.subarray(8, n - 4), n];
            },
            write(p) {
                const head = Buffer.alloc(8);
                head.writeInt32LE(p.length + 12, 0);
                head.writeInt32LE(outSeq++, 4);
                const crc = Buffer.alloc(4);
                crc.writeUInt32LE(zlib.crc32(Buffer.concat([head, p])));
                return Buffer.concat([head, p, crc]);
            },
        };
    },
};

function unpad(p) {
    if (p.length < 24) return p.subarray(0, 4); // a transport error code
    const keyId = p.readBigInt64LE(0);
    if (keyId === 0n) return p.subarray(0, 20 + p.readInt32LE(16));
    return p.subarray(0, 24 + Math.floor((p.length - 24) / 16) * 16);
}

// The server side of one connection to a DC: finds the transport from the first bytes, then hands each packet to
// onPacket and frames what `send` gets. `seen` counts the transports used (e.g. "obfuscated/padded").
class ServerTransport {
    constructor(socket, onPacket, seen) {
        this.socket = socket;
        this.onPacket = onPacket;
        this.seen = seen;
        this.buf = Buffer.alloc(0);
        this.framing = null;
        this.decrypt = null;
        this.encrypt = null;
    }

    onData(data) {
        if (this.socket.destroyed) return;
        if (this.decrypt) data = this.decrypt.update(data);
        this.buf = Buffer.concat([this.buf, data]);
        try {
            if (!this.framing && !this.detect()) return;
            for (;;) {
                const r = this.framing.read(this.buf);
                if (!r) return;
                this.buf = this.buf.subarray(r[1]);
                if (r[0]) this.onPacket(Buffer.from(r[0]));
            }
        } catch (e) {
            process.stderr.write(`standin transport: ${e.message}\n`);
            this.socket.destroy();
        }
    }

    detect() {
        const b = this.buf;
        if (b.length >= 1 && b[0] === 0xef) return this.start("abridged", 1);
        if (b.length < 8) return false;
        const first = b.readUInt32LE(0);
        if (first === 0xeeeeeeee) return this.start("intermediate", 4);
        if (first === 0xdddddddd) return this.start("padded", 4);
        if (HTTP_OR_TLS.includes(first)) throw new Error("HTTP or TLS on an MTProto port");
        if (b.readUInt32LE(4) === 0) return this.start("full", 0);
        if (b.length < 64) return false;
        const h = openHeader(b.subarray(0, 64), null);
        if (!h.tag) throw new Error("obfuscation header without a known protocol tag");
        this.decrypt = h.fromClient;
        this.encrypt = h.toClient;
        const rest = this.decrypt.update(b.subarray(64));
        this.buf = rest;
        return this.start("obfuscated/" + h.tag, 0);
    }

    start(name, skip) {
        this.name = name;
        this.seen[name] = (this.seen[name] || 0) + 1;
        this.framing = framings[name.replace("obfuscated/", "")]();
        this.buf = this.buf.subarray(skip);
        return true;
    }

    send(payload) {
        if (this.socket.destroyed) return;
        const framed = this.framing.write(payload);
        this.socket.write(this.encrypt ? this.encrypt.update(framed) : framed);
    }
}

// ---------- MTProxy ----------
const PLAIN_START = { abridged: Buffer.from([0xef]), intermediate: Buffer.alloc(4, 0xee), padded: Buffer.alloc(4, 0xdd) };

// An MTProxy for `secret` (16 bytes), forwarding the client's stream to the DC as it comes (the official proxy talks
// to Telegram's middle proxies instead; the client cannot tell). paddingOnly: accept only padded intermediate, as the official proxy does for
// `dd` secrets with -R; tlsDomain: fake TLS (`ee` secrets) for that domain. dcPorts maps a DC id to its port.
function startMtProxy({ secret, paddingOnly, tlsDomain }, dcPorts, events) {
    const server = net.createServer((client) => {
        client.on("error", () => {});
        client.setNoDelay(true);
        const tls = tlsDomain ? new (require("./standin-faketls").FakeTlsServer)(client, secret, tlsDomain, events) : null;
        let buf = Buffer.alloc(0);
        let upstream = null;
        let decrypt = null;
        let encrypt = null;
        const fromClient = (data) => {
            if (upstream) { upstream.write(decrypt.update(data)); return; }
            buf = Buffer.concat([buf, data]);
            if (buf.length < 64) return;
            const h = openHeader(buf.subarray(0, 64), secret);
            if (!h.tag || (paddingOnly && h.tag !== "padded")) {
                events.push({ event: "mtproxy_rejected", reason: h.tag ? "not padded" : "bad secret" });
                client.destroy();
                return;
            }
            const dc = Math.abs(h.dc);
            if (!dcPorts[dc]) { events.push({ event: "mtproxy_rejected", reason: "unknown dc " + h.dc }); client.destroy(); return; }
            decrypt = h.fromClient;
            encrypt = h.toClient;
            events.push({ event: "mtproxy_forward", dc, tag: h.tag, tls: !!tls });
            upstream = net.connect(dcPorts[dc], "127.0.0.1");
            upstream.setNoDelay(true);
            upstream.on("error", () => client.destroy());
            upstream.on("close", () => client.destroy());
            client.on("close", () => upstream.destroy());
            const toClient = (d) => (tls ? tls.write(encrypt.update(d)) : client.write(encrypt.update(d)));
            if (h.tag === "padded") {
                // the official proxy frames what it sends itself, with 0..3 padding bytes (lrand48() & 3), not the
                // DC's 0..15: clients such as Telethon strip only length % 4
                const fromDc = framings.padded();
                const reframe = framings.padded(3);
                let pending = Buffer.alloc(0);
                upstream.on("data", (d) => {
                    pending = Buffer.concat([pending, d]);
                    for (let r; (r = fromDc.read(pending)); ) {
                        pending = pending.subarray(r[1]);
                        toClient(reframe.write(r[0]));
                    }
                });
            } else {
                upstream.on("data", toClient);
            }
            upstream.write(Buffer.concat([PLAIN_START[h.tag], decrypt.update(buf.subarray(64))]));
        };
        if (tls) tls.onData = fromClient; else client.on("data", fromClient);
    });
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: server.address().port })));
}

module.exports = { ServerTransport, startMtProxy, openHeader };
