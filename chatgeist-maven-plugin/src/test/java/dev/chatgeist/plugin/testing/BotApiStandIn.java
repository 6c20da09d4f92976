package dev.chatgeist.plugin.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Stands in for Telegram's Bot API server (https://api.telegram.org, which the test machine cannot reach) so the
 * real bot inside the test host can start and poll: {@code POST /bot<token>/<method>} answered as the real server
 * does for a bot nobody writes to: {@code getMe} with the bot's user, {@code deleteWebhook} and
 * {@code setMyCommands} with {@code true}, {@code getUpdates} (long polling) with an empty list after a short wait,
 * a wrong token with 401 Unauthorized. It listens on 127.0.0.1, which the nspawn host shares.
 */
public final class BotApiStandIn implements AutoCloseable {
    private final HttpServer server;
    private final String token;
    private final List<String> methods = new CopyOnWriteArrayList<>();

    public BotApiStandIn(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bot-api-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The value for TELEGRAM_BOT_API_URL: scheme, host and port. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The Bot API methods called so far, lower-cased, in order. */
    public List<String> methods() {
        return List.copyOf(methods);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String prefix = "/bot" + token + "/";
            if (!path.startsWith(prefix)) {
                send(exchange, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
                return;
            }
            String method = path.substring(prefix.length()).toLowerCase(Locale.ROOT);
            methods.add(method);
            switch (method) {
                case "getme" ->
                    send(
                            exchange,
                            200,
                            "{\"ok\":true,\"result\":{\"id\":7000000001,\"is_bot\":true,"
                                    + "\"first_name\":\"ChatGeist test\",\"username\":\"chatgeist_test_bot\","
                                    + "\"can_join_groups\":true,\"can_read_all_group_messages\":false,"
                                    + "\"supports_inline_queries\":false}}");
                case "getupdates" -> {
                    sleep(); // long polling with nothing to deliver: the real server holds the request, then []
                    send(exchange, 200, "{\"ok\":true,\"result\":[]}");
                }
                default -> send(exchange, 200, "{\"ok\":true,\"result\":true}");
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
