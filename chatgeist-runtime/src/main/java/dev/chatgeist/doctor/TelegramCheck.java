package dev.chatgeist.doctor;

import dev.chatgeist.config.TargetsFile;
import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.client.DcAddress;
import dev.chatgeist.telegram.client.ProxySetting;
import dev.chatgeist.telegram.client.SessionState;
import dev.chatgeist.telegram.client.SessionStore;
import dev.chatgeist.telegram.client.TelegramClient;
import dev.chatgeist.telegram.client.TelegramSettings;
import dev.chatgeist.telegram.mtproto.RpcException;
import dev.chatgeist.telegram.net.DirectWireOpener;
import dev.chatgeist.telegram.tl.TlSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Telegram side of {@code update}: TELEGRAM_API_ID/HASH well-formed, {@code telegram.session} present, private
 * and accepted by Telegram (one help.getConfig with the session's key, within the network timeout; nothing is saved),
 * and the DC reachable, with what answered instead when it is not Telegram.
 */
final class TelegramCheck implements Check {
    private static final String LOGIN = "chatgeist login";

    @Override
    public List<Finding> run(Examination exam) {
        List<Finding> findings = new ArrayList<>();
        boolean needed = hasChats(exam);
        Optional<TelegramSettings> settings = credentials(exam, needed, findings);
        SessionStore store = SessionStore.in(exam.home().dir());
        SessionState state = session(store, needed, findings);
        DcAddress dc = state != null ? state.address(state.homeDc).orElse(DcAddress.DEFAULT_FIRST) : firstDc(exam);
        if (state != null && settings.isPresent()) {
            askTelegram(exam, settings.get(), state, dc, findings);
        } else {
            findings.add(reachability(dc, exam));
        }
        return findings;
    }

    /** TELEGRAM_DC when it parses (even if the API values do not), else Telegram's default first DC. */
    private static DcAddress firstDc(Examination exam) {
        try {
            return exam.settings()
                    .get(TelegramSettings.DC)
                    .map(DcAddress::parse)
                    .orElse(DcAddress.DEFAULT_FIRST);
        } catch (RuntimeException e) {
            return DcAddress.DEFAULT_FIRST; // the telegram api line reports the bad value
        }
    }

    /** TELEGRAM_PROXY when it parses (the telegram api line reports a bad value). */
    private static Optional<ProxySetting> proxy(Examination exam) {
        try {
            return exam.settings().get(ProxySetting.NAME).map(ProxySetting::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean hasChats(Examination exam) {
        try {
            return Files.exists(exam.home().targetsFile())
                    && !TargetsFile.load(exam.home().targetsFile()).chats().isEmpty();
        } catch (RuntimeException e) {
            return false; // the archives check reports an unreadable targets.json
        }
    }

    private static Optional<TelegramSettings> credentials(Examination exam, boolean needed, List<Finding> findings) {
        String topic = "telegram api";
        if (exam.settings().get(TelegramSettings.API_ID).isEmpty()
                && exam.settings().get(TelegramSettings.API_HASH).isEmpty()) {
            String fix = "create an application at https://my.telegram.org and put TELEGRAM_API_ID and "
                    + "TELEGRAM_API_HASH into .env";
            findings.add(
                    needed
                            ? Finding.fail(
                                    topic,
                                    "TELEGRAM_API_ID and TELEGRAM_API_HASH are not set; update " + "needs them",
                                    fix)
                            : Finding.warn(topic, "not set (only login and update need them)", fix));
            return Optional.empty();
        }
        try {
            TelegramSettings s = TelegramSettings.from(exam.settings());
            findings.add(Finding.ok(
                    topic,
                    "TELEGRAM_API_ID " + s.apiId() + " and a well-formed TELEGRAM_API_HASH"
                            + s.firstDc().map(d -> ", TELEGRAM_DC " + d).orElse("")));
            return Optional.of(s);
        } catch (UserException e) {
            findings.add(Finding.fail(topic, e.getMessage(), "correct the value in .env"));
            return Optional.empty();
        }
    }

    /** The logged-in session, or null (with a finding saying why). */
    private static SessionState session(SessionStore store, boolean needed, List<Finding> findings) {
        String topic = "telegram session";
        Optional<SessionState> loaded;
        try {
            loaded = store.load();
        } catch (UserException e) {
            findings.add(Finding.fail(topic, e.getMessage(), "rm " + store.file() + " && " + LOGIN));
            return null;
        }
        if (loaded.isEmpty() || !loaded.get().loggedIn()) {
            String found = loaded.isEmpty() ? "no " + store.file() : store.file() + " holds no login";
            findings.add(
                    needed
                            ? Finding.fail(topic, found + "; update cannot run", LOGIN)
                            : Finding.warn(topic, found + " (only update needs it)", LOGIN));
            return null;
        }
        try {
            String mode = EnvFileCheck.octal(Files.getPosixFilePermissions(store.file()));
            if (!mode.equals("0600") && !mode.equals("0400")) {
                findings.add(Finding.fail(
                        topic,
                        store.file() + " has mode " + mode + ": it is as good as a logged-in " + "phone",
                        "chmod 600 " + store.file()));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX modes here: nothing to check
        }
        return loaded.get();
    }

    /** One help.getConfig over the session's key, on a worker so that the timeout holds whatever the client does. */
    private static void askTelegram(
            Examination exam, TelegramSettings settings, SessionState state, DcAddress dc, List<Finding> findings) {
        String topic = "telegram session";
        TelegramClient client = new TelegramClient(TlSchema.load(), settings, state, event -> {}, () -> {});
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "doctor-telegram");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        Future<?> answer = worker.submit(() -> {
            client.loadDcOptions();
            return null;
        });
        try {
            answer.get(exam.networkTimeout().toMillis(), TimeUnit.MILLISECONDS);
            long ms = (System.nanoTime() - started) / 1_000_000;
            findings.add(Finding.ok(
                    topic,
                    "logged in as user " + state.userId + "; Telegram accepted the session's key"
                            + " (help.getConfig answered in " + ms + " ms)"));
            findings.add(Finding.ok("telegram reachable", "DC " + dc.id() + " at " + dc.host() + ":" + dc.port()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TelegramClient.AuthKeyUnknownException
                    || cause instanceof RpcException rpc && rpc.code() == 401) {
                findings.add(Finding.fail(
                        topic,
                        "Telegram no longer accepts this session (" + cause.getMessage() + ")",
                        "chatgeist logout, then " + LOGIN));
                findings.add(Finding.ok("telegram reachable", "DC " + dc.id() + " at " + dc.host() + ":" + dc.port()));
            } else {
                findings.add(Finding.warn(
                        topic, "not checked: the request failed (" + cause.getMessage() + ")", "see the next line"));
                findings.add(reachability(dc, exam));
            }
        } catch (TimeoutException e) {
            findings.add(Finding.warn(
                    topic,
                    "not checked: no answer within " + exam.networkTimeout().toSeconds() + " s",
                    "see the next line"));
            findings.add(reachability(dc, exam));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            findings.add(Finding.warn(topic, "not checked: interrupted", "run chatgeist doctor again"));
        } finally {
            client.close();
            answer.cancel(true);
            worker.shutdownNow();
        }
    }

    static Finding reachability(DcAddress dc, Examination exam) {
        String topic = "telegram reachable";
        String where = "DC " + dc.id() + " at " + dc.endpoint();
        Optional<ProxySetting> proxy = proxy(exam);
        where += proxy.map(p -> " (through " + p + ")").orElse("");
        TelegramProbe.Reach reach = TelegramProbe.probe(
                dc, exam.networkTimeout(), proxy.map(ProxySetting::wireOpener).orElseGet(DirectWireOpener::new));
        if (reach instanceof TelegramProbe.Http http) {
            return Finding.fail(
                    topic,
                    "something answered HTTP at " + dc.host() + ":" + dc.port() + " (\"" + http.statusLine()
                            + "\"), not Telegram: a proxy or captive portal is in the way",
                    "let this machine reach Telegram directly over TCP (no HTTP proxy), or fix TELEGRAM_DC, or set "
                            + "TELEGRAM_PROXY to a SOCKS5 proxy");
        }
        if (reach instanceof TelegramProbe.Unreachable u) {
            return Finding.fail(
                    topic,
                    where + ": " + u.why(),
                    "check the network, the firewall (outgoing TCP to " + "Telegram) and TELEGRAM_DC if set");
        }
        return Finding.ok(topic, where + " accepts connections");
    }
}
