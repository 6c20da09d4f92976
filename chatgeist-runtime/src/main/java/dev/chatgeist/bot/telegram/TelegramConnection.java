package dev.chatgeist.bot.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatgeist.bot.BotSettings;
import dev.chatgeist.bot.Incoming;
import dev.chatgeist.bot.Messenger;
import dev.chatgeist.core.UserException;
import dev.chatgeist.core.log.EventLog;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * The connection to the Bot API with TelegramBots: an {@link OkHttpTelegramClient} for sending and a long-polling
 * session for receiving, both at {@code TELEGRAM_BOT_API_URL}. Updates are handed to a small pool of handler
 * threads so that a slow handler never stalls polling.
 */
public final class TelegramConnection implements AutoCloseable {
    private static final int HANDLERS = 16;

    private final BotSettings settings;
    private final EventLog log;
    private final OkHttpClient http;
    /** The polling session's client: {@link #http} plus the watcher that tells the back-off why a poll failed. */
    private final OkHttpClient pollHttp;

    private final PollFailures pollFailures = new PollFailures();
    private final TelegramUrl url;
    private final OkHttpTelegramClient client;
    private final ExecutorService handlers;
    private final List<java.util.concurrent.ScheduledExecutorService> pollers =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private TelegramBotsLongPollingApplication app;
    private volatile boolean closed;
    private final java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);

    public TelegramConnection(BotSettings settings, EventLog log) {
        this.settings = settings;
        this.log = log;
        var api = settings.apiUrl();
        int port = api.getPort() > 0 ? api.getPort() : api.getScheme().equals("https") ? 443 : 80;
        this.url = new TelegramUrl(api.getScheme(), api.getHost(), port, false);
        this.http = new OkHttpClient.Builder()
                .connectTimeout(15, TimeUnit.SECONDS)
                .readTimeout(settings.pollTimeoutSeconds() + 30L, TimeUnit.SECONDS)
                .writeTimeout(60, TimeUnit.SECONDS)
                .build();
        this.pollHttp = http.newBuilder().addInterceptor(pollFailures).build();
        this.client = new OkHttpTelegramClient(new ObjectMapper(), http, settings.token(), url);
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(HANDLERS, r -> {
            Thread t = new Thread(r, "bot-handler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Messenger messenger() {
        return new TelegramMessenger(client);
    }

    /**
     * Checks the token with getMe (retrying while Telegram cannot be reached), registers the commands and starts
     * long polling; every update goes to {@code handler}. Returns the bot's username.
     */
    public String start(Consumer<Incoming> handler) throws InterruptedException {
        User me = waitForTelegram();
        try {
            client.execute(SetMyCommands.builder()
                    .commands(List.of(
                            new BotCommand("start", "Почати"),
                            new BotCommand("chats", "Вибрати чат"),
                            new BotCommand("current", "Поточний чат"),
                            new BotCommand("report", "Звіт PDF про чат"),
                            new BotCommand("help", "Довідка")))
                    .build());
        } catch (TelegramApiException e) {
            log.fileOnly("WARN", "set_commands_failed error=" + EventLog.q(e.getMessage()));
        }
        long delay = 500;
        while (!closed) {
            TelegramBotsLongPollingApplication a = new TelegramBotsLongPollingApplication(
                    ObjectMapper::new,
                    () -> pollHttp,
                    this::pollerThread,
                    () -> new PollingBackOff(log, () -> closed, pollFailures));
            try {
                BotSession session = a.registerBot(
                        settings.token(), () -> url, this::getUpdates, updates -> dispatch(updates, handler));
                synchronized (this) {
                    app = a;
                }
                if (session.isRunning()) {
                    break;
                }
            } catch (TelegramApiException e) {
                closeQuietly(a);
                log.warn(
                        "cannot start polling Telegram (" + e.getMessage() + "); retrying in " + delay + " ms",
                        "telegram_unreachable phase=start retry_ms=" + delay);
                pause(delay);
                delay = Math.min(60_000, delay * 2);
            }
        }
        return me.getUserName();
    }

    private java.util.concurrent.ScheduledExecutorService pollerThread() {
        var ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "telegram-poller");
            t.setDaemon(true);
            return t;
        });
        pollers.add(ex);
        return ex;
    }

    private GetUpdates getUpdates(Integer lastReceived) {
        return GetUpdates.builder()
                .offset(lastReceived + 1)
                .limit(100)
                .timeout(settings.pollTimeoutSeconds())
                .allowedUpdates(List.of("message", "callback_query"))
                .build();
    }

    private void dispatch(List<Update> updates, Consumer<Incoming> handler) {
        if (closed) {
            return; // unconfirmed: Telegram hands them to the next run
        }
        long now = System.nanoTime();
        for (Update u : updates) {
            try {
                UpdateMapper.map(u, now).ifPresent(in -> handlers.execute(() -> handler.accept(in)));
            } catch (RuntimeException e) {
                // never let an odd update escape: TelegramBots' poller would stop for good
                log.error(
                        "cannot read update " + u.getUpdateId() + ": " + e,
                        "bad_update id=" + u.getUpdateId() + " error=" + EventLog.q(e.toString()));
            }
        }
    }

    private User waitForTelegram() throws InterruptedException {
        long delay = 500;
        while (true) {
            try {
                return client.execute(new GetMe());
            } catch (TelegramApiRequestException e) {
                Integer code = e.getErrorCode();
                if (code != null && (code == 401 || code == 404)) {
                    throw new UserException("Telegram rejected TELEGRAM_BOT_TOKEN (" + code + " " + e.getApiResponse()
                            + "); copy the token again from @BotFather (/token) into .env");
                }
                log.warn(
                        "Telegram answered getMe with " + e.getMessage() + "; retrying in " + delay + " ms",
                        "telegram_unreachable phase=getMe code=" + code + " retry_ms=" + delay);
            } catch (TelegramApiException e) {
                log.warn(
                        "cannot reach Telegram at " + settings.apiUrl() + "; retrying in " + delay + " ms",
                        "telegram_unreachable phase=getMe retry_ms=" + delay);
            }
            pause(delay);
            delay = Math.min(60_000, delay * 2);
        }
    }

    /** Waits between attempts; a stop request ends the wait at once. */
    private void pause(long millis) throws InterruptedException {
        if (closed || stop.await(millis, TimeUnit.MILLISECONDS)) {
            throw new InterruptedException("stopped while waiting for Telegram");
        }
    }

    private static void closeQuietly(TelegramBotsLongPollingApplication a) {
        try {
            a.close();
        } catch (Exception ignored) {
            // a half-started session: nothing to keep
        }
    }

    /** Stops receiving updates; sending still works (running jobs can still report). */
    public void stopPolling() {
        closed = true;
        stop.countDown();
        synchronized (this) {
            if (app != null) {
                closeQuietly(app);
            }
        }
        pollers.forEach(java.util.concurrent.ExecutorService::shutdownNow);
    }

    /** Stops receiving and waits for the updates already being handled. */
    public void drain() {
        stopPolling();
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(10, TimeUnit.SECONDS)) {
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopPolling();
        http.dispatcher().cancelAll(); // ends a long poll in flight
        handlers.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
