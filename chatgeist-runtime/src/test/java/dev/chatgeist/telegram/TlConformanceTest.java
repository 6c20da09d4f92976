package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.telegram.mtproto.Bytes;
import dev.chatgeist.telegram.tl.TlException;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlReader;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.TlType;
import dev.chatgeist.telegram.tl.TlWriter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Our TL serializer and deserializer against GramJS 2.26.22 (layer 198) for the same values. */
class TlConformanceTest {
    static final TlSchema S = TlSchema.load();
    @RegisterExtension
    static final GramJsOracleExtension GRAMJS = new GramJsOracleExtension();
    final Random random = new Random(42);

    static GramJsOracle gramjs() {
        return GRAMJS.oracle();
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void theSchemaIsLayer198AndHoldsEveryConstructorGramJsKnows() throws Exception {
        JsonNode r = gramjs().ask(gramjs().op("constructorIds"));
        assertThat(S.layer()).isEqualTo(198).isEqualTo(r.path("layer").asInt());
        List<String> missing = new ArrayList<>();
        for (JsonNode pair : r.path("ids")) {
            String name = pair.get(1).asText();
            // TLS camouflage types have no explicit id in the schema text and are never sent in binary
            if (!S.knows((int) pair.get(0).asLong()) && !name.startsWith("Tls")) {
                missing.add(name);
            }
        }
        assertThat(missing).as("GramJS classes without a combinator in api.tl").isEmpty();
        assertThat(S.constructorCount()).isGreaterThan(1400);
        assertThat(S.functionCount()).isGreaterThan(600);
    }

    /** Every request the client sends, as the client builds it (TelegramClient, LoginFlow, PeerResolver, ...). */
    List<TlObject> requests() {
        List<TlObject> r = new ArrayList<>();
        TlObject channel = S.make("inputPeerChannel", "channel_id", 1500000001L, "access_hash", -7000000000001L);
        r.add(S.make("invokeWithLayer", "layer", 198, "query", S.make("initConnection", "api_id", 12345,
                "device_model", "ChatGeist", "system_version", "Linux 6.1", "app_version", "chatgeist dev",
                "system_lang_code", "en", "lang_pack", "", "lang_code", "en", "query", S.make("help.getConfig"))));
        r.add(S.make("help.getConfig"));
        r.add(S.make("auth.sendCode", "phone_number", "+15550001", "api_id", 12345,
                "api_hash", "0123456789abcdef0123456789abcdef", "settings", S.make("codeSettings")));
        r.add(S.make("auth.signIn", "phone_number", "+15550001", "phone_code_hash", "3f2a9c", "phone_code", "12345"));
        r.add(S.make("account.getPassword"));
        r.add(S.make("auth.checkPassword", "password", S.make("inputCheckPasswordSRP", "srp_id", random.nextLong(),
                "A", bytes(256), "M1", bytes(32))));
        r.add(S.make("auth.logOut"));
        r.add(S.make("auth.exportAuthorization", "dc_id", 2));
        r.add(S.make("auth.importAuthorization", "id", random.nextLong(), "bytes", bytes(300)));
        r.add(S.make("users.getUsers", "id", List.of(S.make("inputUserSelf"))));
        r.add(S.make("contacts.resolveUsername", "username", "bigchat"));
        r.add(S.make("messages.getDialogs", "offset_date", 0, "offset_id", 0, "offset_peer", S.make("inputPeerEmpty"),
                "limit", 100, "hash", 0L));
        r.add(S.make("messages.getDialogs", "offset_date", 1700000000, "offset_id", 99, "offset_peer", channel,
                "limit", 100, "hash", 0L));
        for (TlObject peer : List.of(channel, S.make("inputPeerChat", "chat_id", 4242L),
                S.make("inputPeerUser", "user_id", 2001L, "access_hash", Long.MIN_VALUE))) {
            r.add(S.make("messages.getHistory", "peer", peer, "offset_id", 10_001, "offset_date", 0, "add_offset", -100,
                    "limit", 100, "max_id", 0, "min_id", 10_000, "hash", 0L));
        }
        r.add(S.make("upload.getFile", "location", S.make("inputPhotoFileLocation", "id", random.nextLong(),
                "access_hash", random.nextLong(), "file_reference", bytes(40), "thumb_size", "y"),
                "offset", 0L, "limit", 512 * 1024));
        r.add(S.make("upload.getFile", "location", S.make("inputDocumentFileLocation", "id", random.nextLong(),
                "access_hash", random.nextLong(), "file_reference", bytes(40), "thumb_size", ""),
                "offset", 3L * 1024 * 1024 * 1024, "limit", 512 * 1024)); // past 2 GiB: offset is a long
        r.add(S.make("ping", "ping_id", random.nextLong()));
        r.add(S.make("msgs_ack", "msg_ids", List.of(random.nextLong(), random.nextLong())));
        r.add(S.make("req_pq_multi", "nonce", bytes(16)));
        r.add(S.make("p_q_inner_data_dc", "pq", bytes(8), "p", bytes(4), "q", bytes(4), "nonce", bytes(16),
                "server_nonce", bytes(16), "new_nonce", bytes(32), "dc", 2));
        r.add(S.make("req_DH_params", "nonce", bytes(16), "server_nonce", bytes(16), "p", bytes(4), "q", bytes(4),
                "public_key_fingerprint", 0xd09d1d85de64fd85L, "encrypted_data", bytes(256)));
        r.add(S.make("client_DH_inner_data", "nonce", bytes(16), "server_nonce", bytes(16), "retry_id", 0L,
                "g_b", bytes(256)));
        r.add(S.make("set_client_DH_params", "nonce", bytes(16), "server_nonce", bytes(16), "encrypted_data", bytes(336)));
        return r;
    }

    @Test
    void everyRequestWeSendSerializesToGramJsBytes() throws Exception {
        List<TlObject> requests = requests();
        List<byte[]> theirs = gramjs().serialize(requests);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(Bytes.hex(TlWriter.serialize(requests.get(i)))).as(requests.get(i).name())
                    .isEqualTo(Bytes.hex(theirs.get(i)));
        }
    }

