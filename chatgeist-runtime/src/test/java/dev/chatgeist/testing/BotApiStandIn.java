package dev.chatgeist.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Stands in for Telegram's Bot API server (api.telegram.org cannot be reached from here), speaking its HTTP/JSON
 * protocol as documented at core.telegram.org/bots/api for the methods ChatGeist uses: {@code getMe},
 * {@code deleteWebhook}, {@code setMyCommands}, {@code getUpdates} (long polling: {@code offset} confirms earlier
 * updates, {@code timeout} holds the request open until an update arrives), {@code sendMessage} (HTML parse mode
 * checked like Telegram, with its "can't parse entities" error), {@code editMessageText} (including "message is not
 * modified"), {@code answerCallbackQuery}, {@code sendDocument} (multipart upload), {@code sendPhoto} and
 * {@code sendMediaGroup} (see below) and {@code deleteMessage}.
 * Photos are modelled on the real server's rules: they arrive as multipart/form-data file parts ({@code sendPhoto}'s
 * {@code photo} part, or for {@code sendMediaGroup} a {@code media} JSON array of 2–10 {@code InputMediaPhoto}
 * objects whose {@code media} is {@code attach://<part name>}); a photo must be an image of at most 10 MB whose
 * width plus height is at most 10000 and whose sides differ by a ratio of at most 20; a caption may be at most 1024
 * characters after its entities are parsed ({@code parse_mode} HTML checked as for messages). The answer carries a
 * {@code photo} array of PhotoSize objects, and for an album one {@code media_group_id} shared by its messages
 * (the caption of an album is the first item's, as Telegram shows it). The real server also recompresses photos to
 * JPEG; the stand-in keeps the uploaded bytes so that tests can look at them.
 * Errors come back as {@code {"ok":false,"error_code":400,"description":"Bad Request: ..."}} like the real server.
 * Two more of the real server's answers can be switched on: flood control (HTTP 429 "Too Many Requests: retry after
 * N" with {@code parameters.retry_after}) and the 409 "Conflict: terminated by other getUpdates request" that a
 * second program polling with the same token causes.
 * The test plays the users: it sends messages, replies and button presses, and reads what the bot sent.
 */
public final class BotApiStandIn implements AutoCloseable {
    public static final long BOT_ID = 7_000_001L;
    public static final String BOT_USERNAME = "chatgeist_test_bot";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY Nagle's algorithm and delayed ACKs
        // add ~40 ms to every response, a delay of this stand-in that the real service does not have.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** A message in a chat, as the server keeps it. */
    public static final class Msg {
        public final long chatId;
        public final int messageId;
        public final boolean fromBot;
        public volatile String text;
        public volatile String parseMode;
        public volatile JsonNode replyMarkup;
        public final Integer replyTo;
        public final String fileName;
        public final byte[] file;
        public final String caption;
        public volatile boolean deleted;
        /** The uploaded picture of a photo message, else null. */
        public volatile byte[] photo;
        /** The album a photo belongs to ({@code sendMediaGroup}), else null. */
        public volatile String mediaGroupId;

        public final List<String> edits = new ArrayList<>();
        final ObjectNode json;

        Msg(
                long chatId,
                int messageId,
                boolean fromBot,
                String text,
                String parseMode,
                JsonNode replyMarkup,
                Integer replyTo,
                String fileName,
                byte[] file,
                String caption,
                ObjectNode json) {
            this.chatId = chatId;
            this.messageId = messageId;
            this.fromBot = fromBot;
            this.text = text;
            this.parseMode = parseMode;
            this.replyMarkup = replyMarkup;
            this.replyTo = replyTo;
            this.fileName = fileName;
            this.file = file;
            this.caption = caption;
            this.json = json;
        }

        /** Callback data of every inline button. */
        public List<String> buttons() {
            List<String> out = new ArrayList<>();
            if (replyMarkup != null) {
                for (JsonNode row : replyMarkup.path("inline_keyboard")) {
                    for (JsonNode b : row) {
                        out.add(b.path("text").asText() + "="
                                + b.path("callback_data").asText());
                    }
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return "#" + messageId + (fromBot ? " bot" : " user") + (deleted ? " (deleted)" : "") + ": "
                    + (fileName != null
                            ? "[file " + fileName + "] " + caption
                            : photo != null
                                    ? "[photo" + (mediaGroupId != null ? " in " + mediaGroupId : "") + "] " + caption
                                    : text);
        }
    }

    private final String token;
    private final int port;
    private HttpServer server;
    private ExecutorService executor;
    private final List<ObjectNode> updates = new ArrayList<>();
    private int nextUpdateId = 1;
    private final Map<Long, Integer> lastMessageId = new HashMap<>();
    private final Map<Long, Map<Integer, Msg>> chats = new HashMap<>();
    private final Map<String, ObjectNode> users = new HashMap<>();
    private final Set<String> openCallbacks = new HashSet<>();
    private final Map<String, String> callbackAnswers = new LinkedHashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private String rejectMarker;
    private final Map<String, Integer> floodLeft = new HashMap<>();
    private final Map<String, Integer> floodSeconds = new HashMap<>();
    private final List<Long> floodAnswerTimes = new ArrayList<>();
    private final Map<String, List<Long>> callTimes = new HashMap<>();
    private boolean otherPoller;
    private int nextCallbackId = 1;
    private int nextMediaGroup = 1;

    public BotApiStandIn(String token) throws IOException {
        this.token = token;
        this.server = bind(0);
        this.port = server.getAddress().getPort();
    }

    private HttpServer bind(int p) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 100);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "botapi-standin");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        return s;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Takes the server off the network: connections are refused until {@link #goOnline()}. */
    public synchronized void goOffline() {
        server.stop(0);
        executor.shutdownNow();
        notifyAll();
    }

    public synchronized void goOnline() throws IOException {
        server = bind(port);
    }

    /**
     * The next HTML message whose text contains {@code marker} is refused the way Telegram refuses markup it
     * cannot parse.
     */
    public synchronized void rejectFormattedContaining(String marker) {
        rejectMarker = marker;
    }

    /**
     * The next {@code times} calls of {@code method} are refused by flood control, as Telegram does when a bot sends
     * too fast: HTTP 429, {@code "Too Many Requests: retry after N"}, {@code parameters.retry_after = N}.
     */
    public synchronized void floodWait(String method, int times, int retryAfterSeconds) {
        String m = method.toLowerCase(java.util.Locale.ROOT);
        floodLeft.put(m, times);
        floodSeconds.put(m, retryAfterSeconds);
    }

    /** When (System.nanoTime) each flood-control refusal was answered. */
    public synchronized List<Long> floodAnswerTimes() {
        return List.copyOf(floodAnswerTimes);
    }

    /** When (System.nanoTime) each call of {@code method} arrived. */
    public synchronized List<Long> callTimes(String method) {
        return List.copyOf(callTimes.getOrDefault(method.toLowerCase(java.util.Locale.ROOT), List.of()));
    }

    /**
     * While on, another program polls with the same token: every {@code getUpdates} of ours is ended at once with
     * Telegram's 409 (on the real server the older of two concurrent long polls gets it).
     */
    public synchronized void otherProgramPolling(boolean on) {
        otherPoller = on;
    }

    public synchronized int calls(String method) {
        return calls.getOrDefault(method.toLowerCase(java.util.Locale.ROOT), 0);
    }

    // ---------------- the users' side ----------------

    private ObjectNode user(long id, String firstName) {
        ObjectNode u = JSON.createObjectNode();
        u.put("id", id)
                .put("is_bot", false)
                .put("first_name", firstName)
                .put("username", "user" + id)
                .put("language_code", "uk");
        users.put(Long.toString(id), u);
        return u;
    }

    /** A user writes to the bot in their private chat (chat id = user id); returns the message id. */
    public int userSends(long userId, String firstName, String text) {
        return userMessage(userId, firstName, text, null);
    }

    /** A user replies to message {@code replyTo} of their chat. */
    public int userReplies(long userId, String firstName, String text, int replyTo) {
        return userMessage(userId, firstName, text, replyTo);
    }

    private synchronized int userMessage(long userId, String firstName, String text, Integer replyTo) {
        ObjectNode from = user(userId, firstName);
        int id = nextMessageId(userId);
        ObjectNode m = JSON.createObjectNode();
        m.put("message_id", id);
        m.set("from", from);
        m.set("chat", privateChat(userId, firstName));
        m.put("date", now());
        m.put("text", text);
        if (text.startsWith("/")) {
            int end = 1;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            ArrayNode entities = m.putArray("entities");
            entities.addObject().put("offset", 0).put("length", end).put("type", "bot_command");
        }
        if (replyTo != null) {
            Msg target = chat(userId).get(replyTo);
            if (target != null) {
                m.set("reply_to_message", target.json.deepCopy());
            }
        }
        chat(userId).put(id, new Msg(userId, id, false, text, null, null, replyTo, null, null, null, m));
        ObjectNode u = JSON.createObjectNode();
        u.set("message", m);
        enqueue(u);
        return id;
    }

    /** A user presses the button with callback data {@code data} under message {@code messageId}. */
    public synchronized String userPresses(long userId, int messageId, String data) {
        Msg m = chat(userId).get(messageId);
        if (m == null || m.deleted) {
            throw new IllegalStateException("no message " + messageId + " in chat " + userId);
        }
        boolean found = m.buttons().stream().anyMatch(b -> b.endsWith("=" + data));
        if (!found) {
            throw new IllegalStateException("message " + messageId + " has no button " + data + ": " + m.buttons());
        }
        String id = "cb" + (nextCallbackId++);
        openCallbacks.add(id);
        ObjectNode cb = JSON.createObjectNode();
        cb.put("id", id);
        cb.set("from", users.getOrDefault(Long.toString(userId), user(userId, "User")));
        cb.set("message", m.json.deepCopy());
        cb.put("chat_instance", "ci" + userId);
        cb.put("data", data);
        ObjectNode u = JSON.createObjectNode();
        u.set("callback_query", cb);
        enqueue(u);
        return id;
    }

    private void enqueue(ObjectNode update) {
        update.put("update_id", nextUpdateId++);
        updates.add(update);
        notifyAll();
    }

    // ---------------- reading what the bot did ----------------

    public synchronized List<Msg> botMessages(long chatId) {
        return chat(chatId).values().stream().filter(m -> m.fromBot).toList();
    }

    public synchronized Map<String, String> callbackAnswers() {
        return new LinkedHashMap<>(callbackAnswers);
    }

    /** Waits until a bot message in {@code chatId} matches. */
    public Msg await(long chatId, Predicate<Msg> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (Msg m : chat(chatId).values()) {
                    if (m.fromBot && p.test(m)) {
                        return m;
                    }
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError(
                            "no bot message matched within " + timeout + " in chat " + chatId + "; the bot sent: "
                                    + chat(chatId).values().stream()
                                            .filter(x -> x.fromBot)
                                            .toList());
                }
                try {
                    wait(Math.min(left, 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    // ---------------- the HTTP side ----------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String prefix = "/bot" + token + "/";
            if (!path.startsWith(prefix)) {
                send(ex, 401, error(401, "Unauthorized"));
                return;
            }
            // the Bot API treats method names case-insensitively (TelegramBots sends "getme", "sendmessage"...)
            String method = path.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT);
            JsonNode params = params(ex);
            ObjectNode refused;
            synchronized (this) {
                calls.merge(method, 1, Integer::sum);
                callTimes.computeIfAbsent(method, k -> new ArrayList<>()).add(System.nanoTime());
                refused = refusal(method);
            }
            ObjectNode reply = refused != null
                    ? refused
                    : switch (method) {
                        case "getme" -> ok(botUser());
                        case "deletewebhook", "setmycommands" ->
                            ok(JSON.getNodeFactory().booleanNode(true));
                        case "getupdates" -> getUpdates(params);
                        case "sendmessage" -> sendMessage(params);
                        case "editmessagetext" -> editMessageText(params);
                        case "answercallbackquery" -> answerCallback(params);
                        case "senddocument" -> sendDocument(params);
                        case "sendphoto" -> sendPhoto(params);
                        case "sendmediagroup" -> sendMediaGroup(params);
                        case "deletemessage" -> deleteMessage(params);
                        default -> error(404, "Not Found");
                    };
            send(
                    ex,
                    reply.path("ok").asBoolean()
                            ? 200
                            : reply.path("error_code").asInt(),
                    reply);
        } catch (IOException e) {
            // the client hung up (e.g. a cancelled long poll)
        }
    }

    /** Flood control or the other poller's conflict, when switched on for this call; else null. */
    private ObjectNode refusal(String method) {
        if (method.equals("getupdates") && otherPoller) {
            return error(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot "
                            + "instance is running");
        }
        int left = floodLeft.getOrDefault(method, 0);
        if (left <= 0) {
            return null;
        }
        floodLeft.put(method, left - 1);
        int seconds = floodSeconds.get(method);
        floodAnswerTimes.add(System.nanoTime());
        ObjectNode e = error(429, "Too Many Requests: retry after " + seconds);
        e.putObject("parameters").put("retry_after", seconds);
        return e;
    }

    private JsonNode params(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
        if (type.startsWith("multipart/form-data")) {
            return Multipart.parse(body, type);
        }
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        return JSON.readTree(body);
    }

    private ObjectNode getUpdates(JsonNode p) {
        long offset = p.path("offset").asLong(0);
        int limit = p.path("limit").asInt(100);
        long timeout = p.path("timeout").asLong(0);
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        synchronized (this) {
            updates.removeIf(u -> u.path("update_id").asLong() < offset); // confirmed by the offset
            while (updates.isEmpty() && System.nanoTime() < deadline && !executor.isShutdown()) {
                try {
                    wait(Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            ArrayNode out = JSON.createArrayNode();
            for (Iterator<ObjectNode> it = updates.iterator(); it.hasNext() && out.size() < limit; ) {
                out.add(it.next().deepCopy());
            }
            return ok(out);
        }
    }

    private synchronized ObjectNode sendMessage(JsonNode p) {
        long chatId = p.path("chat_id").asLong();
        String text = p.path("text").asText("");
        String mode = parseMode(p);
        ObjectNode check = checkText(text, mode, true);
        if (check.has("error_code")) {
            return check;
        }
        String plain = check.path("text").asText();
        Integer replyTo = replyTo(p);
        if (replyTo != null
                && !chat(chatId).containsKey(replyTo)
                && !p.path("reply_parameters")
                        .path("allow_sending_without_reply")
                        .asBoolean(false)) {
            return error(400, "Bad Request: message to be replied not found");
        }
        ObjectNode markupError = checkMarkup(p.path("reply_markup"));
        if (markupError != null) {
            return markupError;
        }
        Msg m = botMessage(chatId, plain, mode, p.path("reply_markup"), replyTo, null, null, null);
        return ok(m.json);
    }

    private ObjectNode checkText(String text, String mode, boolean formatted) {
        String plain = text;
        if (mode != null && !mode.isEmpty()) {
            if (!mode.equals("HTML")) { // the Bot API reads parse_mode case-insensitively; we only need HTML
                return error(400, "Bad Request: unsupported parse_mode");
            }
            if (formatted && rejectMarker != null && text.contains(rejectMarker)) {
                rejectMarker = null;
                return error(
                        400,
                        "Bad Request: can't parse entities: Can't find end of the entity starting at "
                                + "byte offset 0");
            }
            try {
                plain = TelegramHtmlCheck.plainText(text);
            } catch (TelegramHtmlCheck.Rejected e) {
                return error(400, e.getMessage());
            }
        }
        if (plain.isBlank()) {
            return error(400, "Bad Request: message text is empty");
        }
        if (plain.length() > 4096) {
            return error(400, "Bad Request: message is too long");
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("text", plain);
        return n;
    }

    private static String parseMode(JsonNode p) {
        String m = p.path("parse_mode").asText(null);
        return m == null || m.isEmpty()
                ? null
                : m.toUpperCase(java.util.Locale.ROOT).replace("MARKDOWNV2", "MarkdownV2");
    }

    private static ObjectNode checkMarkup(JsonNode markup) {
        if (markup == null || markup.isMissingNode() || markup.isNull()) {
            return null;
        }
        for (JsonNode row : markup.path("inline_keyboard")) {
            for (JsonNode b : row) {
                String data = b.path("callback_data").asText("");
                if (b.path("text").asText("").isEmpty()) {
                    return error(
                            400,
                            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed "
                                    + "in the inline keyboard");
                }
                if (data.getBytes(StandardCharsets.UTF_8).length > 64 || data.isEmpty()) {
                    return error(400, "Bad Request: BUTTON_DATA_INVALID");
                }
            }
        }
        return null;
    }

    private static Integer replyTo(JsonNode p) {
        if (replyParameters(p).has("message_id")) {
            return replyParameters(p).path("message_id").asInt();
        }
        if (p.has("reply_to_message_id")) {
            return p.path("reply_to_message_id").asInt();
        }
        return null;
    }

    private Msg botMessage(
            long chatId,
            String text,
            String mode,
            JsonNode markup,
            Integer replyTo,
            String fileName,
            byte[] file,
            String caption) {
        int id = nextMessageId(chatId);
        ObjectNode m = JSON.createObjectNode();
        m.put("message_id", id);
        m.set("from", botUser());
        m.set("chat", privateChat(chatId, "User"));
        m.put("date", now());
        if (text != null) {
            m.put("text", text);
        }
        if (markup != null && !markup.isMissingNode() && !markup.isNull()) {
            m.set("reply_markup", markup);
        }
        if (replyTo != null && chat(chatId).containsKey(replyTo)) {
            m.set("reply_to_message", chat(chatId).get(replyTo).json.deepCopy());
        }
        if (fileName != null) {
            ObjectNode d = m.putObject("document");
            d.put("file_id", "file" + id)
                    .put("file_unique_id", "u" + id)
                    .put("file_name", fileName)
                    .put("mime_type", "application/pdf")
                    .put("file_size", file.length);
            if (caption != null) {
                m.put("caption", caption);
            }
        }
        Msg msg = new Msg(
                chatId,
                id,
                true,
                text,
                mode,
                markup == null || markup.isMissingNode() ? null : markup,
                replyTo,
                fileName,
                file,
                caption,
                m);
        chat(chatId).put(id, msg);
        notifyAll();
        return msg;
    }

    private synchronized ObjectNode editMessageText(JsonNode p) {
        long chatId = p.path("chat_id").asLong();
        Msg m = chat(chatId).get(p.path("message_id").asInt());
        if (m == null || m.deleted || !m.fromBot || m.text == null) {
            return error(400, "Bad Request: message to edit not found");
        }
        ObjectNode check = checkText(p.path("text").asText(""), parseMode(p), false);
        if (check.has("error_code")) {
            return check;
        }
        String plain = check.path("text").asText();
        JsonNode markup =
                p.path("reply_markup").isMissingNode() || p.path("reply_markup").isNull()
                        ? null
                        : p.path("reply_markup");
        ObjectNode markupError = checkMarkup(markup);
        if (markupError != null) {
            return markupError;
        }
        if (plain.equals(m.text) && java.util.Objects.equals(markup, m.replyMarkup)) {
            return error(
                    400,
                    "Bad Request: message is not modified: specified new message content and reply markup "
                            + "are exactly the same as a current content and reply markup of the message");
        }
        m.edits.add(plain);
        m.text = plain;
        m.replyMarkup = markup;
        m.json.put("text", plain);
        if (markup == null) {
            m.json.remove("reply_markup");
        } else {
            m.json.set("reply_markup", markup);
        }
        m.json.put("edit_date", now());
        notifyAll();
        return ok(m.json);
    }

    private synchronized ObjectNode answerCallback(JsonNode p) {
        String id = p.path("callback_query_id").asText();
        if (!openCallbacks.remove(id)) {
            return error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        }
        callbackAnswers.put(id, p.path("text").asText(""));
        notifyAll();
        return ok(JSON.getNodeFactory().booleanNode(true));
    }

    private synchronized ObjectNode sendDocument(JsonNode p) {
        long chatId = p.path("chat_id").asLong();
        JsonNode doc = p.path("document");
        if (doc.isTextual() && doc.asText().startsWith("attach://")) {
            doc = p.path(doc.asText().substring("attach://".length())); // the file is in the part of that name
        }
        if (!doc.has("filename")) {
            return error(400, "Bad Request: there is no document in the request");
        }
        byte[] bytes;
        try {
            bytes = doc.path("content").binaryValue();
        } catch (IOException e) {
            return error(400, "Bad Request: file is broken");
        }
        if (bytes.length == 0) {
            return error(400, "Bad Request: file must be non-empty");
        }
        ObjectNode checked = caption(p.path("caption").asText(null), parseMode(p));
        if (checked.has("error_code")) {
            return checked;
        }
        String caption = checked.path("caption").asText(null);
        Integer replyTo = null;
        if (p.has("reply_parameters")) {
            try {
                replyTo = JSON.readTree(p.path("reply_parameters").asText())
                        .path("message_id")
                        .asInt();
            } catch (IOException e) {
                return error(400, "Bad Request: can't parse reply parameters JSON object");
            }
        }
        Msg m = botMessage(
                chatId, null, null, null, replyTo, doc.path("filename").asText(), bytes, caption);
        return ok(m.json);
    }

    /** Telegram's limits for a photo: 10 MB, width + height at most 10000, sides in a ratio of at most 20. */
    static final int PHOTO_MAX_BYTES = 10 * 1024 * 1024;

    static final int CAPTION_LIMIT = 1024;

    private synchronized ObjectNode sendPhoto(JsonNode p) {
        long chatId = p.path("chat_id").asLong();
        JsonNode photo = p.path("photo");
        if (photo.isTextual() && photo.asText().startsWith("attach://")) {
            photo = p.path(photo.asText().substring("attach://".length()));
        }
        if (photo.isMissingNode()) {
            return error(400, "Bad Request: there is no photo in the request");
        }
        if (!photo.has("filename")) { // a file_id or URL: none of ours exist here
            return error(400, "Bad Request: wrong file identifier/HTTP URL specified");
        }
        ObjectNode sizes = photoSizes(photo);
        if (sizes.has("error_code")) {
            return sizes;
        }
        ObjectNode caption = caption(p.path("caption").asText(null), parseMode(p));
        if (caption.has("error_code")) {
            return caption;
        }
        ObjectNode replyError = replyAllowed(chatId, p);
        if (replyError != null) {
            return replyError;
        }
        Msg m = photoMessage(chatId, sizes, caption.path("caption").asText(null), parseMode(p), replyTo(p), null);
        return ok(m.json);
    }

    private synchronized ObjectNode sendMediaGroup(JsonNode p) {
        long chatId = p.path("chat_id").asLong();
        if (!p.has("media")) {
            return error(400, "Bad Request: parameter \"media\" is required");
        }
        JsonNode media;
        try {
            media = p.path("media").isTextual() ? JSON.readTree(p.path("media").asText()) : p.path("media");
        } catch (IOException e) {
            return error(400, "Bad Request: can't parse media JSON object");
        }
        if (!media.isArray()) {
            return error(400, "Bad Request: expected an Array of InputMedia");
        }
        if (media.size() < 2 || media.size() > 10) {
            return error(400, "Bad Request: wrong number of media in the group: it must include 2-10 items");
        }
        List<ObjectNode> sizes = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (JsonNode item : media) {
            if (!item.path("type").asText().equals("photo")) {
                return error(
                        400,
                        "Bad Request: unsupported media type \""
                                + item.path("type").asText() + "\"");
            }
            String ref = item.path("media").asText("");
            if (!ref.startsWith("attach://")) {
                return error(400, "Bad Request: wrong file identifier/HTTP URL specified");
            }
            JsonNode part = p.path(ref.substring("attach://".length()));
            if (!part.has("filename")) {
                return error(400, "Bad Request: can't parse InputMedia: media not found");
            }
            ObjectNode s = photoSizes(part);
            if (s.has("error_code")) {
                return s;
            }
            ObjectNode c = caption(item.path("caption").asText(null), parseMode(item));
            if (c.has("error_code")) {
                return c;
            }
            sizes.add(s);
            captions.add(c.path("caption").asText(null));
        }
        ObjectNode replyError = replyAllowed(chatId, p);
        if (replyError != null) {
            return replyError;
        }
        String group = "mg" + (nextMediaGroup++);
        ArrayNode out = JSON.createArrayNode();
        for (int i = 0; i < sizes.size(); i++) {
            out.add(photoMessage(chatId, sizes.get(i), captions.get(i), parseMode(media.get(i)), replyTo(p), group)
                    .json);
        }
        return ok(out);
    }

    /** The uploaded image checked against Telegram's photo limits: {bytes, width, height} or an error. */
    private static ObjectNode photoSizes(JsonNode part) {
        byte[] bytes;
        try {
            bytes = part.path("content").binaryValue();
        } catch (IOException e) {
            return error(400, "Bad Request: file is broken");
        }
        if (bytes == null || bytes.length == 0) {
            return error(400, "Bad Request: file must be non-empty");
        }
        if (bytes.length > PHOTO_MAX_BYTES) {
            return error(400, "Bad Request: PHOTO_INVALID_DIMENSIONS");
        }
        java.awt.image.BufferedImage img;
        try {
            img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            img = null;
        }
        if (img == null) {
            return error(400, "Bad Request: IMAGE_PROCESS_FAILED");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        if (w + h > 10_000 || Math.max(w, h) > 20L * Math.min(w, h)) {
            return error(400, "Bad Request: PHOTO_INVALID_DIMENSIONS");
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("bytes", bytes).put("width", w).put("height", h);
        return n;
    }

    /** A caption checked like Telegram: parse_mode read, then at most 1024 characters of visible text. */
    private ObjectNode caption(String caption, String mode) {
        ObjectNode n = JSON.createObjectNode();
        if (caption == null || caption.isEmpty()) {
            return n;
        }
        String plain = caption;
        if (mode != null) {
            if (!mode.equals("HTML")) {
                return error(400, "Bad Request: unsupported parse_mode");
            }
            if (rejectMarker != null && caption.contains(rejectMarker)) {
                rejectMarker = null;
                return error(
                        400,
                        "Bad Request: can't parse entities: Can't find end of the entity starting at "
                                + "byte offset 0");
            }
            try {
                plain = TelegramHtmlCheck.plainText(caption);
            } catch (TelegramHtmlCheck.Rejected e) {
                return error(400, e.getMessage());
            }
        }
        if (plain.length() > CAPTION_LIMIT) {
            return error(400, "Bad Request: message caption is too long");
        }
        n.put("caption", plain);
        return n;
    }

    /** reply_parameters: a JSON object in a JSON request, a JSON string in a multipart upload. */
    private static JsonNode replyParameters(JsonNode p) {
        JsonNode r = p.path("reply_parameters");
        if (r.isTextual()) {
            try {
                return JSON.readTree(r.asText());
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }
        return r;
    }

    private ObjectNode replyAllowed(long chatId, JsonNode p) {
        Integer replyTo = replyTo(p);
        if (replyTo != null
                && !chat(chatId).containsKey(replyTo)
                && !replyParameters(p).path("allow_sending_without_reply").asBoolean(false)) {
            return error(400, "Bad Request: message to be replied not found");
        }
        return null;
    }

    private Msg photoMessage(
            long chatId, ObjectNode sizes, String caption, String mode, Integer replyTo, String group) {
        Msg m = botMessage(chatId, null, null, null, replyTo, null, null, caption);
        m.photo = JSON.convertValue(sizes.get("bytes"), byte[].class);
        m.mediaGroupId = group;
        m.parseMode = mode;
        ArrayNode photo = m.json.putArray("photo");
        int w = sizes.path("width").asInt();
        int h = sizes.path("height").asInt();
        for (int side : new int[] {90, 320, 800, 1280}) { // the sizes Telegram makes, up to the original's
            double scale = Math.min(1.0, (double) side / Math.max(w, h));
            photo.addObject()
                    .put("file_id", "photo" + m.messageId + "_" + side)
                    .put("file_unique_id", "up" + m.messageId + "_" + side)
                    .put("width", (int) Math.round(w * scale))
                    .put("height", (int) Math.round(h * scale));
            if (scale == 1.0) {
                break;
            }
        }
        if (caption != null) {
            m.json.put("caption", caption);
        }
        if (group != null) {
            m.json.put("media_group_id", group);
        }
        notifyAll();
        return m;
    }

    private synchronized ObjectNode deleteMessage(JsonNode p) {
        Msg m = chat(p.path("chat_id").asLong()).get(p.path("message_id").asInt());
        if (m == null || m.deleted) {
            return error(400, "Bad Request: message to delete not found");
        }
        m.deleted = true;
        notifyAll();
        return ok(JSON.getNodeFactory().booleanNode(true));
    }

    // ---------------- helpers ----------------

    private Map<Integer, Msg> chat(long chatId) {
        return chats.computeIfAbsent(chatId, k -> new LinkedHashMap<>());
    }

    private int nextMessageId(long chatId) {
        int id = lastMessageId.merge(chatId, 1, Integer::sum);
        return id;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static ObjectNode botUser() {
        ObjectNode u = JSON.createObjectNode();
        u.put("id", BOT_ID)
                .put("is_bot", true)
                .put("first_name", "ChatGeist")
                .put("username", BOT_USERNAME)
                .put("can_join_groups", true)
                .put("can_read_all_group_messages", false)
                .put("supports_inline_queries", false);
        return u;
    }

    private static ObjectNode privateChat(long id, String firstName) {
        ObjectNode c = JSON.createObjectNode();
        c.put("id", id).put("type", "private").put("first_name", firstName);
        return c;
    }

    private static ObjectNode ok(JsonNode result) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ok", true);
        n.set("result", result);
        return n;
    }

    private static ObjectNode error(int code, String description) {
        ObjectNode n = JSON.createObjectNode();
        n.put("ok", false).put("error_code", code).put("description", description);
        return n;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public synchronized void close() {
        server.stop(0);
        executor.shutdownNow();
        notifyAll();
    }

    /** multipart/form-data as OkHttp sends it: text fields, and one file part kept as {filename, content}. */
    static final class Multipart {
        private Multipart() {}

        static JsonNode parse(byte[] body, String contentType) throws IOException {
            String boundary = contentType.replaceFirst(".*boundary=\"?([^\";]+)\"?.*", "$1");
            byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            ObjectNode out = JSON.createObjectNode();
            int pos = indexOf(body, delim, 0);
            while (pos >= 0) {
                int start = pos + delim.length;
                if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
                    break;
                }
                start += 2; // CRLF
                int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
                int next = indexOf(body, delim, headerEnd);
                if (headerEnd < 0 || next < 0) {
                    throw new IOException("malformed multipart body");
                }
                String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
                byte[] content = java.util.Arrays.copyOfRange(body, headerEnd + 4, next - 2);
                String name = headers.replaceFirst("(?s).*?\\bname=\"([^\"]*)\".*", "$1");
                if (headers.contains("filename=")) {
                    String filename = headers.replaceFirst("(?s).*filename=\"([^\"]*)\".*", "$1");
                    ObjectNode f = out.putObject(name);
                    f.put("filename", filename);
                    f.put("content", content);
                } else {
                    out.put(name, new String(content, StandardCharsets.UTF_8));
                }
                pos = next;
            }
            return out;
        }

        private static int indexOf(byte[] data, byte[] pattern, int from) {
            outer:
            for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
