// The scripted Telegram world the stand-in DC serves: accounts, users, chats and their histories (deterministic),
// the TL objects GramJS builds for them, and — written independently of the Java code — the archive rows the
// Python version would have stored for each message (REFERENCE §3), which the tests compare the archive with.
"use strict";
const fs = require("fs");
const crypto = require("crypto");
const bigInt = require("big-integer");
const { Api } = require("telegram");

const big = (v) => bigInt(String(v));
const CHANNEL_BASE = 1000000000000n;

function prng(seed) { // mulberry32
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function isPrime(n) {
    if (n < 2n) return false;
    for (const p of [2n, 3n, 5n, 7n, 11n, 13n]) if (n % p === 0n) return n === p;
    let d = n - 1n, s = 0;
    while (d % 2n === 0n) { d /= 2n; s++; }
    const pow = (b, e, m) => { let r = 1n; b %= m; while (e) { if (e & 1n) r = r * b % m; b = b * b % m; e >>= 1n; } return r; };
    for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
        let x = pow(a, d, n);
        if (x === 1n || x === n - 1n) continue;
        let ok = false;
        for (let i = 1; i < s; i++) { x = x * x % n; if (x === n - 1n) { ok = true; break; } }
        if (!ok) return false;
    }
    return true;
}

function randomPrime() {
    while (true) {
        const n = (BigInt(crypto.randomBytes(4).readUInt32BE()) | 0x40000001n) & 0x7fffffffn;
        if (isPrime(n)) return n;
    }
}

function pqPrimes() {
    let p = randomPrime(), q = randomPrime();
    while (q === p) q = randomPrime();
    return p < q ? [p, q] : [q, p];
}

const EMOJI = ["👍", "❤️", "🔥", "😂", "🤔", "🎉"];
const WORDS = ["кава", "coffee", "meeting", "завтра", "the", "best", "cafe", "📎", "ok", "Привіт", "hello", "deploy",
    "чат", "news", "🚀", "release", "why", "because"];

// The media chat: photos and documents of every kind the client handles (sizes chosen around the 512 KiB part),
// some on DC 2, one whose dc_id is wrong (FILE_MIGRATE), one too big, one the server refuses, and a location.
function galleryMessages() {
    const MB = 1048576;
    const media = [
        { type: "photo", dc: 1, ext: "jpg", sizes: [{ type: "s", size: 2000 }, { type: "m", size: 30000 }, { type: "x", size: 150000 }] },
        { type: "photo", dc: 2, ext: "jpg", sizes: [{ type: "m", size: 20000 }, { type: "y", size: 700000, progressive: [10000, 40000, 700000] }] },
        { type: "doc", dc: 1, ext: "pdf", mime: "application/pdf", fileName: "report.pdf", size: MB },
        { type: "doc", dc: 2, ext: "ogg", mime: "audio/ogg", voice: true, size: 33333 },
        { type: "doc", dc: 1, ext: "mp4", mime: "video/mp4", fileName: "clip.MP4", size: 1300000 },
        { type: "doc", dc: 1, ext: "zip", mime: "application/zip", fileName: "huge.zip", size: 26500000 },
        { type: "doc", dc: 1, ext: "bin", mime: "application/octet-stream", size: 5000, broken: "FILE_ID_INVALID" },
        { type: "doc", dc: 1, livesOn: 2, ext: "bin", mime: "application/x-unknown", size: 4096 },
        { type: "geo" },
        { type: "photo", dc: 2, ext: "jpg", sizes: [{ type: "x", size: 524288 }] },
    ];
    const messages = [{ id: 1, date: 1614556800, from: { type: "user", id: 1001 }, text: "the gallery opens" }];
    media.forEach((md, i) => {
        md.id = 880000 + i;
        messages.push({ id: i + 2, date: 1614556900 + i * 60, from: { type: "user", id: 2000 + i }, text: i % 2 ? "" : "look " + i, media: md });
    });
    return messages;
}

