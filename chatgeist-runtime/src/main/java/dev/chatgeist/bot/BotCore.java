package dev.chatgeist.bot;

import dev.chatgeist.analyst.AnalysisCancelledException;
import dev.chatgeist.analyst.Analyst;
import dev.chatgeist.analyst.AnalystException;
import dev.chatgeist.analyst.Answer;
import dev.chatgeist.analyst.Question;
import dev.chatgeist.archive.ArchiveDirectory;
import dev.chatgeist.bot.Messenger.Button;
import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import dev.chatgeist.core.log.EventLog;
import dev.chatgeist.report.PdfReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bot's behaviour, free of Telegram's types: commands, chat choice, questions through the queue and the
 * analyst, the status message, cancel, the dossier's chat selection, limits and the reply-chain history.
 * The Telegram edge feeds it {@link Incoming} updates and carries out what it asks of the {@link Messenger}.
 */
public final class BotCore implements AutoCloseable {
    /** Turns of a reply chain given to the analyst as history. */
    static final int MAX_HISTORY = 10;
    static final int MAX_QUESTION = 3000;

    private final BotSettings settings;
    private final Path databasesDir;
    private final BotStore store;
    private final Messenger messenger;
    private final Analyst analyst;
    private final Prompts prompts;
    private final Texts texts;
    private final EventLog log;
    private final Delivery delivery;
    private final StatusView status;
    private final AnalysisQueue queue;
    private final ScheduledExecutorService ticker;
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final Map<Long, DossierSelection> selections = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Held while an answer is sent and stored, so that a reply to it always finds it stored. */
    private final Map<Long, ReentrantLock> deliveryLocks = new ConcurrentHashMap<>();
    private volatile boolean closing;

