// The server side of MTProxy's fake TLS (`ee` secrets), as the official MTProxy checks it: a ClientHello record whose
// random is HMAC-SHA256(secret, hello with a zero random) with the unix time XORed into its last 4 bytes (accepted
// within 2 minutes), for the proxy's domain (SNI); answered by ServerHello + ChangeCipherSpec + one application-data
// record, the ServerHello random being HMAC-SHA256(secret, client random ‖ answer with a zero random). Then the
// stream travels in application-data records. A hello that fails any check is hung up on (the official proxy would
// hand it to the real site of that domain).
"use strict";
const crypto = require("crypto");

const hmac = (key, ...data) => crypto.createHmac("sha256", key).update(Buffer.concat(data)).digest();

class FakeTlsServer {
    constructor(socket, secret, domain, events) {
        this.socket = socket;
        this.secret = secret;
        this.domain = domain;
        this.events = events;
        this.buf = Buffer.alloc(0);
        this.greeted = false;
        this.onData = () => {};
        socket.on("data", (d) => this.feed(d));
    }

    feed(data) {
        this.buf = Buffer.concat([this.buf, data]);
        for (;;) {
            if (this.buf.length < 5) return;
            const len = this.buf.readUInt16BE(3);
            if (this.buf.length < 5 + len) return;
            const record = this.buf.subarray(0, 5 + len);
            this.buf = this.buf.subarray(5 + len);
            if (!this.greeted) {
                const why = this.check(record);
                if (why) { this.reject(why); return; }
                this.greeted = true;
                this.answer(record);
            } else if (record[0] === 0x14 && len === 1) {
                continue; // the client's ChangeCipherSpec
            } else if (record[0] === 0x17 && record[1] === 3 && record[2] === 3) {
                this.onData(Buffer.from(record.subarray(5)));
            } else {
                this.reject("TLS record of type " + record[0]);
                return;
            }
        }
    }

    reject(reason) {
        this.events.push({ event: "mtproxy_rejected", reason: "fake tls: " + reason });
        this.socket.destroy();
    }

    // why the ClientHello is not one from a client with this secret, or null
    check(hello) {
        if (hello[0] !== 0x16 || hello[1] !== 3 || hello[2] !== 1 || hello[5] !== 1) return "not a ClientHello";
        const random = hello.subarray(11, 43);
        const zeroed = Buffer.from(hello);
        zeroed.fill(0, 11, 43);
        const mac = hmac(this.secret, zeroed);
        if (!mac.subarray(0, 28).equals(random.subarray(0, 28))) return "bad secret";
        const time = mac.readInt32LE(28) ^ random.readInt32LE(28);
        if (Math.abs(time - Math.floor(Date.now() / 1000)) > 120) return "client time " + time + " too far off";
        if (this.sni(hello) !== this.domain) return "SNI " + this.sni(hello) + " is not " + this.domain;
        return null;
    }

    sni(hello) {
        let p = 43;
        p += 1 + hello[p]; // session id
        p += 2 + hello.readUInt16BE(p); // cipher suites
        p += 1 + hello[p]; // compression methods
        const end = p + 2 + hello.readUInt16BE(p);
        p += 2;
        while (p + 4 <= end) {
            const type = hello.readUInt16BE(p);
            const len = hello.readUInt16BE(p + 2);
            if (type === 0) return hello.subarray(p + 9, p + 9 + hello.readUInt16BE(p + 7)).toString("ascii");
            p += 4 + len;
        }
        return null;
    }

    answer(hello) {
        const sessionId = hello.subarray(44, 44 + hello[43]);
        const ext = Buffer.concat([Buffer.from("00330024001d0020", "hex"), crypto.randomBytes(32), Buffer.from("002b00020304", "hex")]);
        const body = Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32), Buffer.from([sessionId.length]), sessionId,
            Buffer.from([0x13, 0x01, 0x00]), u16(ext.length), ext]);
        const serverHello = Buffer.concat([Buffer.from([2]), u24(body.length), body]);
        const appData = crypto.randomBytes(1024 + crypto.randomInt(2048));
        const answer = Buffer.concat([Buffer.from([0x16, 3, 3]), u16(serverHello.length), serverHello,
            Buffer.from("140303000101", "hex"), Buffer.from([0x17, 3, 3]), u16(appData.length), appData]);
        hmac(this.secret, hello.subarray(11, 43), answer).copy(answer, 11);
        this.socket.write(answer);
    }

    write(data) {
        const records = [];
        for (let at = 0; at < data.length; at += 16384) {
            const part = data.subarray(at, at + 16384);
            records.push(Buffer.from([0x17, 3, 3]), u16(part.length), part);
        }
        this.socket.write(Buffer.concat(records));
    }
}

function u16(n) { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; }
function u24(n) { return Buffer.from([n >>> 16, (n >>> 8) & 0xff, n & 0xff]); }

module.exports = { FakeTlsServer };
