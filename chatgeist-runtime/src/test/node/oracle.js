// GramJS (npm telegram 2.26.22) as an oracle for the Java client's conformance tests. Reads JSON requests, one per
// line, on stdin and answers each with one JSON line. TL values arrive typed: {"long": "123"}, {"bytes": "hex"},
// {"int128": "hex"}, {"int256": "hex"}, {"double": 1.5}, numbers (int), strings, booleans, arrays, and objects
// {"_": "tl.name", field: value} (field names as in the schema).
"use strict";
const readline = require("readline");
const bigInt = require("big-integer");
const { Api } = require("telegram");
const H = require("telegram/Helpers");
const { IGE } = require("telegram/crypto/IGE");
const { AuthKey } = require("telegram/crypto/AuthKey");
const { MTProtoState } = require("telegram/network/MTProtoState");
const { snakeToCamelCase, variableSnakeToCamelCase } = require("telegram/tl/generationHelpers");
const Password = require("telegram/Password");
const RSA = require("telegram/crypto/RSA");
const { ConnectionTCPObfuscated } = require("telegram/network/connection/TCPObfuscated");
const { TCPMTProxy } = require("telegram/network/connection/TCPMTProxy");

function tlClass(name) {
    const dot = name.lastIndexOf(".");
    const ns = dot < 0 ? null : name.slice(0, dot);
    const cls = snakeToCamelCase(dot < 0 ? name : name.slice(dot + 1));
    const holder = ns ? Api[ns] : Api;
    if (!holder || !holder[cls]) throw new Error("GramJS has no class for " + name + " (" + cls + ")");
    return holder[cls];
}

function value(v) {
    if (v === null || v === undefined) return undefined;
    if (Array.isArray(v)) return v.map(value);
    if (typeof v === "object") {
        if ("_" in v) {
            const args = {};
            for (const [k, x] of Object.entries(v)) if (k !== "_") args[variableSnakeToCamelCase(k)] = value(x);
            return new (tlClass(v._))(args);
        }
        if ("long" in v) return bigInt(v.long);
        if ("bytes" in v) return Buffer.from(v.bytes, "hex");
        if ("int128" in v || "int256" in v) return H.readBigIntFromBuffer(Buffer.from(v.int128 || v.int256, "hex"), true, true);
        if ("double" in v) return v.double;
    }
    return v;
}

const hex = (b) => Buffer.from(b).toString("hex");
const buf = (h) => Buffer.from(h, "hex");

const ops = {
    serialize: (r) => ({ hex: r.objects.map((o) => hex(value(o).getBytes())) }),
    ige: (r) => {
        const ige = new IGE(buf(r.key), buf(r.iv));
        return { hex: hex(r.decrypt ? ige.decryptIge(buf(r.data)) : ige.encryptIge(buf(r.data))) };
    },
    kdf: async (r) => {
        const { key, iv } = await new MTProtoState(undefined, undefined)._calcKey(buf(r.authKey), buf(r.msgKey), r.client);
        return { key: hex(key), iv: hex(iv) };
    },
    authKey: async (r) => {
        const k = new AuthKey();
        await k.setKey(buf(r.key));
        const nonce = H.readBigIntFromBuffer(buf(r.newNonce), true, true);
        const h1 = await k.calcNewNonceHash(nonce, 1);
        return { keyId: k.keyId.toString(), auxHash: k.auxHash.toString(), newNonceHash1: hex(H.toSignedLittleBuffer(h1, 16)) };
    },
    tmpAes: async (r) => {
        const { key, iv } = await H.generateKeyDataFromNonce(H.readBigIntFromBuffer(buf(r.serverNonce), true, true),
            H.readBigIntFromBuffer(buf(r.newNonce), true, true));
        return { key: hex(key), iv: hex(iv) };
    },
    srp: async (r) => {
        const original = H.generateRandomBytes;
        H.generateRandomBytes = (n) => (n === 256 ? buf(r.a) : original(n));
        try {
            const request = new Api.account.Password({
                hasPassword: true,
                currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
                    salt1: buf(r.salt1), salt2: buf(r.salt2), g: r.g, p: buf(r.p) }),
                srp_B: buf(r.srpB), srpId: bigInt(r.srpId),
                newAlgo: new Api.PasswordKdfAlgoUnknown(), newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
                secureRandom: Buffer.alloc(0),
            });
            const check = await Password.computeCheck(request, r.password);
            return { srpId: check.srpId.toString(), A: hex(check.A), M1: hex(check.M1) };
        } finally {
            H.generateRandomBytes = original;
        }
    },
    // GramJS's obfuscation header and AES-CTR streams (direct, or through an MTProxy with r.secret) for 64 given
    // random bytes: the header, client data encrypted, server data decrypted
    obfuscation: async (r) => {
        const original = H.generateRandomBytes;
        H.generateRandomBytes = (n) => (n === 64 ? buf(r.random) : original(n));
        try {
            const args = { ip: "127.0.0.1", port: 1, dcId: r.dc, loggers: null, socket: class {}, testServers: false,
                proxy: r.secret ? { ip: "127.0.0.1", port: 1, MTProxy: true, secret: r.secret } : undefined };
            const conn = r.secret ? new TCPMTProxy(args) : new ConnectionTCPObfuscated(args);
            conn.PacketCodecClass = { obfuscateTag: buf(r.tag) };
            const io = new conn.ObfuscatedIO(conn);
            await io.initHeader();
            return { header: hex(io.header), encrypted: hex(io._encrypt.encrypt(buf(r.clientData))),
                decrypted: hex(io._decrypt.encrypt(buf(r.serverData))) };
        } finally {
            H.generateRandomBytes = original;
        }
    },
    constructorIds: () => {
        const { tlobjects, LAYER } = require("telegram/tl/AllTLObjects");
        return { layer: LAYER, ids: Object.values(tlobjects).map((c) => [c.CONSTRUCTOR_ID >>> 0, c.className]) };
    },
    serverKeys: () => ({ keys: [...RSA._serverKeys.entries()].map(([fp, k]) => ({ fingerprint: fp, n: k.n.toString(), e: k.e })) }),
};

const rl = readline.createInterface({ input: process.stdin });
let queue = Promise.resolve();
rl.on("line", (line) => {
    queue = queue.then(async () => {
        let out;
        try {
            const r = JSON.parse(line);
            out = Object.assign({ ok: true }, await ops[r.op](r));
        } catch (e) {
            out = { ok: false, error: String((e && e.stack) || e) };
        }
        process.stdout.write(JSON.stringify(out) + "\n");
    });
});
