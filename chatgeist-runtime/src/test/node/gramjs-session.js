// GramJS's own MTProtoSender (npm telegram 2.26.22) reading a chat's whole history through the stand-in DC, to show
// that the stand-in's session layer (standin-session.js: salt rotation, pushed updates, msgs_state_req,
// msg_detailed_info, msg_resend_req …) is something an independent Telegram client copes with, not only chatgeist.
// GramJS speaks the intermediate transport here through a small codec (it ships full, abridged and obfuscated).
//
// Usage: node gramjs-session.js PORT SERVER_KEY_PEM API_ID API_HASH PHONE CODE USERNAME
// Prints one JSON line: {"ids":[…ascending message ids…]}
"use strict";
const crypto = require("crypto");
const bigInt = require("big-integer");
const { TelegramClient, Api } = require("telegram");
const { StringSession } = require("telegram/sessions");
const { Connection, PacketCodec } = require("telegram/network/connection/Connection");
const RSA = require("telegram/crypto/RSA");
const { serializeBytes } = require("telegram/tl/generationHelpers");
const H = require("telegram/Helpers");

class IntermediatePacketCodec extends PacketCodec {
    constructor(props) {
        super(props);
        this.tag = Buffer.from("eeeeeeee", "hex");
    }

    encodePacket(data) {
        const len = Buffer.alloc(4);
        len.writeInt32LE(data.length);
        return Buffer.concat([len, data]);
    }

    async readPacket(reader) {
        const len = (await reader.read(4)).readInt32LE(0);
        return reader.read(len);
    }
}

let standinPort = 0;
class ConnectionTCPIntermediate extends Connection {
    constructor(params) {
        super({ ...params, port: standinPort }); // GramJS 2.26 always dials port 80 (or 443)
        this.PacketCodecClass = IntermediatePacketCodec;
    }
}

async function main() {
    const [port, keyPem, apiId, apiHash, phone, code, username] = process.argv.slice(2);
    standinPort = Number(port);
    // the stand-in's test RSA key, added to the keys GramJS accepts (as chatgeist's TELEGRAM_SERVER_KEY does)
    const jwk = crypto.createPublicKey(require("fs").readFileSync(keyPem)).export({ format: "jwk" });
    const n = Buffer.from(jwk.n, "base64url");
    const e = Buffer.from(jwk.e, "base64url");
    const sha1 = crypto.createHash("sha1").update(Buffer.concat([serializeBytes(n), serializeBytes(e)])).digest();
    const fingerprint = H.readBigIntFromBuffer(sha1.slice(-8), true, true);
    RSA._serverKeys.set(fingerprint.toString(), { n: bigInt(n.toString("hex"), 16), e: parseInt(e.toString("hex"), 16) });

    class StandinSession extends StringSession { // DC 1 is the stand-in's (GramJS would pick Telegram's address)
        async load() {
            await super.load();
            this.setDC(1, "127.0.0.1", Number(port));
        }

        save() {
            return ""; // nothing to keep; StringSession cannot hold a port above 32767
        }
    }
    // GramJS 2.26 sends the older p_q_inner_data; the stand-in, like today's clients, wants p_q_inner_data_dc
    const PQInnerDataDc = Api.PQInnerDataDc;
    Api.PQInnerData = function PQInnerData(args) { return new PQInnerDataDc({ ...args, dc: 1 }); };
    const session = new StandinSession("");
    const client = new TelegramClient(session, Number(apiId), apiHash, {
        connection: ConnectionTCPIntermediate, connectionRetries: 1, autoReconnect: false, receiveUpdates: false,
        baseLogger: new (require("telegram/extensions").Logger)("none"),
    });
    await client.connect();
    const sent = await client.invoke(new Api.auth.SendCode({ phoneNumber: phone, apiId: Number(apiId), apiHash,
        settings: new Api.CodeSettings({}) }));
    await client.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: code }));
    const resolved = await client.invoke(new Api.contacts.ResolveUsername({ username }));
    const chat = resolved.chats[0];
    const peer = new Api.InputPeerChannel({ channelId: chat.id, accessHash: chat.accessHash });
    const ids = [];
    let last = 0;
    for (;;) { // upward from the start, as chatgeist pages: offset_id = last + 1, add_offset = -100
        const page = await client.invoke(new Api.messages.GetHistory({ peer, offsetId: last + 1, addOffset: -100,
            limit: 100, maxId: 0, minId: 0, offsetDate: 0, hash: bigInt(0) }));
        const fresh = page.messages.map((m) => m.id).filter((id) => id > last).sort((a, b) => a - b);
        ids.push(...fresh);
        if (page.messages.length < 100 || fresh.length === 0) break;
        last = fresh[fresh.length - 1];
    }
    process.stdout.write(JSON.stringify({ ids }) + "\n");
    await client.destroy();
}

// a promise GramJS never settles would otherwise end the process with status 0 and no output
const watchdog = setTimeout(() => { process.stderr.write("gramjs-session: no answer in 120 s\n"); process.exit(2); }, 120000);
main().then(() => { clearTimeout(watchdog); process.exit(0); }, (e) => {
    process.stderr.write(`gramjs-session: ${e && e.stack || e}\n`);
    process.exit(1);
});
