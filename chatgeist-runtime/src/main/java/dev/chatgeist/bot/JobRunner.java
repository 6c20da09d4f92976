package dev.chatgeist.bot;

import dev.chatgeist.analyst.AnalysisCancelledException;
import dev.chatgeist.analyst.Analyst;
import dev.chatgeist.analyst.AnalystException;
import dev.chatgeist.analyst.Answer;
import dev.chatgeist.analyst.ChartFailure;
import dev.chatgeist.analyst.ChartMarkers;
import dev.chatgeist.analyst.Question;
import dev.chatgeist.analyst.Stage;
import dev.chatgeist.bot.Messenger.Format;
import dev.chatgeist.bot.Messenger.MessengerException;
import dev.chatgeist.core.log.EventLog;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Questions from submission to answer: counts them against the daily quota, queues them (at most
 * {@code CHATGEIST_MAX_CONCURRENT} at once), runs the analyst, delivers and stores the answer, keeps the status
 * message current, cancels on request, gives the quota back when a question is cancelled or fails, and writes
 * each question's log line. A dossier gets its two charts here ({@link DossierCharts}), in the job's thread; a
 * chart that could not be made is logged ({@code chart_failed}) and the answer goes out without it.
 */
final class JobRunner implements AutoCloseable {
    private final BotSettings settings;
    private final BotStore store;
    private final DailyQuota quota;
    private final Messenger messenger;
    private final Analyst analyst;
    private final Prompts prompts;
    private final Texts texts;
    private final EventLog log;
    private final QuestionLog questionLog;
    private final Delivery delivery;
    private final DeliveryLocks deliveryLocks;
    private final DossierCharts dossierCharts;
    private final AnalysisQueue queue;
    private final ScheduledExecutorService ticker;
    private final StatusMessages status;
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    JobRunner(
            BotSettings settings,
            BotStore store,
            DailyQuota quota,
            Messenger messenger,
            Analyst analyst,
            Prompts prompts,
            Texts texts,
            EventLog log,
            QuestionLog questionLog,
            Delivery delivery,
            DeliveryLocks deliveryLocks,
            DossierCharts dossierCharts) {
        this.settings = settings;
        this.store = store;
        this.quota = quota;
        this.messenger = messenger;
        this.analyst = analyst;
        this.prompts = prompts;
        this.texts = texts;
        this.log = log;
        this.questionLog = questionLog;
        this.delivery = delivery;
        this.deliveryLocks = deliveryLocks;
        this.dossierCharts = dossierCharts;
        this.queue = new AnalysisQueue(settings.maxConcurrent());
        this.ticker = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "status-ticker");
            t.setDaemon(true);
            return t;
        });
        this.status = new StatusMessages(messenger, texts, queue::position, ticker, log);
    }

    /** Most analyses that ran at the same time (for the benchmark's check of the cap). */
    int maxConcurrentSeen() {
        return queue.maxRunning();
    }

    /** Starts refreshing the queue places of waiting jobs every status interval. */
    void start() {
        long every = settings.statusInterval().toMillis();
        ticker.scheduleWithFixedDelay(
                () -> jobs.values().stream().filter(Job::queued).forEach(status::refresh),
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    /** Queues the question, or tells the user that today's questions are used up. */
    void submit(JobRequest request) throws MessengerException {
        Optional<DailyQuota.Ticket> ticket = quota.tryConsume(request.userId());
        if (ticket.isEmpty()) {
            messenger.send(
                    request.chatId(),
                    texts.get("limit_reached", quota.limit()),
                    Format.HTML,
                    null,
                    request.questionMessageId());
            return;
        }
        Question q = new Question(
                prompts.system(
                        request.skill(), request.databases(), ticket.get().day(), analyst.name()),
                request.history(),
                request.text(),
                request.databases());
        Job job = new Job(ids.incrementAndGet(), request, q, ticket.get());
        jobs.put(job.id, job);
        job.shownStatus = status.initial(job, queue.full());
        job.queuedNanos = System.nanoTime();
        queue.submit(job, this::run);
        ticker.execute(() -> status.send(job)); // the answer never waits for the status message
    }

    /** The cancel button of a status message. */
    void cancel(Incoming.Callback cb, CallbackData.Cancel press) throws MessengerException {
        Job job = jobs.get(press.jobId());
        if (StalePresses.refused(messenger, texts, cb, job == null ? null : job.userId)) {
            return;
        }
        messenger.answerCallback(cb.callbackId(), texts.plain("cancel_ack"));
        if (job.cancelInQueue()) {
            finishCancelled(job); // never started: the worker will skip it
        } else {
            job.cancellation.cancel(); // the analyst stops; its worker reports
        }
    }

    private void run(Job job) {
        if (!job.start()) {
            return; // cancelled while waiting; already reported
        }
        ticker.execute(() -> status.refresh(job)); // off the answer's path: "queued" becomes the first stage
        long every = settings.statusInterval().toMillis();
        ScheduledFuture<?> tick =
                ticker.scheduleWithFixedDelay(() -> status.refresh(job), every, every, TimeUnit.MILLISECONDS);
        long analystNanos = 0;
        String outcome = "error";
        String delivered = "-";
        int queries = 0;
        int charts = 0;
        try {
            long a0 = System.nanoTime();
            Answer answer;
            try {
                answer = analyst.analyze(job.question, stage -> job.stage = stage, job.cancellation);
            } finally {
                analystNanos = System.nanoTime() - a0;
            }
            if (job.skill == Skill.DOSSIER) {
                job.stage = Stage.DRAWING_CHART;
                answer = dossierCharts.add(answer, job.question.text(), job.databases, job.cancellation);
            }
            queries = answer.queries();
            charts = answer.charts().size();
            logChartFailures(job, answer);
            tick.cancel(false);
            ReentrantLock lock = deliveryLocks.of(job.chatId); // a reply to the answer waits until it is stored
            lock.lock();
            try {
                Delivery.Sent sent = delivery.deliver(
                        job.chatId,
                        job.questionMessageId,
                        job.question.text(),
                        answer,
                        job.databases,
                        job.skill == Skill.DOSSIER,
                        job.day);
                delivered = sent.kind().name().toLowerCase(Locale.ROOT);
                store.saveAnswer(new BotStore.StoredAnswer(
                        job.chatId,
                        sent.messageId(),
                        job.question.text(),
                        ChartMarkers.strip(answer.markdown()),
                        job.databases,
                        job.parentAnswerId));
            } finally {
                lock.unlock();
            }
            outcome = "ok";
            status.delete(job); // the answer is there; the status can go
        } catch (AnalysisCancelledException e) {
            tick.cancel(false);
            outcome = "cancelled";
            quota.refund(job.ticket);
            status.showFinal(job, texts.get("cancelled"));
        } catch (AnalystException e) {
            tick.cancel(false);
            outcome = "failed";
            quota.refund(job.ticket);
            status.delete(job);
            status.replyQuietly(job, texts.get("failed", e.getMessage()));
            log.warn(
                    "analyst failed for user " + job.userId + ": " + e.getMessage(),
                    "analyst_error user=" + job.userId + " error=" + EventLog.q(e.getMessage()));
        } catch (MessengerException e) {
            tick.cancel(false);
            outcome = "undelivered";
            log.warn(
                    "cannot deliver the answer to " + job.userId + ": " + e.getMessage(),
                    "telegram_error user=" + job.userId + " code=" + e.code() + " error=" + EventLog.q(e.getMessage()));
        } catch (RuntimeException e) {
            tick.cancel(false);
            quota.refund(job.ticket);
            status.delete(job);
            status.replyQuietly(job, texts.get("failed", texts.plain("internal_error")));
            log.error(
                    "internal error answering " + job.userId + ": " + e,
                    "bot_error user=" + job.userId + " error=" + EventLog.q(e.toString()));
        } finally {
            job.finish();
            jobs.remove(job.id);
            long total = System.nanoTime() - job.receivedNanos;
            long waited = job.startedNanos - job.queuedNanos;
            long overhead = Math.max(0, total - waited - analystNanos); // the bot's own time
            questionLog.write(
                    "question from " + job.userId + " on " + String.join(",", job.databases) + ": " + outcome + " in "
                            + (total / 1_000_000) + " ms",
                    new QuestionLog.Entry(
                            job.userId,
                            job.databases,
                            job.skill,
                            total / 1_000_000,
                            outcome,
                            queries,
                            delivered,
                            waited / 1_000_000,
                            analystNanos / 1_000_000),
                    " charts=" + charts + " overhead_ms=" + overhead / 1_000_000);
        }
    }

    /** One line per chart that was asked for and not drawn: which one and why. */
    private void logChartFailures(Job job, Answer answer) {
        for (ChartFailure f : answer.chartFailures()) {
            log.warn(
                    "chart \"" + f.title() + "\" for user " + job.userId + " failed: " + f.reason(),
                    "chart_failed user=" + job.userId + " analyst=" + analyst.name() + " title=" + EventLog.q(f.title())
                            + " reason=" + EventLog.q(f.reason()));
        }
    }

    private void finishCancelled(Job job) {
        jobs.remove(job.id);
        quota.refund(job.ticket);
        status.showFinal(job, texts.get("cancelled"));
        questionLog.write(
                "question from " + job.userId + ": cancelled in the queue",
                QuestionLog.Entry.early(
                        job.userId,
                        job.databases,
                        job.skill,
                        (System.nanoTime() - job.receivedNanos) / 1_000_000,
                        "cancelled"),
                "");
    }

    /** Stops: cancels every running analysis and waits briefly for the workers. */
    @Override
    public void close() {
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
}
