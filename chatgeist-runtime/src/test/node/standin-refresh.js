// The stand-in's side of the refresh window (issue 12), standing for what Telegram's servers do when a chat's past
// changes: a chat whose history changes between runs (reactions added and removed, views growing, texts edited
// with an edit_date, messages deleted), messages.getHistory's `hash` answered with messages.messagesNotModified
// when it matches the page it would serve (https://core.telegram.org/api/offsets#hash-generation), and
// channels.getMessages / messages.getMessages by id (a deleted id comes back as messageEmpty). What a client must
// hold afterwards (rows, deletions, edits) is written from the script, independently of the Java code.
"use strict";
const fs = require("fs");
const bigInt = require("big-integer");
const { Api } = require("telegram");
const { combinedRows } = require("./standin-migrate");

const big = (v) => bigInt(String(v));
const MASK = (1n << 64n) - 1n;

// The 64-bit fold of https://core.telegram.org/api/offsets#hash-generation (">>" is the unsigned shift), as a
// signed long. For lists of messages the ids array holds each message's id, edit_date (0 if unedited) and date, in
// the order served (as the API documents it for messages.getScheduledHistory).
function foldHash(values) {
    let hash = 0n;
    for (const v of values) {
        hash ^= hash >> 21n;
        hash = (hash ^ (hash << 35n)) & MASK;
        hash ^= hash >> 4n;
        hash = (hash + BigInt.asUintN(64, BigInt(v))) & MASK;
    }
    return BigInt.asIntN(64, hash);
}

function historyHash(page) {
    return foldHash(page.flatMap((m) => [m.id, m.editDate || 0, m.date]));
}