    public BotCore(BotSettings settings, Path databasesDir, BotStore store, Messenger messenger, Analyst analyst,
                   Prompts prompts, PdfReport report, EventLog log) {
        this.settings = settings;
        this.databasesDir = databasesDir;
        this.store = store;
        this.messenger = messenger;
        this.analyst = analyst;
        this.prompts = prompts;
        this.texts = new Texts(settings.locale());
        this.log = log;
        this.delivery = new Delivery(messenger, report, texts);
        this.status = new StatusView(texts);
        this.queue = new AnalysisQueue(settings.maxConcurrent());
        this.ticker = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "status-ticker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Most analyses that ran at the same time (for the benchmark's check of the cap). */
    public int maxConcurrentSeen() {
        return queue.maxRunning();
    }

    public void handle(Incoming in) {
        if (closing) {
            return; // not confirmed to Telegram: the next run receives it again
        }
        try {
            if (!settings.allowed(in.userId())) {
                if (in instanceof Incoming.Callback cb) {
                    messenger.answerCallback(cb.callbackId(), texts.plain("not_allowed", in.userId()));
                } else {
                    messenger.send(in.chatId(), texts.get("not_allowed", in.userId()), Format.HTML, null, null);
                }
                log.fileOnly("INFO", "refused user=" + in.userId() + " reason=not_in_allow_list");
                return;
            }
            if (in instanceof Incoming.Text t) {
                onText(t);
            } else if (in instanceof Incoming.Callback cb) {
                onCallback(cb);
            }
        } catch (MessengerException e) {
            log.warn("cannot answer user " + in.userId() + ": " + e.getMessage(),
                    "telegram_error user=" + in.userId() + " code=" + e.code() + " error=" + EventLog.q(e.getMessage()));
        } catch (RuntimeException e) {
            log.error("failed to handle an update of user " + in.userId() + ": " + e,
                    "bot_error user=" + in.userId() + " error=" + EventLog.q(e.toString()));
        }
    }

    // ---- text messages ----

    private void onText(Incoming.Text t) throws MessengerException {
        if (t.command() != null) {
            command(t);
            return;
        }
        String text = t.text() == null ? "" : t.text().strip();
        if (text.isEmpty()) {
            return;
        }
        List<String> available = ArchiveDirectory.aliases(databasesDir);
        if (available.isEmpty()) {
            messenger.send(t.chatId(), texts.get("chats_empty"), Format.HTML, null, t.messageId());
            return;
        }
        if (text.length() > MAX_QUESTION) {
            text = text.substring(0, MAX_QUESTION);
        }
        List<Question.Turn> history = new ArrayList<>();
        List<String> databases = List.of(currentChat(t.userId(), available));
        Integer parent = null;
        if (t.replyTo() != null) {
            awaitDeliveries(t.chatId());
            List<BotStore.StoredAnswer> chain = store.chain(t.chatId(), t.replyTo(), MAX_HISTORY);
            if (!chain.isEmpty()) {
                parent = t.replyTo();
                chain.forEach(a -> history.add(new Question.Turn(a.question(), a.answer())));
                List<String> earlier = chain.get(chain.size() - 1).databases().stream()
                        .filter(available::contains).toList();
                if (!earlier.isEmpty()) {
                    databases = earlier; // a conversation continues on the chats it started on
                }
            }
        }
        Skill skill = Skill.detect(text);
        LocalDate today = LocalDate.now(settings.zone());
        if (!settings.unlimited(t.userId()) && store.used(t.userId(), today) >= settings.dailyLimit()) {
            limitReached(t, skill, databases);
            return;
        }
        if (skill == Skill.DOSSIER && available.size() > 1 && history.isEmpty()) {
            offerDossierChoice(t, text, available, databases);
            return;
        }
        submit(t.chatId(), t.userId(), t.messageId(), parent, text, skill, databases, history, t.receivedNanos());
    }

    private void limitReached(Incoming.Text t, Skill skill, List<String> databases) throws MessengerException {
        messenger.send(t.chatId(), texts.get("limit_reached", settings.dailyLimit()), Format.HTML, null, t.messageId());
        log.info("question from " + t.userId() + ": daily limit reached", questionLine(t.userId(), databases, skill,
                0, "limit", 0, "-", 0, 0));
    }

    private String currentChat(long user, List<String> available) {
        return store.chosenChat(user).filter(available::contains).orElse(available.get(0));
    }

    private void command(Incoming.Text t) throws MessengerException {
        List<String> available = ArchiveDirectory.aliases(databasesDir);
        String current = available.isEmpty() ? "—" : currentChat(t.userId(), available);
        switch (t.command()) {
            case "start" -> {
                int used = store.used(t.userId(), LocalDate.now(settings.zone()));
                String quota = settings.unlimited(t.userId()) ? texts.plain("limit_unlimited")
                        : used + " / " + settings.dailyLimit();
                messenger.send(t.chatId(), texts.get("start", t.firstName() == null ? "" : t.firstName(), current,
                        t.userId(), quota), Format.HTML, null, null);
            }
            case "help" -> messenger.send(t.chatId(), texts.get("help", settings.dailyLimit()), Format.HTML, null, null);
            case "current" -> messenger.send(t.chatId(), texts.get("current", current), Format.HTML, null, null);
            case "chats" -> {
                if (available.isEmpty()) {
                    messenger.send(t.chatId(), texts.get("chats_empty"), Format.HTML, null, null);
                } else {
                    messenger.send(t.chatId(), texts.get("chats_title"), Format.HTML, chatsKeyboard(available, current),
                            null);
                }
            }
            default -> messenger.send(t.chatId(), texts.get("unknown_command", "/" + t.command()), Format.HTML, null,
                    t.messageId());
        }
    }

    /** Buttons carry an index and the alias' start: Telegram limits callback data to 64 bytes. */
    private static List<List<Button>> chatsKeyboard(List<String> available, String current) {
        List<List<Button>> rows = new ArrayList<>();
        for (int i = 0; i < available.size(); i++) {
            String a = available.get(i);
            rows.add(List.of(new Button((a.equals(current) ? "✅ " : "") + a, "c:" + i + ":" + prefix(a))));
        }
        return rows;
    }

    private static String prefix(String alias) {
        return alias.length() <= 40 ? alias : alias.substring(0, 40);
    }

    // ---- button presses ----

    private void onCallback(Incoming.Callback cb) throws MessengerException {
        String data = cb.data() == null ? "" : cb.data();
        if (data.startsWith("c:")) {
            chooseChat(cb, data);
        } else if (data.startsWith("x:")) {
            cancel(cb, data);
        } else if (data.startsWith("d:")) {
            dossierPress(cb, data);
        } else {
            messenger.answerCallback(cb.callbackId(), null);
        }
    }

    private void chooseChat(Incoming.Callback cb, String data) throws MessengerException {
        String[] parts = data.split(":", 3);
        List<String> available = ArchiveDirectory.aliases(databasesDir);
        int index = parts.length == 3 ? parseInt(parts[1]) : -1;
        if (index < 0 || index >= available.size() || !available.get(index).startsWith(parts[2])) {
            messenger.answerCallback(cb.callbackId(), texts.plain("chat_unknown", parts.length == 3 ? parts[2] : data));
            return;
        }
        String alias = available.get(index);
        store.chooseChat(cb.userId(), alias);
        messenger.answerCallback(cb.callbackId(), texts.plain("chat_switched", alias));
        try {
            messenger.edit(cb.chatId(), cb.messageId(), texts.get("chat_switched", alias),
                    chatsKeyboard(available, alias));
        } catch (MessengerException e) {
            if (!e.isNotModified()) {
                throw e;
            }
        }
        log.fileOnly("INFO", "chat_switch user=" + cb.userId() + " chat=" + alias);
    }

    private void cancel(Incoming.Callback cb, String data) throws MessengerException {
        Job job = jobs.get((long) parseInt(data.substring(2)));
        if (job == null) {
            messenger.answerCallback(cb.callbackId(), texts.plain("dossier_expired"));
            return;
        }
        if (job.userId != cb.userId()) {
            messenger.answerCallback(cb.callbackId(), texts.plain("not_yours"));
            return;
        }
        messenger.answerCallback(cb.callbackId(), texts.plain("cancel_ack"));
        if (job.cancelInQueue()) {
            finishCancelled(job); // never started: the worker will skip it
        } else {
            job.cancellation.cancel(); // the analyst stops; its worker reports
        }
    }

    // ---- dossier: which chats to search ----

    private void offerDossierChoice(Incoming.Text t, String text, List<String> available, List<String> preselected)
            throws MessengerException {
        long id = ids.incrementAndGet();
        DossierSelection sel = new DossierSelection(id, t.userId(), t.chatId(), t.messageId(), text, available,
                new LinkedHashSet<>(preselected), t.receivedNanos());
        selections.put(id, sel);
        sel.keyboardMessageId = messenger.send(t.chatId(), texts.get("dossier_pick"), Format.HTML,
                sel.keyboard(texts), t.messageId());
    }

    private void dossierPress(Incoming.Callback cb, String data) throws MessengerException {
        String[] parts = data.split(":");
        DossierSelection sel = parts.length >= 3 ? selections.get((long) parseInt(parts[1])) : null;
        if (sel == null) {
            messenger.answerCallback(cb.callbackId(), texts.plain("dossier_expired"));
            return;
        }
        if (sel.userId != cb.userId()) {
            messenger.answerCallback(cb.callbackId(), texts.plain("not_yours"));
            return;
        }
        switch (parts[2]) {
            case "t" -> sel.toggle(parts.length > 3 ? parseInt(parts[3]) : -1);
            case "a" -> sel.selectAll();
            case "g" -> {
                if (sel.selected.isEmpty()) {
                    messenger.answerCallback(cb.callbackId(), texts.plain("dossier_none"));
                    return;
                }
                selections.remove(sel.id);
                messenger.answerCallback(cb.callbackId(), null);
                List<String> chosen = sel.chosen();
                messenger.edit(sel.chatId, sel.keyboardMessageId, texts.get("dossier_pick") + "\n\n✅ "
                        + Texts.escape(String.join(", ", chosen)), null);
                if (!settings.unlimited(sel.userId)
                        && store.used(sel.userId, LocalDate.now(settings.zone())) >= settings.dailyLimit()) {
                    messenger.send(sel.chatId, texts.get("limit_reached", settings.dailyLimit()), Format.HTML, null,
                            sel.questionMessageId);
                    return;
                }
                submit(sel.chatId, sel.userId, sel.questionMessageId, null, sel.question, Skill.DOSSIER, chosen,
                        List.of(), cb.receivedNanos());
                return;
            }
            default -> {
                messenger.answerCallback(cb.callbackId(), null);
                return;
            }
        }
        messenger.answerCallback(cb.callbackId(), null);
        try {
            messenger.edit(sel.chatId, sel.keyboardMessageId, texts.get("dossier_pick"), sel.keyboard(texts));
        } catch (MessengerException e) {
            if (!e.isNotModified()) {
                throw e;
            }
        }
    }

    // ---- the analysis ----

    private void submit(long chatId, long userId, int questionMessageId, Integer parent, String text, Skill skill,
                        List<String> databases, List<Question.Turn> history, long receivedNanos)
            throws MessengerException {
        LocalDate today = LocalDate.now(settings.zone());
        boolean counted = !settings.unlimited(userId);
        if (counted && !store.tryConsume(userId, today, settings.dailyLimit())) {
            messenger.send(chatId, texts.get("limit_reached", settings.dailyLimit()), Format.HTML, null,
                    questionMessageId);
            return;
        }
        Question q = new Question(prompts.system(skill, databases, today), history, text, databases);
        Job job = new Job(ids.incrementAndGet(), chatId, userId, questionMessageId, parent, skill, databases, q, today,
                counted, receivedNanos);
        jobs.put(job.id, job);
        boolean waits = queue.full();
        job.shownStatus = waits ? texts.get("status_queued", queue.position(job) + 1) : status.text(job, 0);
        job.queuedNanos = System.nanoTime();
        queue.submit(job, this::run);
        ticker.execute(() -> sendStatus(job)); // the answer never waits for the status message
    }

    private void sendStatus(Job job) {
        if (job.finished()) {
            job.statusMessage.complete(0);
            return;
        }
        try {
            job.statusMessage.complete(messenger.send(job.chatId, job.shownStatus, Format.HTML, status.keyboard(job),
                    job.questionMessageId));
        } catch (MessengerException e) {
            job.statusMessage.complete(0);
            log.fileOnly("WARN", "status_send_failed user=" + job.userId + " error=" + EventLog.q(e.getMessage()));
        }
    }

    private void run(Job job) {
        if (!job.start()) {
            return; // cancelled while waiting; already reported
        }
        ticker.execute(() -> refreshStatus(job)); // off the answer's path: "queued" becomes the first stage
        ScheduledFuture<?> tick = ticker.scheduleWithFixedDelay(() -> refreshStatus(job),
                settings.statusInterval().toMillis(), settings.statusInterval().toMillis(), TimeUnit.MILLISECONDS);
        long analystNanos = 0;
        String outcome = "error";
        String delivered = "-";
        int queries = 0;
        try {
            long a0 = System.nanoTime();
            Answer answer;
            try {
                answer = analyst.analyze(job.question, stage -> job.stage = stage, job.cancellation);
            } finally {
                analystNanos = System.nanoTime() - a0;
            }
            queries = answer.queries();
            tick.cancel(false);
            ReentrantLock lock = deliveryLock(job.chatId);
            lock.lock();
            try {
                Delivery.Sent sent = delivery.deliver(job.chatId, job.questionMessageId, job.question.text(),
                        answer.markdown(), job.databases, job.skill == Skill.DOSSIER, job.day);
                delivered = sent.kind().name().toLowerCase(java.util.Locale.ROOT);
                store.saveAnswer(new BotStore.StoredAnswer(job.chatId, sent.messageId(), job.question.text(),
                        answer.markdown(), job.databases, job.parentAnswerId));
            } finally {
                lock.unlock();
            }
            outcome = "ok";
            deleteStatus(job); // the answer is there; the status can go
        } catch (AnalysisCancelledException e) {
            tick.cancel(false);
            outcome = "cancelled";
            refund(job);
            editStatusFinal(job, texts.get("cancelled"));
        } catch (AnalystException e) {
            tick.cancel(false);
            outcome = "failed";
            refund(job);
            deleteStatus(job);
            sendQuietly(job, texts.get("failed", e.getMessage()));
            log.warn("analyst failed for user " + job.userId + ": " + e.getMessage(),
                    "analyst_error user=" + job.userId + " error=" + EventLog.q(e.getMessage()));
        } catch (MessengerException e) {
            tick.cancel(false);
            outcome = "undelivered";
            log.warn("cannot deliver the answer to " + job.userId + ": " + e.getMessage(),
                    "telegram_error user=" + job.userId + " code=" + e.code() + " error=" + EventLog.q(e.getMessage()));
        } catch (RuntimeException e) {
            tick.cancel(false);
            refund(job);
            deleteStatus(job);
            sendQuietly(job, texts.get("failed", texts.plain("internal_error")));
            log.error("internal error answering " + job.userId + ": " + e,
                    "bot_error user=" + job.userId + " error=" + EventLog.q(e.toString()));
        } finally {
            job.finish();
            jobs.remove(job.id);
            long now = System.nanoTime();
            long total = now - job.receivedNanos;
            long waited = job.startedNanos - job.queuedNanos;
            long overhead = Math.max(0, total - waited - analystNanos); // the bot's own time
            log.info("question from " + job.userId + " on " + String.join(",", job.databases) + ": " + outcome
                    + " in " + (total / 1_000_000) + " ms", questionLine(job.userId, job.databases, job.skill,
                    total / 1_000_000, outcome, queries, delivered, waited / 1_000_000, analystNanos / 1_000_000)
                    + " overhead_ms=" + overhead / 1_000_000);
        }
    }

    private ReentrantLock deliveryLock(long chatId) {
        return deliveryLocks.computeIfAbsent(chatId, k -> new ReentrantLock());
    }

    /** Waits for an answer being sent in this chat to be stored (a reply may refer to it). */
    private void awaitDeliveries(long chatId) {
        ReentrantLock lock = deliveryLock(chatId);
        try {
            if (lock.tryLock(30, TimeUnit.SECONDS)) {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String questionLine(long user, List<String> databases, Skill skill, long ms, String outcome, int queries,
                                String delivered, long waitMs, long analystMs) {
        return "question user=" + user + " chat=" + String.join(",", databases) + " skill=" + skill.logName()
                + " analyst=" + analyst.name() + " duration_ms=" + ms + " outcome=" + outcome + " queries=" + queries
                + " delivery=" + delivered + " wait_ms=" + waitMs + " analyst_ms=" + analystMs;
    }

    private void finishCancelled(Job job) {
        jobs.remove(job.id);
        refund(job);
        editStatusFinal(job, texts.get("cancelled"));
        log.info("question from " + job.userId + ": cancelled in the queue", questionLine(job.userId, job.databases,
                job.skill, (System.nanoTime() - job.receivedNanos) / 1_000_000, "cancelled", 0, "-", 0, 0));
    }

    private void refund(Job job) {
        if (job.counted) {
            store.refund(job.userId, job.day);
        }
    }

    /** Edits the status message when what it shows has changed (Telegram refuses identical edits). */
    private void refreshStatus(Job job) {
        int statusId = job.statusMessage.getNow(0);
        if (job.cancellation.isCancelled() || statusId == 0) {
            return;
        }
        String text = status.text(job, queue.position(job));
        synchronized (job) {
            if (text.equals(job.shownStatus)) {
                return;
            }
            job.shownStatus = text;
        }
        try {
            messenger.edit(job.chatId, statusId, text, status.keyboard(job));
        } catch (MessengerException e) {
            if (!e.isNotModified()) {
                log.fileOnly("WARN", "status_edit_failed user=" + job.userId + " error=" + EventLog.q(e.getMessage()));
            }
        }
    }

    /** Replaces the status by a final word and removes its cancel button. */
    private void editStatusFinal(Job job, String text) {
        job.statusMessage.thenAcceptAsync(id -> {
            try {
                if (id == 0) {
                    throw new MessengerException(0, "no status message", null);
                }
                messenger.edit(job.chatId, id, text, null);
            } catch (MessengerException e) {
                sendQuietly(job, text);
            }
        }, ticker);
    }

    /** Removes the status message once it exists (it is sent asynchronously). */
    private void deleteStatus(Job job) {
        job.statusMessage.thenAcceptAsync(id -> {
            if (id == 0) {
                return;
            }
            try {
                messenger.delete(job.chatId, id);
            } catch (MessengerException e) {
                log.fileOnly("WARN", "status_delete_failed user=" + job.userId + " error=" + EventLog.q(e.getMessage()));
            }
        }, ticker);
    }

    private void sendQuietly(Job job, String html) {
        try {
            messenger.send(job.chatId, html, Format.HTML, null, job.questionMessageId);
        } catch (MessengerException e) {
            log.fileOnly("WARN", "telegram_error user=" + job.userId + " error=" + EventLog.q(e.getMessage()));
        }
    }

    /** Starts refreshing the queue places of waiting jobs every status interval. */
    public void start() {
        ticker.scheduleWithFixedDelay(() -> jobs.values().stream().filter(Job::queued).forEach(this::refreshStatus),
                settings.statusInterval().toMillis(), settings.statusInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Stops: cancels every running analysis and waits briefly for the workers. */
    @Override
    public void close() {
        closing = true;
        jobs.values().forEach(j -> j.cancellation.cancel());
        queue.close();
        ticker.shutdown(); // let final status edits ("cancelled") go out
        try {
            if (!ticker.awaitTermination(5, TimeUnit.SECONDS)) {
                ticker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ticker.shutdownNow();
        }
    }

    /** The chats a user may pick for a dossier, and which are ticked. */
    static final class DossierSelection {
        final long id;
        final long userId;
        final long chatId;
        final int questionMessageId;
        final String question;
        final List<String> available;
        final Set<String> selected;
        final long receivedNanos;
        volatile int keyboardMessageId;

        DossierSelection(long id, long userId, long chatId, int questionMessageId, String question,
                         List<String> available, Set<String> selected, long receivedNanos) {
            this.id = id;
            this.userId = userId;
            this.chatId = chatId;
            this.questionMessageId = questionMessageId;
            this.question = question;
            this.available = List.copyOf(available);
            this.selected = selected;
            this.receivedNanos = receivedNanos;
        }

        synchronized void toggle(int index) {
            if (index >= 0 && index < available.size()) {
                String a = available.get(index);
                if (!selected.remove(a)) {
                    selected.add(a);
                }
            }
        }

        synchronized void selectAll() {
            selected.addAll(available);
        }

        synchronized List<String> chosen() {
            return available.stream().filter(selected::contains).toList();
        }

        synchronized List<List<Button>> keyboard(Texts texts) {
            List<List<Button>> rows = new ArrayList<>();
            for (int i = 0; i < available.size(); i++) {
                String a = available.get(i);
                rows.add(List.of(new Button((selected.contains(a) ? "✅ " : "⬜ ") + a, "d:" + id + ":t:" + i)));
            }
            rows.add(List.of(new Button(texts.plain("dossier_all"), "d:" + id + ":a"),
                    new Button(texts.plain("dossier_go"), "d:" + id + ":g")));
            return rows;
        }
    }
}
