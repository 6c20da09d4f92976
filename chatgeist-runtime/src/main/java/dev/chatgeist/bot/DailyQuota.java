package dev.chatgeist.bot;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The daily question limit: {@code CHATGEIST_DAILY_LIMIT} questions per user and day in the bot's time zone, none
 * for whitelisted users. The counters live in {@code bot.db} ({@link BotStore}), so the limit holds across restarts.
 */
final class DailyQuota {
    /**
     * One question let through: the day it was counted on ({@code counted} false for whitelisted users), which is
     * the day a refund goes back to even when the answer comes after midnight.
     */
    record Ticket(long userId, LocalDate day, boolean counted) {}

    private final BotStore store;
    private final BotSettings settings;

    DailyQuota(BotStore store, BotSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    int limit() {
        return settings.dailyLimit();
    }

    LocalDate today() {
        return LocalDate.now(settings.zone());
    }

    boolean unlimited(long userId) {
        return settings.unlimited(userId);
    }

    /** Questions {@code userId} asked today. */
    int used(long userId) {
        return store.used(userId, today());
    }

    /** Whether {@code userId} has no question left today (checked before asking which chats a dossier searches). */
    boolean exhausted(long userId) {
        return !unlimited(userId) && used(userId) >= limit();
    }

    /** Counts one question; empty when the limit is reached. */
    Optional<Ticket> tryConsume(long userId) {
        LocalDate day = today();
        if (unlimited(userId)) {
            return Optional.of(new Ticket(userId, day, false));
        }
        return store.tryConsume(userId, day, limit()) ? Optional.of(new Ticket(userId, day, true)) : Optional.empty();
    }

    /** Gives the question back (cancelled, or failed through no fault of the user). */
    void refund(Ticket ticket) {
        if (ticket.counted()) {
            store.refund(ticket.userId(), ticket.day());
        }
    }
}