function install({ world, handlers, commands, RpcError, requireUser }) {
    const byKey = (key) => {
        const chat = world.chats.find((c) => c.key === key);
        if (!chat) throw new Error("no chat " + key);
        return chat;
    };
    const find = (chat, id) => { // ids ascend
        let lo = 0, hi = chat.messages.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (chat.messages[mid].id < id) lo = mid + 1; else hi = mid;
        }
        return lo < chat.messages.length && chat.messages[lo].id === id ? lo : -1;
    };
    const history = new Map(); // chat key -> { deleted: Map(id -> message as it was), edits: [{ id, old }] }
    const historyOf = (key) => {
        if (!history.has(key)) history.set(key, { deleted: new Map(), edits: [] });
        return history.get(key);
    };

    function byIds(chat, ids) {
        const users = new Map();
        const messages = ids.map((im) => {
            const id = im instanceof Api.InputMessageID ? im.id : 0;
            const i = find(chat, id);
            if (i < 0) return new Api.MessageEmpty({ id });
            const m = chat.messages[i];
            for (const uid of world.usersOf(m)) users.set(uid, world.userObject(uid));
            return world.messageObject(chat, m);
        });
        return { messages, users: [...users.values()] };
    }

    // https://core.telegram.org/method/channels.getMessages
    handlers["channels.GetMessages"] = (r, conn) => {
        requireUser(conn);
        const chat = world.chats.find((c) => c.kind === "channel" && big(c.id).equals(r.channel.channelId));
        if (!chat || !big(chat.accessHash).equals(r.channel.accessHash)) throw new RpcError(400, "CHANNEL_INVALID");
        if (r.id.length > 100) throw new RpcError(400, "LIMIT_INVALID");
        const { messages, users } = byIds(chat, r.id);
        return new Api.messages.ChannelMessages({ pts: 1, count: messages.length, messages, topics: [],
            chats: [world.chatObject(chat)], users });
    };

    // https://core.telegram.org/method/messages.getMessages: private chats and basic groups share the account's
    // message id space
    handlers["messages.GetMessages"] = (r, conn) => {
        const me = requireUser(conn);
        const chat = world.chats.find((c) => c.kind === "chat" && c.members.includes(me.id));
        if (!chat) return new Api.messages.Messages({ messages: r.id.map((im) => new Api.MessageEmpty({ id: im.id })), chats: [], users: [] });
        const { messages, users } = byIds(chat, r.id);
        return new Api.messages.Messages({ messages, chats: [world.chatObject(chat)], users });
    };

    const now = () => Math.floor(Date.now() / 1000);
    const servedChat = (r, conn) => {
        requireUser(conn);
        const chat = world.chatForInputPeer(r.peer);
        if (!chat) throw new RpcError(400, "PEER_ID_INVALID");
        if (r.id.length > 100) throw new RpcError(400, "LIMIT_INVALID");
        return chat;
    };

    // https://core.telegram.org/method/messages.getMessagesReactions: an updateMessageReactions per message served
    handlers["messages.GetMessagesReactions"] = (r, conn) => {
        const chat = servedChat(r, conn);
        const updates = [];
        for (const id of r.id) {
            const i = find(chat, id);
            if (i < 0 || chat.messages[i].service) continue;
            const m = chat.messages[i];
            updates.push(new Api.UpdateMessageReactions({ peer: world.peerOf(chat), msgId: id,
                reactions: new Api.MessageReactions({ results: (m.reactions || []).map(world.reactionObject) }) }));
        }
        return new Api.Updates({ updates, users: [], chats: [world.chatObject(chat)], date: now(), seq: 0 });
    };

    // https://core.telegram.org/method/messages.getMessagesViews: one messageViews per id asked, in that order
    handlers["messages.GetMessagesViews"] = (r, conn) => {
        const chat = servedChat(r, conn);
        const views = r.id.map((id) => {
            const i = find(chat, id);
            const m = i < 0 ? null : chat.messages[i];
            return m && m.views !== undefined ? new Api.MessageViews({ views: m.views, forwards: m.forwards })
                : new Api.MessageViews({});
        });
        return new Api.messages.MessageViews({ views, chats: [world.chatObject(chat)], users: [] });
    };

    // A supergroup of `count` messages, `perDay` a day, the newest just now.
    let liveChats = 0;
    commands.liveChat = (c) => {
        const n = liveChats++;
        const chat = { key: c.chat, kind: "channel", megagroup: true, id: 1500000100 + n, accessHash: 7000000000100 + n,
            title: "Live Chat", username: c.username || c.chat, members: [1001], messages: [], size: 0 };
        world.addChat(chat);
        world.append(chat.key, c.count);
        const spacing = 86400 / c.perDay;
        const t = now();
        chat.messages.forEach((m, i) => { m.date = Math.round(t - (chat.messages.length - i) * spacing); });
        return { first: chat.messages[0].id, last: chat.messages[chat.messages.length - 1].id };
    };

    // `count` new messages, `perDay` a day after the newest (a simulated hour passes at once).
    commands.grow = (c) => {
        const chat = byKey(c.chat);
        const before = chat.messages.length;
        world.append(chat.key, c.count);
        const spacing = 86400 / c.perDay;
        for (let i = before; i < chat.messages.length; i++) chat.messages[i].date = Math.round(chat.messages[i - 1].date + spacing);
        return { last: chat.messages[chat.messages.length - 1].id };
    };

    // Changes served messages: {op: "react", id, emoticon, count} (count 0 removes that emoji), {op: "unreact", id},
    // {op: "views", id, views, forwards}, {op: "edit", id, text}, {op: "delete", id}.
    commands.change = (c) => {
        const chat = byKey(c.chat);
        const h = historyOf(chat.key);
        for (const o of c.ops) {
            const i = find(chat, o.id);
            if (i < 0) throw new Error(`message ${o.id} is not served`);
            const m = chat.messages[i];
            if (m.service && o.op !== "delete") throw new Error(`message ${o.id} is a service message`);
            m.rev = (m.rev || 0) + 1;
            if (o.op === "react") {
                const rest = (m.reactions || []).filter((r) => !(r.type === "emoji" && r.emoticon === o.emoticon));
                m.reactions = o.count > 0 ? [...rest, { type: "emoji", emoticon: o.emoticon, count: o.count }] : rest;
            } else if (o.op === "unreact") {
                m.reactions = null;
            } else if (o.op === "views") {
                m.views = o.views;
                m.forwards = o.forwards;
            } else if (o.op === "edit") {
                h.edits.push({ id: m.id, old: m.text });
                m.text = o.text;
                m.editDate = now();
            } else if (o.op === "delete") {
                h.deleted.set(m.id, m);
                chat.messages.splice(i, 1);
            } else {
                throw new Error("unknown change " + o.op);
            }
        }
        return {};
    };

    // What the archive must hold: a row per message ever served (deleted ones as they were last served), and the
    // deletions and edits made by `change`. For the supergroup a basic group became: the archive of both (the basic
    // group's rows as served now), the supergroup's ids moved by the group's last id as standin-migrate.js does.
    commands.refreshExpected = (c) => {
        const chat = byKey(c.chat);
        const h = historyOf(chat.key);
        const all = [...chat.messages, ...h.deleted.values()].sort((a, b) => a.id - b.id);
        const basic = chat.migratedFrom;
        const offset = basic ? basic.migratedTo.maxId : 0;
        const rows = basic ? combinedRows(world, basic, all) : all.map((m) => world.expectedRow(chat, m, null));
        fs.writeFileSync(c.file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
        return { deleted: [...h.deleted.keys()].sort((a, b) => a - b).map((id) => id + offset),
            edits: h.edits.map((e) => ({ id: e.id + offset, old: e.old })) };
    };

    return {
        /** Whether the client's hash matches the page that would be served: then messages.messagesNotModified. */
        unchanged(hash, page) {
            return hash !== undefined && !big(hash).isZero() && BigInt(hash.toString()) === historyHash(page);
        },
    };
}

module.exports = { install, foldHash, historyHash };