function build(bigChatSize) {
    const rnd = prng(20240607);
    const users = new Map();
    const addUser = (u) => { users.set(u.id, Object.assign({ accessHash: 9000000000000 + u.id }, u)); };
    addUser({ id: 1001, first: "Alice", last: "Archivist", username: "alice_archivist" });
    addUser({ id: 1002, first: "Bob", last: null, username: null });
    addUser({ id: 1003, first: "Carol", last: "Migrant", username: "carol_m" });
    for (let i = 0; i < 40; i++) {
        const id = 2000 + i;
        switch (i % 5) {
            case 0: addUser({ id, first: "User" + i, last: "Family" + i, username: "user_" + i }); break;
            case 1: addUser({ id, first: "Солом'я " + i, last: null, username: null }); break;
            case 2: addUser({ id, first: null, last: "Lastonly" + i, username: "last_" + i }); break;
            case 3: addUser({ id, first: null, last: null, username: "nameless_" + i }); break;
            default: addUser({ id, first: "Émile 🎨", last: "Ünïcødé " + i, username: null }); break;
        }
    }
    addUser({ id: 2999, first: null, last: null, username: null, deleted: true });
    const senders = [...users.keys()].filter((id) => id >= 2000);

    const accounts = new Map([
        ["15550001", { phone: "15550001", userId: 1001, dc: 1, password: null }],
        ["15550002", { phone: "15550002", userId: 1002, dc: 1, password: "correct horse battery", hint: "four words" }],
        ["15550003", { phone: "15550003", userId: 1003, dc: 2, password: null }],
    ]);

    const chats = [
        { key: "bigchat", kind: "channel", megagroup: true, id: 1500000001, accessHash: 7000000000001, title: "Big Chat",
            username: "bigchat", members: [1001, 1002, 1003], messages: [], size: bigChatSize },
        { key: "newsfeed", kind: "channel", broadcast: true, id: 1500000002, accessHash: 7000000000002, title: "News Feed",
            username: "newsfeed", members: [1001], messages: [], size: 250 },
        { key: "family", kind: "chat", id: 4242, title: "Family", members: [1001, 1002], messages: [], size: 120 },
        { key: "secret", kind: "channel", megagroup: true, id: 1500000003, accessHash: 7000000000003, title: "Secret",
            username: null, members: [], messages: [], size: 30 },
        { key: "banned", kind: "channel", megagroup: true, id: 1500000004, accessHash: 7000000000004, title: "Banned Place",
            username: "bannedchan", members: [], messages: [], size: 0, forbidden: true },
        { key: "gallery", kind: "channel", megagroup: true, id: 1500000005, accessHash: 7000000000005, title: "Gallery",
            username: "gallery", members: [1001], messages: galleryMessages(), size: 0 },
    ];
    const chatsByUsername = new Map(chats.filter((c) => c.username).map((c) => [c.username.toLowerCase(), c]));
    const byKey = new Map(chats.map((c) => [c.key, c]));

    function text() {
        const r = rnd();
        if (r < 0.04) return ""; // a media message without caption
        if (r < 0.06) return "long ".repeat(300 + Math.floor(rnd() * 400)).trim(); // > 253 bytes: long TL length prefix
        const n = 1 + Math.floor(rnd() * 12);
        const words = [];
        for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(rnd() * WORDS.length)]);
        if (rnd() < 0.05) words.push("\nsecond line");
        return words.join(" ");
    }

    function reactions() {
        if (rnd() < 0.6) return null;
        const out = [];
        const kinds = 1 + Math.floor(rnd() * 3);
        const used = new Set();
        for (let i = 0; i < kinds; i++) {
            const r = rnd();
            const count = 1 + Math.floor(rnd() * 50);
            if (r < 0.7) {
                const e = EMOJI[Math.floor(rnd() * EMOJI.length)];
                if (used.has(e)) continue;
                used.add(e);
                out.push({ type: "emoji", emoticon: e, count });
            } else if (r < 0.9) {
                const doc = (5368324170671202286n + BigInt(Math.floor(rnd() * 1000))).toString();
                if (used.has(doc)) continue;
                used.add(doc);
                out.push({ type: "custom", documentId: doc, count });
            } else if (!used.has("paid")) {
                used.add("paid");
                out.push({ type: "paid", count });
            }
        }
        return out;
    }

    function nextMessage(chat) {
        const last = chat.messages[chat.messages.length - 1];
        let id = last ? last.id + 1 : 1;
        if (rnd() < 0.05) id += 1 + Math.floor(rnd() * 3); // deleted messages leave gaps
        const date = (last ? last.date : 1614556800) + 1 + Math.floor(rnd() * 600);
        const m = { id, date };
        const r = rnd();
        if (chat.broadcast) {
            m.post = true;
            if (rnd() < 0.5) m.postAuthor = rnd() < 0.5 ? "Editor Ed" : "Дарина";
            m.views = 100 + Math.floor(rnd() * 10000);
            m.forwards = Math.floor(rnd() * 50);
        } else if (r < 0.04 && chat.kind === "channel") {
            m.from = { type: "channel", id: chat.id }; // "send as" the group itself (anonymous admin)
            if (rnd() < 0.5) m.postAuthor = "Admin Anna";
        } else if (r < 0.05 && chat.kind === "channel") {
            m.from = null; // no from_id and not a post: the sender is unknown
            m.postAuthor = rnd() < 0.5 ? "Ghost Writer" : null;
        } else {
            m.from = { type: "user", id: senders[Math.floor(rnd() * senders.length)] };
        }
        if (!chat.broadcast && rnd() < 0.25) {
            m.views = Math.floor(rnd() * 500);
            m.forwards = Math.floor(rnd() * 5);
        }
        if (rnd() < 0.03 && !chat.broadcast) {
            const a = rnd();
            m.service = a < 0.3 ? { action: "add", userId: senders[Math.floor(rnd() * senders.length)] }
                : a < 0.6 ? { action: "title", title: "Renamed " + id }
                : a < 0.8 ? { action: "joined", inviterId: senders[0] }
                : { action: "pin" };
            if (m.service.action === "pin" && chat.messages.length) m.replyTo = chat.messages[Math.floor(rnd() * chat.messages.length)].id;
            if (!m.from || m.from.type !== "user") m.from = { type: "user", id: senders[1] };
            delete m.views;
            delete m.forwards;
        } else {
            m.text = text();
            if (chat.messages.length && rnd() < 0.2) m.replyTo = chat.messages[Math.floor(rnd() * chat.messages.length)].id;
            m.reactions = reactions();
        }
        chat.messages.push(m);
        return m;
    }

    for (const chat of chats) {
        for (let i = 0; i < chat.size; i++) nextMessage(chat);
    }

    // ----- media: files with deterministic bytes, some on DC 2 -----
    const files = new Map(); // "photo:<id>:<type>" | "doc:<id>" -> file
    for (const chat of chats) {
        for (const m of chat.messages) {
            const md = m.media;
            if (!md || md.type === "geo") continue;
            if (md.type === "photo") for (const s of md.sizes) files.set(`photo:${md.id}:${s.type}`, fileOf(md, s.size, s.type));
            else files.set(`doc:${md.id}`, fileOf(md, md.size, ""));
        }
    }

    function fileOf(md, size, thumb) {
        let bytes = null;
        return {
            id: md.id, size, dc: md.livesOn || md.dc, broken: md.broken, thumb,
            accessHash: md.id + 111, fileReference: Buffer.from("ref-" + md.id),
            bytes() { // sha256 counter stream: the same bytes on every run, computed once
                if (!bytes) {
                    const parts = [];
                    for (let i = 0; i * 32 < size; i++) parts.push(crypto.createHash("sha256").update(`${md.id}:${thumb}:${i}`).digest());
                    bytes = Buffer.concat(parts).subarray(0, size);
                }
                return bytes;
            },
        };
    }

    function fileFor(loc) {
        if (loc instanceof Api.InputPhotoFileLocation) return files.get(`photo:${loc.id}:${loc.thumbSize}`);
        if (loc instanceof Api.InputDocumentFileLocation) return loc.thumbSize === "" ? files.get(`doc:${loc.id}`) : undefined;
        return undefined;
    }

    function mediaObject(md) {
        const common = { id: big(md.id), accessHash: big(md.id + 111), fileReference: Buffer.from("ref-" + md.id), date: 1614556800 };
        if (md.type === "geo") return new Api.MessageMediaGeo({ geo: new Api.GeoPoint({ long: 30.52, lat: 50.45, accessHash: big(1) }) });
        if (md.type === "photo") {
            const sizes = [new Api.PhotoStrippedSize({ type: "i", bytes: Buffer.from([1, 40, 40, 9]) })];
            for (const s of md.sizes) {
                sizes.push(s.progressive ? new Api.PhotoSizeProgressive({ type: s.type, w: 1280, h: 960, sizes: s.progressive })
                    : new Api.PhotoSize({ type: s.type, w: 320, h: 240, size: s.size }));
            }
            return new Api.MessageMediaPhoto({ photo: new Api.Photo(Object.assign(common, { sizes, dcId: md.dc })) });
        }
        const attributes = [];
        if (md.fileName) attributes.push(new Api.DocumentAttributeFilename({ fileName: md.fileName }));
        if (md.voice) attributes.push(new Api.DocumentAttributeAudio({ voice: true, duration: 3 }));
        return new Api.MessageMediaDocument({ voice: md.voice || undefined, document: new Api.Document(Object.assign(common,
            { mimeType: md.mime, size: big(md.size), dcId: md.dc, attributes })) });
    }

    // The media_path the Python version stored (REFERENCE §3) under the Java layout; null without media to fetch.
    function expectedMediaPath(m, media) {
        const md = m.media;
        if (!media || media.mode === "off" || !md || md.type === "geo") return null;
        if (md.type !== "photo" && media.mode !== "all") return null;
        const size = md.type === "photo" ? Math.max(...md.sizes.map((s) => s.size)) : md.size;
        if (size > media.maxMb * 1048576) return `SKIPPED: ${(size / 1048576).toFixed(1)} MB > ${media.maxMb} MB`;
        if (md.broken) return "ERROR: " + md.broken;
        return `media/${media.alias}/${m.id}.${md.ext}`;
    }

    function peerOf(chat) {
        return chat.kind === "chat" ? new Api.PeerChat({ chatId: big(chat.id) }) : new Api.PeerChannel({ channelId: big(chat.id) });
    }

    function chatObject(chat) {
        return memo("c:" + chat.key, () => buildChat(chat));
    }

    function buildChat(chat) {
        if (chat.forbidden) return new Api.ChannelForbidden({ id: big(chat.id), accessHash: big(chat.accessHash), title: chat.title, megagroup: true });
        if (chat.kind === "chat") {
            const to = chat.migratedTo; // a basic group that became a supergroup (standin-migrate.js)
            return new Api.Chat({ id: big(chat.id), title: chat.title, photo: new Api.ChatPhotoEmpty(), participantsCount: chat.members.length,
                date: 1600000000, version: 1, deactivated: to ? true : undefined,
                migratedTo: to ? new Api.InputChannel({ channelId: big(to.id), accessHash: big(to.accessHash) }) : undefined });
        }
        return new Api.Channel({ id: big(chat.id), accessHash: big(chat.accessHash), title: chat.title, username: chat.username || undefined,
            photo: new Api.ChatPhotoEmpty(), date: 1600000000, megagroup: chat.megagroup || undefined, broadcast: chat.broadcast || undefined,
            signatures: chat.broadcast || undefined, left: chat.members.length === 0 || undefined });
    }

    function userObject(id, self) {
        return self ? buildUser(id, true) : memo("u:" + id, () => buildUser(id, false));
    }

    function buildUser(id, self) {
        const u = users.get(id);
        return new Api.User({ id: big(u.id), accessHash: big(u.accessHash), firstName: u.first || undefined, lastName: u.last || undefined,
            username: u.username || undefined, deleted: u.deleted || undefined, self: self || undefined,
            phone: self ? [...accounts.values()].find((a) => a.userId === id).phone : undefined });
    }

    function reactionObject(r) {
        const reaction = r.type === "emoji" ? new Api.ReactionEmoji({ emoticon: r.emoticon })
            : r.type === "custom" ? new Api.ReactionCustomEmoji({ documentId: big(r.documentId) }) : new Api.ReactionPaid();
        return new Api.ReactionCount({ reaction, count: r.count });
    }

    function fromPeer(m) {
        if (!m.from) return undefined;
        return m.from.type === "user" ? new Api.PeerUser({ userId: big(m.from.id) }) : new Api.PeerChannel({ channelId: big(m.from.id) });
    }

    // Telegram's servers do not rebuild a message for every request; neither does the stand-in: each message,
    // user and chat is built and serialized by GramJS once, and later answers reuse the bytes.
    const cache = new Map();
    function memo(key, make) {
        let o = cache.get(key);
        if (!o) {
            o = make();
            const bytes = o.getBytes();
            o.getBytes = () => bytes;
            cache.set(key, o);
        }
        return o;
    }

    function messageObject(chat, m) {
        return memo("m:" + chat.key + ":" + m.id + ":" + (m.rev || 0), () => buildMessage(chat, m)); // rev: changed since
    }

    function buildMessage(chat, m) {
        const replyTo = m.replyTo ? new Api.MessageReplyHeader({ replyToMsgId: m.replyTo }) : undefined;
        if (m.service) {
            const s = m.service;
            const action = s.action === "add" ? new Api.MessageActionChatAddUser({ users: [big(s.userId)] })
                : s.action === "title" ? new Api.MessageActionChatEditTitle({ title: s.title })
                : s.action === "joined" ? new Api.MessageActionChatJoinedByLink({ inviterId: big(s.inviterId) })
                : s.action === "migrateTo" ? new Api.MessageActionChatMigrateTo({ channelId: big(s.channelId) })
                : s.action === "migrateFrom" ? new Api.MessageActionChannelMigrateFrom({ title: s.title, chatId: big(s.chatId) })
                : new Api.MessageActionPinMessage();
            return new Api.MessageService({ id: m.id, peerId: peerOf(chat), fromId: fromPeer(m), date: m.date, action, replyTo });
        }
        return new Api.Message({
            id: m.id, peerId: peerOf(chat), fromId: fromPeer(m), date: m.date, message: m.text, replyTo, editDate: m.editDate,
            post: m.post || undefined, postAuthor: m.postAuthor || undefined,
            views: m.views !== undefined ? m.views : undefined, forwards: m.views !== undefined ? m.forwards : undefined,
            reactions: m.reactions && m.reactions.length ? new Api.MessageReactions({ results: m.reactions.map(reactionObject) }) : undefined,
            media: m.media ? mediaObject(m.media) : undefined,
        });
    }

    function usersOf(m) {
        const ids = [];
        if (m.from && m.from.type === "user") ids.push(m.from.id);
        if (m.service && m.service.userId) ids.push(m.service.userId);
        if (m.service && m.service.inviterId) ids.push(m.service.inviterId);
        return ids;
    }

    function chatForInputPeer(p) {
        if (p instanceof Api.InputPeerChannel) return chats.find((c) => c.kind === "channel" && big(c.id).equals(p.channelId));
        if (p instanceof Api.InputPeerChat) return chats.find((c) => c.kind === "chat" && big(c.id).equals(p.chatId));
        return null;
    }

    // The row the Python version stored for a message (REFERENCE §3), from the script, not from TL objects.
    function expectedRow(chat, m, media) {
        let senderId = null, username = null, name = "";
        const from = m.from !== undefined && m.from !== null ? m.from : (m.post ? { type: "channel", id: chat.id } : null);
        if (from && from.type === "user") {
            const u = users.get(from.id);
            senderId = u.id;
            username = u.username;
            name = u.first && u.last ? `${u.first} ${u.last}` : (u.first || u.last || "");
        } else if (from && from.type === "channel") {
            senderId = Number(-CHANNEL_BASE - BigInt(from.id));
            username = chat.username;
            name = chat.title;
        }
        const display = name || username || m.postAuthor || (senderId !== null ? String(senderId) : null);
        const reactions = m.service ? [] : (m.reactions || []);
        const key = (r) => (r.type === "emoji" ? r.emoticon : r.type === "custom" ? "custom:" + r.documentId : "⭐");
        return {
            id: m.id,
            timestamp: m.date,
            date_iso: new Date(m.date * 1000).toISOString().replace(".000Z", "+00:00"),
            message: m.service ? "" : m.text,
            sender_id: senderId,
            sender_username: username || null,
            sender_display_name: display,
            reply_to_msg_id: m.replyTo || null,
            reactions_count: reactions.reduce((s, r) => s + r.count, 0),
            reactions_detail: reactions.map((r) => `${key(r)} (${r.count})`).join(", "),
            views: m.views !== undefined ? m.views : null,
            forwards: m.views !== undefined ? m.forwards : null,
            permalink: chat.kind === "channel" && chat.username ? `https://t.me/${chat.username}/${m.id}` : null,
            media_path: expectedMediaPath(m, media),
            is_service: m.service ? 1 : 0,
        };
    }

    return {
        users, accounts, chats, chatsByUsername, files, fileFor, peerOf, chatObject, userObject, messageObject, usersOf, chatForInputPeer,
        nextMessage, expectedRow, reactionObject,
        // a chat made after the start by a control command (standin-migrate.js, standin-refresh.js)
        addChat(chat) {
            chats.push(chat);
            byKey.set(chat.key, chat);
            if (chat.username) chatsByUsername.set(chat.username.toLowerCase(), chat);
        },
        // a chat object built again after it changed
        rebuildChat(key) { cache.delete("c:" + key); },
        append(key, count) {
            const chat = byKey.get(key);
            for (let i = 0; i < count; i++) nextMessage(chat);
            return count;
        },
        // each message's file (a photo's largest size): what a client that downloaded it must hold
        mediaFiles(key) {
            return byKey.get(key).messages.filter((m) => m.media && m.media.type !== "geo").map((m) => {
                const md = m.media;
                const f = md.type === "photo" ? files.get(`photo:${md.id}:${md.sizes[md.sizes.length - 1].type}`) : files.get(`doc:${md.id}`);
                const sha256 = f.size <= 2 * 1048576 ? crypto.createHash("sha256").update(f.bytes()).digest("hex") : null;
                return { msg: m.id, size: f.size, dc: f.dc, sha256 };
            });
        },
        writeExpected(key, file, media) {
            const chat = byKey.get(key);
            fs.writeFileSync(file, chat.messages.map((m) => JSON.stringify(expectedRow(chat, m, media))).join("\n") + "\n");
        },
        describeAccounts() {
            return [...accounts.values()].map((a) => ({ phone: "+" + a.phone, userId: a.userId, dc: a.dc,
                password: a.password, hint: a.hint || null }));
        },
    };
}

module.exports = { build, pqPrimes, prng };
