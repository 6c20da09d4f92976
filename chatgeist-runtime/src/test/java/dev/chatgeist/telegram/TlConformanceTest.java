package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatgeist.telegram.mtproto.Bytes;
import dev.chatgeist.telegram.tl.TlCombinator;
import dev.chatgeist.telegram.tl.TlException;
import dev.chatgeist.telegram.tl.TlObject;
import dev.chatgeist.telegram.tl.TlReader;
import dev.chatgeist.telegram.tl.TlSchema;
import dev.chatgeist.telegram.tl.TlType;
import dev.chatgeist.telegram.tl.TlWriter;
import dev.chatgeist.telegram.tl.api.AccountGetPassword;
import dev.chatgeist.telegram.tl.api.AuthCheckPassword;
import dev.chatgeist.telegram.tl.api.AuthExportAuthorization;
import dev.chatgeist.telegram.tl.api.AuthImportAuthorization;
import dev.chatgeist.telegram.tl.api.AuthLogOut;
import dev.chatgeist.telegram.tl.api.AuthSendCode;
import dev.chatgeist.telegram.tl.api.AuthSignIn;
import dev.chatgeist.telegram.tl.api.Channel;
import dev.chatgeist.telegram.tl.api.ChatPhotoEmpty;
import dev.chatgeist.telegram.tl.api.ClientDHInnerData;
import dev.chatgeist.telegram.tl.api.CodeSettings;
import dev.chatgeist.telegram.tl.api.ContactsResolveUsername;
import dev.chatgeist.telegram.tl.api.HelpGetConfig;
import dev.chatgeist.telegram.tl.api.InitConnection;
import dev.chatgeist.telegram.tl.api.InputCheckPasswordSRP;
import dev.chatgeist.telegram.tl.api.InputDocumentFileLocation;
import dev.chatgeist.telegram.tl.api.InputPeerChannel;
import dev.chatgeist.telegram.tl.api.InputPeerChat;
import dev.chatgeist.telegram.tl.api.InputPeerEmpty;
import dev.chatgeist.telegram.tl.api.InputPeerUser;
import dev.chatgeist.telegram.tl.api.InputPhotoFileLocation;
import dev.chatgeist.telegram.tl.api.InputUserSelf;
import dev.chatgeist.telegram.tl.api.InvokeWithLayer;
import dev.chatgeist.telegram.tl.api.Message;
import dev.chatgeist.telegram.tl.api.MessageActionChatAddUser;
import dev.chatgeist.telegram.tl.api.MessageActionChatEditTitle;
import dev.chatgeist.telegram.tl.api.MessageEmpty;
import dev.chatgeist.telegram.tl.api.MessageReactions;
import dev.chatgeist.telegram.tl.api.MessageReplyHeader;
import dev.chatgeist.telegram.tl.api.MessageService;
import dev.chatgeist.telegram.tl.api.MessagesChannelMessages;
import dev.chatgeist.telegram.tl.api.MessagesGetDialogs;
import dev.chatgeist.telegram.tl.api.MessagesGetHistory;
import dev.chatgeist.telegram.tl.api.MsgsAck;
import dev.chatgeist.telegram.tl.api.PQInnerDataDc;
import dev.chatgeist.telegram.tl.api.PeerChannel;
import dev.chatgeist.telegram.tl.api.PeerUser;
import dev.chatgeist.telegram.tl.api.Ping;
import dev.chatgeist.telegram.tl.api.ReactionCount;
import dev.chatgeist.telegram.tl.api.ReactionCustomEmoji;
import dev.chatgeist.telegram.tl.api.ReactionEmoji;
import dev.chatgeist.telegram.tl.api.ReactionPaid;
import dev.chatgeist.telegram.tl.api.ReqDHParams;
import dev.chatgeist.telegram.tl.api.ReqPqMulti;
import dev.chatgeist.telegram.tl.api.SetClientDHParams;
import dev.chatgeist.telegram.tl.api.TlApi;
import dev.chatgeist.telegram.tl.api.TypeInputPeer;
import dev.chatgeist.telegram.tl.api.TypeMessage;
import dev.chatgeist.telegram.tl.api.TypeReaction;
import dev.chatgeist.telegram.tl.api.TypeReactionCount;
import dev.chatgeist.telegram.tl.api.UploadGetFile;
import dev.chatgeist.telegram.tl.api.User;
import dev.chatgeist.telegram.tl.api.UsersGetUsers;
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
        InputPeerChannel channel = InputPeerChannel.of(1500000001L, -7000000000001L);
        r.add(InvokeWithLayer.of(
                198,
                InitConnection.of(
                        12345, "ChatGeist", "Linux 6.1", "chatgeist dev", "en", "", "en", HelpGetConfig.of())));
        r.add(HelpGetConfig.of());
        r.add(AuthSendCode.of("+15550001", 12345, "0123456789abcdef0123456789abcdef", CodeSettings.of()));
        r.add(AuthSignIn.of("+15550001", "3f2a9c").withPhoneCode("12345"));
        r.add(AccountGetPassword.of());
        r.add(AuthCheckPassword.of(InputCheckPasswordSRP.of(random.nextLong(), bytes(256), bytes(32))));
        r.add(AuthLogOut.of());
        r.add(AuthExportAuthorization.of(2));
        r.add(AuthImportAuthorization.of(random.nextLong(), bytes(300)));
        r.add(UsersGetUsers.of(List.of(InputUserSelf.of())));
        r.add(ContactsResolveUsername.of("bigchat"));
        r.add(MessagesGetDialogs.of(0, 0, InputPeerEmpty.of(), 100, 0L));
        r.add(MessagesGetDialogs.of(1700000000, 99, channel, 100, 0L));
        for (TypeInputPeer peer : List.of(channel, InputPeerChat.of(4242L), InputPeerUser.of(2001L, Long.MIN_VALUE))) {
            r.add(MessagesGetHistory.of(peer, 10_001, 0, -100, 100, 0, 10_000, 0L));
        }
        r.add(UploadGetFile.of(
                InputPhotoFileLocation.of(random.nextLong(), random.nextLong(), bytes(40), "y"), 0L, 512 * 1024));
        r.add(UploadGetFile.of(
                InputDocumentFileLocation.of(random.nextLong(), random.nextLong(), bytes(40), ""),
                3L * 1024 * 1024 * 1024,
                512 * 1024)); // past 2 GiB: offset is a long
        r.add(Ping.of(random.nextLong()));
        r.add(MsgsAck.of(List.of(random.nextLong(), random.nextLong())));
        r.add(ReqPqMulti.of(bytes(16)));
        r.add(PQInnerDataDc.of(bytes(8), bytes(4), bytes(4), bytes(16), bytes(16), bytes(32), 2));
        r.add(ReqDHParams.of(bytes(16), bytes(16), bytes(4), bytes(4), 0xd09d1d85de64fd85L, bytes(256)));
        r.add(ClientDHInnerData.of(bytes(16), bytes(16), 0L, bytes(256)));
        r.add(SetClientDHParams.of(bytes(16), bytes(16), bytes(336)));
        return r;
    }

    @Test
    void everyRequestWeSendSerializesToGramJsBytes() throws Exception {
        List<TlObject> requests = requests();
        List<byte[]> theirs = gramjs().serialize(requests);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(Bytes.hex(TlWriter.serialize(requests.get(i))))
                    .as(requests.get(i).name())
                    .isEqualTo(Bytes.hex(theirs.get(i)));
        }
    }

    /** Messages with every combination of the fields we map, service messages, and their containers. */
    List<TypeMessage> messages() {
        List<TypeMessage> out = new ArrayList<>();
        PeerChannel peer = PeerChannel.of(1500000001L);
        List<TypeReaction> reactionKinds =
                List.of(ReactionEmoji.of("❤️"), ReactionCustomEmoji.of(5368324170671202286L), ReactionPaid.of());
        for (int mask = 0; mask < 128; mask++) {
            List<ReactionCount> results = new ArrayList<>();
            for (TypeReaction k : reactionKinds) {
                results.add(ReactionCount.of(k, 1 + random.nextInt(1000)));
            }
            out.add(Message.of(
                            1 + mask,
                            peer,
                            1_700_000_000 + mask,
                            (mask & 16) != 0 ? "Привіт 👋 " + "x".repeat(mask * 3) : "")
                    .withOut((mask & 1) != 0)
                    .withPost((mask & 2) != 0)
                    .withFromId((mask & 4) != 0 ? PeerUser.of(2000L + mask) : null)
                    .withReplyTo((mask & 8) != 0 ? MessageReplyHeader.of().withReplyToMsgId(mask) : null)
                    .withViews((mask & 32) != 0 ? 100 + mask : null)
                    .withForwards((mask & 32) != 0 ? mask : null)
                    .withPostAuthor((mask & 64) != 0 ? "Editor Ed" : null)
                    .withReactions((mask & 8) != 0 ? MessageReactions.of(results) : null));
        }
        for (int mask = 0; mask < 8; mask++) {
            out.add(MessageService.of(
                            500 + mask,
                            peer,
                            1_700_000_500,
                            (mask & 4) != 0
                                    ? MessageActionChatAddUser.of(List.of(2001L, 2002L))
                                    : MessageActionChatEditTitle.of("New title"))
                    .withFromId((mask & 1) != 0 ? PeerChannel.of(1500000001L) : null)
                    .withReplyTo((mask & 2) != 0 ? MessageReplyHeader.of().withReplyToMsgId(7) : null)
                    .withReactions((mask & 4) != 0 ? MessageReactions.of(List.of()) : null));
        }
        out.add(MessageEmpty.of(999));
        return out;
    }

    @Test
    void messagesWithEveryMappedFlagCombinationRoundTripThroughGramJs() throws Exception {
        List<TypeMessage> messages = messages();
        MessagesChannelMessages page = MessagesChannelMessages.of(
                1,
                messages.size(),
                messages,
                List.of(),
                List.of(Channel.of(1500000001L, "Big Chat", ChatPhotoEmpty.of(), 1600000000)
                        .withAccessHash(5L)
                        .withUsername("bigchat")
                        .withMegagroup(true)),
                List.of(User.of(2001L)
                        .withAccessHash(9L)
                        .withFirstName("Émile")
                        .withLastName("Z")
                        .withUsername("emile")
                        .withDeleted(true)));
        List<TlObject> all = new ArrayList<>();
        messages.forEach(m -> all.add((TlObject) m));
        all.add(page);
        List<byte[]> theirs = gramjs().serialize(all);
        for (int i = 0; i < all.size(); i++) {
            TlObject mine = all.get(i);
            assertThat(Bytes.hex(TlWriter.serialize(mine)))
                    .as(mine.name() + " #" + i)
                    .isEqualTo(Bytes.hex(theirs.get(i)));
            TlObject read = new TlReader(S, theirs.get(i)).readObject();
            assertThat(read).as("read back " + mine.name() + " #" + i).isEqualTo(mine);
        }
        MessagesChannelMessages read =
                (MessagesChannelMessages) new TlReader(S, theirs.get(all.size() - 1)).readObject();
        assertThat(read.messages()).hasSize(messages.size());
        assertThat(((User) read.users().get(0)).deleted()).isTrue();
        assertThat(((Message) read.messages().get(127)).postAuthor()).isEqualTo("Editor Ed");
    }

    @Test
    void theGeneratedAccessorsReadWhatGramJsEncoded() throws Exception {
        List<TypeMessage> messages = messages();
        List<TlObject> mine = new ArrayList<>();
        messages.forEach(m -> mine.add((TlObject) m));
        List<byte[]> theirs = gramjs().serialize(mine);
        for (int mask = 0; mask < 128; mask++) {
            Message m = (Message) new TlReader(S, theirs.get(mask)).readObject();
            assertThat(m.id()).isEqualTo(1 + mask);
            assertThat(m.out()).isEqualTo((mask & 1) != 0);
            assertThat(m.post()).isEqualTo((mask & 2) != 0);
            assertThat(m.silent()).isFalse();
            assertThat(m.fromId() instanceof PeerUser u ? u.userId() : null)
                    .isEqualTo((mask & 4) != 0 ? 2000L + mask : null);
            assertThat(((PeerChannel) m.peerId()).channelId()).isEqualTo(1500000001L);
            assertThat(m.replyTo() instanceof MessageReplyHeader h ? h.replyToMsgId() : null)
                    .isEqualTo((mask & 8) != 0 ? mask : null);
            assertThat(m.date()).isEqualTo(1_700_000_000 + mask);
            assertThat(m.message()).isEqualTo((mask & 16) != 0 ? "Привіт 👋 " + "x".repeat(mask * 3) : "");
            assertThat(m.views()).isEqualTo((mask & 32) != 0 ? 100 + mask : null);
            assertThat(m.forwards()).isEqualTo((mask & 32) != 0 ? mask : null);
            assertThat(m.postAuthor()).isEqualTo((mask & 64) != 0 ? "Editor Ed" : null);
            assertThat(m.media()).isNull();
            if ((mask & 8) != 0) {
                List<TypeReactionCount> results = m.reactions().results();
                assertThat(((ReactionEmoji) results.get(0).reaction()).emoticon())
                        .isEqualTo("❤️");
                assertThat(((ReactionCustomEmoji) results.get(1).reaction()).documentId())
                        .isEqualTo(5368324170671202286L);
                assertThat(results.get(2).reaction()).isInstanceOf(ReactionPaid.class);
                assertThat(results)
                        .extracting(TypeReactionCount::count)
                        .allSatisfy(c -> assertThat(c).isBetween(1, 1000));
            } else {
                assertThat(m.reactions()).isNull();
            }
        }
        MessageService service = (MessageService) new TlReader(S, theirs.get(128 + 4)).readObject();
        assertThat(((MessageActionChatAddUser) service.action()).users()).containsExactly(2001L, 2002L);
        assertThat(((MessageEmpty) new TlReader(S, theirs.get(136)).readObject()).id())
                .isEqualTo(999);
    }

    @Test
    void everyConstructorOfTheSchemaDecodesToItsGeneratedClass() throws Exception {
        for (TlCombinator c : S.constructors()) {
            Object[] values = new Object[c.params().size()];
            TlObject o = TlApi.create(TlApi.slot(c.id()), c, values);
            assertThat(o.getClass().getField("ID").getInt(null)).as(c.name()).isEqualTo(c.id());
            assertThat(o.name()).isEqualTo(c.name());
        }
        assertThat(TlApi.LAYER).isEqualTo(S.layer());
    }

    @Test
    void gzipPackedObjectsAreUnpackedAndUnknownConstructorsAreReportedWithTheirId() throws Exception {
        TlObject msg = (TlObject) messages().get(127);
        byte[] plain = gramjs().serialize(List.of(msg)).get(0);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(plain);
        }
        byte[] packed = new TlWriter()
                .writeInt(TlSchema.GZIP_PACKED_ID)
                .writeBytes(gz.toByteArray())
                .toByteArray();
        assertThat(new TlReader(S, packed).readObject()).isEqualTo(msg);

        byte[] unknown = new TlWriter().writeInt(0x12345678).writeInt(1).toByteArray();
        assertThatThrownBy(() -> new TlReader(S, unknown).read(TlType.parse("Message", false)))
                .isInstanceOf(TlException.class)
                .hasMessageContaining("0x12345678")
                .hasMessageContaining("Message");
        assertThatThrownBy(() -> new TlReader(S, Bytes.slice(plain, 0, 20)).readObject())
                .isInstanceOf(TlException.class)
                .hasMessageContaining("truncated");
    }
}
