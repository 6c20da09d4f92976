package dev.chatgeist.bot;

import dev.chatgeist.analyst.Cancellation;
import dev.chatgeist.analyst.Question;
import dev.chatgeist.analyst.Stage;
import java.time.LocalDate;
import java.util.List;

/** One question on its way through the queue and the analyst. */
final class Job {
    enum State {
        QUEUED,
        RUNNING,
        CANCELLED_IN_QUEUE,
        DONE
    }

    final long id;
    final long chatId;
    final long userId;
    final int questionMessageId;
    final Integer parentAnswerId;
    final Skill skill;
    final List<String> databases;
    final Question question;
    final LocalDate day;
    /** The quota this question used, given back when it is cancelled or fails. */
    final DailyQuota.Ticket ticket;

    final long receivedNanos;
    final Cancellation cancellation = new Cancellation();
    volatile Stage stage = Stage.QUEUED;
    /** The status message's id once sent (0 when it could not be or was not needed). */
    final java.util.concurrent.CompletableFuture<Integer> statusMessage =
            new java.util.concurrent.CompletableFuture<>();

    volatile long queuedNanos;
    volatile long startedNanos;
    volatile String shownStatus;
    private State state = State.QUEUED;

    Job(long id, JobRequest request, Question question, DailyQuota.Ticket ticket) {
        this.id = id;
        this.chatId = request.chatId();
        this.userId = request.userId();
        this.questionMessageId = request.questionMessageId();
        this.parentAnswerId = request.parentAnswerId();
        this.skill = request.skill();
        this.databases = request.databases();
        this.question = question;
        this.day = ticket.day();
        this.ticket = ticket;
        this.receivedNanos = request.receivedNanos();
    }

    /** Moves a queued job to running; false if it was cancelled while waiting. */
    synchronized boolean start() {
        if (state != State.QUEUED) {
            return false;
        }
        state = State.RUNNING;
        startedNanos = System.nanoTime();
        stage = Stage.ANALYSING;
        return true;
    }

    /** Cancels a job that has not started; false if it is already running (then cancel the analysis). */
    synchronized boolean cancelInQueue() {
        if (state != State.QUEUED) {
            return false;
        }
        state = State.CANCELLED_IN_QUEUE;
        cancellation.cancel();
        return true;
    }

    synchronized void finish() {
        state = State.DONE;
    }

    synchronized boolean finished() {
        return state == State.DONE || state == State.CANCELLED_IN_QUEUE;
    }

    synchronized boolean queued() {
        return state == State.QUEUED;
    }
}