    /** Messages with every combination of the fields we map, service messages, and their containers. */
    List<TlObject> messages() {
        List<TlObject> out = new ArrayList<>();
        TlObject peer = S.make("peerChannel", "channel_id", 1500000001L);
        List<TlObject> reactionKinds = List.of(S.make("reactionEmoji", "emoticon", "❤️"),
                S.make("reactionCustomEmoji", "document_id", 5368324170671202286L), S.make("reactionPaid"));
        for (int mask = 0; mask < 128; mask++) {
            List<Object> results = new ArrayList<>();
            for (TlObject k : reactionKinds) {
                results.add(S.make("reactionCount", "reaction", k, "count", 1 + random.nextInt(1000)));
            }
            out.add(S.make("message",
                    "id", 1 + mask,
                    "out", (mask & 1) != 0 ? Boolean.TRUE : null,
                    "post", (mask & 2) != 0 ? Boolean.TRUE : null,
                    "from_id", (mask & 4) != 0 ? S.make("peerUser", "user_id", 2000L + mask) : null,
                    "peer_id", peer,
                    "reply_to", (mask & 8) != 0 ? S.make("messageReplyHeader", "reply_to_msg_id", mask) : null,
                    "date", 1_700_000_000 + mask,
                    "message", (mask & 16) != 0 ? "Привіт 👋 " + "x".repeat(mask * 3) : "",
                    "views", (mask & 32) != 0 ? 100 + mask : null,
                    "forwards", (mask & 32) != 0 ? mask : null,
                    "post_author", (mask & 64) != 0 ? "Editor Ed" : null,
                    "reactions", (mask & 8) != 0 ? S.make("messageReactions", "results", results) : null));
        }
        for (int mask = 0; mask < 8; mask++) {
            out.add(S.make("messageService", "id", 500 + mask, "peer_id", peer,
                    "from_id", (mask & 1) != 0 ? S.make("peerChannel", "channel_id", 1500000001L) : null,
                    "reply_to", (mask & 2) != 0 ? S.make("messageReplyHeader", "reply_to_msg_id", 7) : null,
                    "date", 1_700_000_500,
                    "action", (mask & 4) != 0 ? S.make("messageActionChatAddUser", "users", List.of(2001L, 2002L))
                            : S.make("messageActionChatEditTitle", "title", "New title"),
                    "reactions", (mask & 4) != 0 ? S.make("messageReactions", "results", List.of()) : null));
        }
        out.add(S.make("messageEmpty", "id", 999));
        return out;
    }

    @Test
    void messagesWithEveryMappedFlagCombinationRoundTripThroughGramJs() throws Exception {
        List<TlObject> messages = messages();
        TlObject page = S.make("messages.channelMessages", "pts", 1, "count", messages.size(), "messages",
                new ArrayList<Object>(messages), "topics", List.of(),
                "chats", List.of(S.make("channel", "id", 1500000001L, "access_hash", 5L, "title", "Big Chat",
                        "username", "bigchat", "photo", S.make("chatPhotoEmpty"), "date", 1600000000, "megagroup", true)),
                "users", List.of(S.make("user", "id", 2001L, "access_hash", 9L, "first_name", "Émile", "last_name", "Z",
                        "username", "emile", "deleted", true)));
        List<TlObject> all = new ArrayList<>(messages);
        all.add(page);
        List<byte[]> theirs = gramjs().serialize(all);
        for (int i = 0; i < all.size(); i++) {
            TlObject mine = all.get(i);
            assertThat(Bytes.hex(TlWriter.serialize(mine))).as(mine.name() + " #" + i).isEqualTo(Bytes.hex(theirs.get(i)));
            TlObject read = new TlReader(S, theirs.get(i)).readObject();
            assertThat(read).as("read back " + mine.name() + " #" + i).isEqualTo(mine);
        }
        TlObject read = new TlReader(S, theirs.get(all.size() - 1)).readObject();
        assertThat(read.getList("messages")).hasSize(messages.size());
        assertThat(((TlObject) read.getList("users").get(0)).flag("deleted")).isTrue();
    }

    @Test
    void gzipPackedObjectsAreUnpackedAndUnknownConstructorsAreReportedWithTheirId() throws Exception {
        TlObject msg = messages().get(127);
        byte[] plain = gramjs().serialize(List.of(msg)).get(0);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(plain);
        }
        byte[] packed = new TlWriter().writeInt(TlSchema.GZIP_PACKED_ID).writeBytes(gz.toByteArray()).toByteArray();
        assertThat(new TlReader(S, packed).readObject()).isEqualTo(msg);

        byte[] unknown = new TlWriter().writeInt(0x12345678).writeInt(1).toByteArray();
        assertThatThrownBy(() -> new TlReader(S, unknown).read(TlType.parse("Message", false)))
                .isInstanceOf(TlException.class).hasMessageContaining("0x12345678").hasMessageContaining("Message");
        assertThatThrownBy(() -> new TlReader(S, Bytes.slice(plain, 0, 20)).readObject())
                .isInstanceOf(TlException.class).hasMessageContaining("truncated");
    }
}
