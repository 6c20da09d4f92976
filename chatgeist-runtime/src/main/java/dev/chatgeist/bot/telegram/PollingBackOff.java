package dev.chatgeist.bot.telegram;

import dev.chatgeist.core.log.EventLog;
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
    private final PollFailures reasons;
    private long next = FIRST;
    private int failures;

    PollingBackOff(EventLog log, java.util.function.BooleanSupplier stopped, PollFailures reasons) {
        this.log = log;
        this.stopped = stopped;
        this.reasons = reasons;
    }

    @Override
    public synchronized void reset() {
        if (failures > 0) {
            log.info(
                    "Telegram is reachable again after " + failures + " failed polls",
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
            PollFailures.Failure why = reasons.last();
            if (why != null && why.conflict()) {
                log.warn(
                        "another program is polling Telegram with this bot's token (409: " + why.description()
                                + "); only one `chatgeist bot` may run per token: stop the other one (the Mac's "
                                + "com.chatgeist.bot agent or the server's chatgeist-bot service, or a second run by hand). "
                                + "Failure " + failures + ", retrying in " + wait + " ms",
                        "telegram_conflict failures=" + failures + " code=409 retry_ms=" + wait);
            } else if (why != null && why.code() > 0) {
                log.warn(
                        "Telegram refused getUpdates (" + why.code() + ": " + why.description() + "; failure "
                                + failures + "); retrying in " + wait + " ms",
                        "telegram_poll_refused failures=" + failures + " code=" + why.code() + " error="
                                + EventLog.q(why.description()) + " retry_ms=" + wait);
            } else {
                log.warn(
                        "cannot poll Telegram (failure " + failures + (why == null ? "" : ": " + why.description())
                                + "); retrying in " + wait + " ms",
                        "telegram_unreachable failures=" + failures + " retry_ms=" + wait);
            }
        }
        return wait;
    }
}
