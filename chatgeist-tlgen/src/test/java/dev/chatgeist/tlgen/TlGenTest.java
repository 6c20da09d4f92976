package dev.chatgeist.tlgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java names, flags, types and the files the generator writes, on a small schema in api.tl's form. */
class TlGenTest {
    static final String SCHEMA = """
            // LAYER 7
            // @section mtproto
            rpc_error#2144ca19 error_code:int error_message:string = RpcError;
            future_salt#0949d9dc valid_since:int valid_until:int salt:long = FutureSalt;
            future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt> = FutureSalts;
            ---functions---
            req_pq_multi#be7e8ef1 nonce:int128 = ResPQ;
            // @section api
            ---types---
            peerUser#59511722 user_id:long = Peer;
            peerChannel#a2a5371e channel_id:long = Peer;
            message#96fdbbe9 flags:# out:flags.1?true id:int peer_id:Peer views:flags.10?int forwards:flags.10?int \
            message:string long:flags.3?long = Message;
            messageEmpty#90a6ca84 flags:# id:int peer_id:flags.0?Peer = Message;
            messages.messages#8c718e87 messages:Vector<Message> = messages.Messages;
            tlsBlockRandom length:int = TlsBlock;
            ---functions---
            invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;
            messages.getHistory#4423e6c5 peer:Peer limit:int = messages.Messages;
            users.getUsers#0d91a548 id:Vector<long> = Vector<Peer>;
            """;

    @Test
    void namesFollowJavaConventionsAndAvoidKeywordsAndTakenMethods() {
        assertThat(TlGen.className("messages.getHistory")).isEqualTo("MessagesGetHistory");
        assertThat(TlGen.className("server_DH_params_ok")).isEqualTo("ServerDHParamsOk");
        assertThat(TlGen.className("p_q_inner_data_dc")).isEqualTo("PQInnerDataDc");
        assertThat(TlGen.typeName("messages.Messages")).isEqualTo("TypeMessagesMessages");
        assertThat(TlGen.fieldName("first_name")).isEqualTo("firstName");
        assertThat(TlGen.fieldName("srp_B")).isEqualTo("srpB");
        assertThat(TlGen.fieldName("M1")).isEqualTo("m1");
        assertThat(TlGen.fieldName("long")).isEqualTo("long_");
        assertThat(TlGen.fieldName("static")).isEqualTo("static_");
        assertThat(TlGen.fieldName("name")).isEqualTo("name_"); // TlObject.name() is the TL name
        assertThat(TlGen.capitalized("long_")).isEqualTo("Long");
    }

    @Test
    void theSchemaIsReadAsTheRuntimeReadsIt() {
        TlGen.Schema s = TlGen.parse(SCHEMA);
        assertThat(s.layer()).isEqualTo(7);
        assertThat(s.constructors())
                .extracting(TlGen.Combinator::name)
                .containsExactly(
                        "rpc_error",
                        "future_salt",
                        "future_salts",
                        "peerUser",
                        "peerChannel",
                        "message",
                        "messageEmpty",
                        "messages.messages");
        assertThat(s.functions())
                .extracting(TlGen.Combinator::name)
                .containsExactly("req_pq_multi", "invokeWithLayer", "messages.getHistory", "users.getUsers");
        TlGen.Combinator message = s.constructors().get(5);
        assertThat(message.params().get(1)).isEqualTo(new TlGen.Param("out", "true", "flags", 1));
        assertThat(message.mtproto()).isFalse();
        assertThat(s.constructors().get(0).mtproto()).isTrue();
    }

    @Test
    void flagsBecomeBooleansOrNullablesAndOfTakesTheRequiredFieldsOnly() {
        Map<String, String> files = TlGen.generate(TlGen.parse(SCHEMA));
        String message = files.get("Message");
        assertThat(message)
                .contains("public final class Message extends dev.chatgeist.telegram.tl.TlObject "
                        + "implements TypeMessage")
                .contains("public static final int ID = 0x96fdbbe9;")
                .contains("public static Message of(int id, TypePeer peerId, java.lang.String message) {")
                .contains("new java.lang.Object[] {null, null, id, peerId, null, null, message, null}")
                .contains("public boolean out() {\n        return java.lang.Boolean.TRUE.equals(tlValue(1));")
                .contains("public Message withOut(boolean out) {")
                .contains("public java.lang.Integer views() {")
                .contains("public Message withViews(java.lang.Integer views) {")
                .contains("public java.lang.Long long_() {")
                .contains("public Message withLong(java.lang.Long long_) {")
                .doesNotContain("flags()");
        assertThat(files.get("TypeMessage"))
                .contains("public sealed interface TypeMessage extends dev.chatgeist.telegram.tl.TlData permits "
                        + "Message, MessageEmpty {")
                .contains("    int id();\n    TypePeer peerId();\n}") // shared, same Java type (nullable Peer both)
                .doesNotContain("views()");
        assertThat(files.get("MessagesMessages"))
                .contains("public java.util.List<TypeMessage> messages()")
                .contains("of(java.util.List<? extends TypeMessage> messages)");
    }

    @Test
    void mtprotoStringsAreBytesAndFunctionsAreTypedByTheirResult() {
        Map<String, String> files = TlGen.generate(TlGen.parse(SCHEMA));
        assertThat(files.get("RpcError")).contains("public byte[] errorMessage()");
        assertThat(files.get("FutureSalts")).contains("public java.util.List<FutureSalt> salts()");
        assertThat(files.get("ReqPqMulti"))
                .contains("public byte[] nonce()")
                .contains("extends dev.chatgeist.telegram.tl.TlFunction<dev.chatgeist.telegram.tl.TlObject>");
        assertThat(files.get("MessagesGetHistory"))
                .contains("extends dev.chatgeist.telegram.tl.TlFunction<TypeMessagesMessages>")
                .contains("tlFunction(ID)");
        assertThat(files.get("UsersGetUsers")).contains("TlFunction<java.util.List<TypePeer>>");
        assertThat(files.get("InvokeWithLayer"))
                .contains("TlFunction<java.lang.Object>")
                .contains("of(int layer, dev.chatgeist.telegram.tl.TlFunction<?> query)");
        assertThat(files).doesNotContainKey("TlsBlockRandom"); // no id: never sent in binary
        assertThat(files.get("TlApi"))
                .contains("LAYER = 7;")
                .contains("case 6: return new RpcError(c, v);")
                .contains("0x8c718e87, 0x90a6ca84, 0x96fdbbe9"); // signed order, for Arrays.binarySearch
    }

    @Test
    void namesThatWouldShareAClassFileAreAnErrorNamingBoth() {
        String clash = SCHEMA + "\n---types---\npeer_user#11111111 id:long = Peer;\n";
        assertThatThrownBy(() -> TlGen.generate(TlGen.parse(clash)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("peerUser")
                .hasMessageContaining("peer_user")
                .hasMessageContaining("PeerUser");
    }

    @Test
    void onlyChangedFilesAreRewrittenAndStaleOnesRemoved(@TempDir Path dir) throws Exception {
        assertThat(TlGen.write(dir, Map.of("A", "class A {}", "B", "class B {}")))
                .isEqualTo(2);
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(dir.resolve("A.java"), old);
        assertThat(TlGen.write(dir, Map.of("A", "class A {}", "C", "class C {}")))
                .isEqualTo(1);
        assertThat(Files.getLastModifiedTime(dir.resolve("A.java"))).isEqualTo(old);
        assertThat(dir.resolve("B.java")).doesNotExist();
        assertThat(dir.resolve("C.java")).hasContent("class C {}");
    }
}
