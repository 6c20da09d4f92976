package dev.chatgeist.bot.telegram;

import dev.chatgeist.util.EventLog;
import org.telegram.telegrambots.longpolling.interfaces.BackOff;

/**
 * Waits between failed {@code getUpdates} calls: 0.5 s doubling up to a minute, so a network outage costs no CPU
 * and no crash. It also logs the outage once when it starts and once when Telegram answers again (TelegramBots'
 * own logging goes to SLF4J's no-op binding).
 */
final class PollingBackOff implements BackOff {
    private static final long FIRST = 500;
    private static final long MAX = 60_000;

    private final EventLog log;
    private final java.util.function.BooleanSupplier stopped;
    private long next = FIRST;
    private int failures;

    PollingBackOff(EventLog log, java.util.function.BooleanSupplier stopped) {
        this.log = log;
        this.stopped = stopped;
    }

    @Override
    public synchronized void reset() {
        if (failures > 0) {
            log.info("Telegram is reachable again after " + failures + " failed polls",
                    "telegram_reachable failures=" + failures);
        }
        failures = 0;
        next = FIRST;
    }

    @Override
    public synchronized long nextBackOffMillis() {
        failures++;
        long wait = next;
        next = Math.min(MAX, next * 2);
        if (stopped.getAsBoolean()) {
            return wait; // the poll was cut by our own shutdown: not an outage
        }
        if (failures == 1 || Long.bitCount(failures) == 1) { // 1st, 2nd, 4th, 8th... failure: not every one
            log.warn("cannot poll Telegram (failure " + failures + "); retrying in " + wait + " ms",
                    "telegram_unreachable failures=" + failures + " retry_ms=" + wait);
        }
        return wait;
    }
}
