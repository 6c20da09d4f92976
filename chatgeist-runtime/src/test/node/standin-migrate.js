// Basic groups that become supergroups, as Telegram migrates them (https://core.telegram.org/api/channel#migration,
// messages.migrateChat): the basic group gets messageActionChatMigrateTo as its last message and becomes
// deactivated with migrated_to; the new supergroup (a megagroup channel) starts again at id 1 with
// messageActionChannelMigrateFrom(title, chat_id); messages.getHistory on the old group still serves its messages;
// channels.getFullChannel names the group it came from (migrated_from_chat_id, migrated_from_max_id); the old group
// leaves the dialogs list and the supergroup joins it. Also the rows an archive holding both must have, computed
// here from the script (not from TL objects or the Java code): the supergroup's ids, and replies to them, moved by
// the basic group's last id; permalinks from the real ids.
//
// Commands: newGroup {key, size} -> {id}; migrate {chat, then} -> {channelId, maxId}; migrateAt {chat, afterPages,
// then} (the migration happens just before the group's next history page after `afterPages` more pages);
// expectedMigrated {chat, file} (while not migrated: the basic group's rows).
"use strict";
const fs = require("fs");
const bigInt = require("big-integer");
const { Api } = require("telegram");

const big = (v) => bigInt(String(v));

function install({ world, handlers, commands, RpcError, requireUser }) {
    const byKey = (key) => {
        const chat = world.chats.find((c) => c.key === key);
        if (!chat) throw new Error("no chat " + key);
        return chat;
    };
    let made = 0;
    const triggers = []; // { chat, afterPages, then }

    function migrate(chat, then) {
        if (chat.kind !== "chat" || chat.migratedTo) throw new Error(chat.key + " is not a basic group that can migrate");
        const last = chat.messages[chat.messages.length - 1];
        const n = 100 + made++;
        const channel = { key: chat.key + "_sg", kind: "channel", megagroup: true, id: 1500000000 + n,
            accessHash: 7000000000000 + n, title: chat.title, username: null, members: chat.members.slice(), messages: [],
            size: 0, migratedFrom: chat };
        const date = (last ? last.date : 1614556800) + 60;
        const creator = { type: "user", id: chat.members[0] };
        chat.messages.push({ id: (last ? last.id : 0) + 1, date, from: creator,
            service: { action: "migrateTo", channelId: channel.id } });
        channel.messages.push({ id: 1, date, from: creator, service: { action: "migrateFrom", title: chat.title, chatId: chat.id } });
        chat.migratedTo = { id: channel.id, accessHash: channel.accessHash, maxId: chat.messages[chat.messages.length - 1].id };
        world.rebuildChat(chat.key);
        world.addChat(channel);
        for (let i = 0; i < then; i++) world.nextMessage(channel);
        return { channelId: channel.id, maxId: chat.migratedTo.maxId, key: channel.key };
    }

    const history = handlers["messages.GetHistory"];
    handlers["messages.GetHistory"] = (r, conn) => {
        const chat = world.chatForInputPeer(r.peer);
        for (const t of triggers) {
            if (t.done || chat !== t.chat) continue;
            if (t.afterPages > 0) { t.afterPages--; continue; }
            t.done = true;
            migrate(t.chat, t.then);
        }
        return history(r, conn);
    };

    // https://core.telegram.org/method/messages.getChats: basic groups by id; one the account is not in is chatForbidden
    handlers["messages.GetChats"] = (r, conn) => {
        const me = requireUser(conn);
        const chats = r.id.map((id) => {
            const chat = world.chats.find((c) => c.kind === "chat" && big(c.id).equals(id));
            if (!chat) return new Api.ChatEmpty({ id });
            return chat.members.includes(me.id) ? world.chatObject(chat) : new Api.ChatForbidden({ id, title: chat.title });
        });
        return new Api.messages.Chats({ chats });
    };

    handlers["channels.GetFullChannel"] = (r, conn) => {
        requireUser(conn);
        const c = r.channel;
        const chat = c instanceof Api.InputChannel
            ? world.chats.find((x) => x.kind === "channel" && big(x.id).equals(c.channelId)) : null;
        if (!chat || !big(chat.accessHash).equals(c.accessHash)) throw new RpcError(400, "CHANNEL_INVALID");
        const from = chat.migratedFrom;
        const top = chat.messages.length ? chat.messages[chat.messages.length - 1].id : 0;
        return new Api.messages.ChatFull({
            fullChat: new Api.ChannelFull({ id: big(chat.id), about: "", readInboxMaxId: top, readOutboxMaxId: top,
                unreadCount: 0, chatPhoto: new Api.PhotoEmpty({ id: big(0) }), notifySettings: new Api.PeerNotifySettings({}),
                botInfo: [], pts: 1, participantsCount: chat.members.length,
                migratedFromChatId: from ? big(from.id) : undefined, migratedFromMaxId: from ? from.migratedTo.maxId : undefined }),
            chats: [world.chatObject(chat)], users: [],
        });
    };

    Object.assign(commands, {
        newGroup: (c) => {
            const n = made++;
            const chat = { key: c.key, kind: "chat", id: 4300 + n, title: "Group " + c.key, members: [1001, 1002], messages: [], size: 0 };
            world.addChat(chat);
            for (let i = 0; i < c.size; i++) world.nextMessage(chat);
            return { id: chat.id, lastId: chat.messages[chat.messages.length - 1].id };
        },
        migrate: (c) => migrate(byKey(c.chat), c.then || 0),
        migrateAt: (c) => { triggers.push({ chat: byKey(c.chat), afterPages: c.afterPages || 0, then: c.then || 0 }); return {}; },
        expectedMigrated: (c) => {
            const basic = byKey(c.chat);
            const channel = basic.migratedTo ? byKey(basic.key + "_sg") : null;
            const rows = combinedRows(world, basic, channel ? channel.messages : []);
            fs.writeFileSync(c.file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
            return { file: c.file, rows: rows.length };
        },
    });
}

// The rows of an archive holding the basic group `basic` and, once it migrated, `supergroupMessages` of the
// supergroup it became (standin-refresh.js passes the deleted ones too).
function combinedRows(world, basic, supergroupMessages) {
    const rows = basic.messages.map((m) => world.expectedRow(basic, m, null));
    if (basic.migratedTo) {
        const channel = world.chats.find((x) => x.key === basic.key + "_sg");
        const offset = basic.migratedTo.maxId;
        for (const m of supergroupMessages) {
            const row = world.expectedRow(channel, m, null);
            row.id = m.id + offset;
            row.reply_to_msg_id = m.replyTo ? m.replyTo + offset : null;
            row.permalink = channel.username ? `https://t.me/${channel.username}/${m.id}` : `https://t.me/c/${channel.id}/${m.id}`;
            rows.push(row);
        }
    }
    return rows;
}

module.exports = { install, combinedRows };
