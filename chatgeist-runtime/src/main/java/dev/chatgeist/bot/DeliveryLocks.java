package dev.chatgeist.bot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/** One lock per Telegram chat, held while an answer is sent and stored, so that a reply to it always finds it stored. */
final class DeliveryLocks {
    private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();

    ReentrantLock of(long chatId) {
        return locks.computeIfAbsent(chatId, k -> new ReentrantLock());
    }

    /** Waits (at most 30 s) for an answer being sent in this chat to be stored (a reply may refer to it). */
    void await(long chatId) {
        ReentrantLock lock = of(chatId);
        try {
            if (lock.tryLock(30, TimeUnit.SECONDS)) {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
