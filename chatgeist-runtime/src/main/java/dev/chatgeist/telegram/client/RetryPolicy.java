package dev.chatgeist.telegram.client;

import dev.chatgeist.telegram.mtproto.RpcException;
import java.time.Duration;

/**
 * How long {@link TelegramClient#call} keeps trying. Telegram's own errors (rpc_error 500 of any kind, -500, -503
 * "Timeout") are asked again after 1 s, doubling up to 30 s, for at least {@code serverErrorBudget} (2 minutes)
 * before the request fails, as Telethon and TDLib repeat them. A connection that is dropped, refused, or closed
 * with transport error -429 (Telegram asking for fewer connections) is tried again after a wait that doubles up
 * to {@code maxConnectWait} (2 minutes); after {@code connectBudget} (10 minutes) without a working connection the
 * run gives up. The real values are {@link #REAL}; tests shrink all of them with {@link #scaled}.
 */
public record RetryPolicy(
        Duration firstWait,
        Duration maxServerWait,
        Duration serverErrorBudget,
        Duration maxConnectWait,
        Duration connectBudget) {
    public static final RetryPolicy REAL = new RetryPolicy(
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10));

    /** At most 30 s without a connection: for commands a person is waiting for (login, logout), not scheduled runs. */
    public RetryPolicy interactive() {
        Duration budget =
                connectBudget.compareTo(INTERACTIVE_CONNECT_BUDGET) < 0 ? connectBudget : INTERACTIVE_CONNECT_BUDGET;
        return new RetryPolicy(firstWait, maxServerWait, serverErrorBudget, maxConnectWait, budget);
    }

    private static final Duration INTERACTIVE_CONNECT_BUDGET = Duration.ofSeconds(30);

    /** Every wait and budget multiplied by {@code factor} (0 < factor <= 1): tests run minutes of backoff in seconds. */
    public RetryPolicy scaled(double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("the retry scale must be above 0 and at most 1, not " + factor);
        }
        return new RetryPolicy(
                scale(firstWait, factor),
                scale(maxServerWait, factor),
                scale(serverErrorBudget, factor),
                scale(maxConnectWait, factor),
                scale(connectBudget, factor));
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.max(1_000_000L, (long) (d.toNanos() * factor)));
    }

    /**
     * An error on Telegram's side that the same request, sent again later, usually gets past: every 500 (INTERNAL,
     * RPC_CALL_FAIL, RPC_MCGET_FAIL, INTERDC_X_CALL_ERROR, WORKER_BUSY_TOO_LONG_RETRY, ...) except AUTH_RESTART (which
     * asks the login to start over, not to repeat the request), and the negative codes -500 and -503 ("Timeout").
     */
    public static boolean serverSide(RpcException e) {
        return (e.code() == 500 && !e.is("AUTH_RESTART")) || e.code() == -500 || e.code() == -503;
    }

    /** Waits for Telegram's own errors on one request. */
    Backoff serverErrors() {
        return new Backoff(firstWait, maxServerWait, serverErrorBudget);
    }

    /** Waits between connection attempts while no connection works. */
    Backoff connections() {
        return new Backoff(firstWait, maxConnectWait, connectBudget);
    }

    /** One streak of failures: the waits double from the first up to a cap, within a budget of elapsed time. */
    static final class Backoff {
        private final long firstMillis;
        private final long capMillis;
        private final long budgetNanos;
        private long startedNanos;
        private int attempts;
        private boolean firstWasImmediate;

        Backoff(Duration first, Duration cap, Duration budget) {
            this.firstMillis = first.toMillis();
            this.capMillis = cap.toMillis();
            this.budgetNanos = budget.toNanos();
        }

        /**
         * The wait before attempt {@link #attempts()} + 1, or -1 when the streak has lasted the whole budget (the last
         * wait is cut so that one attempt is made at the end of the budget). {@code immediateFirst}: the first retry
         * of the streak goes at once (a connection dropped once usually just needs a new one).
         */
        long nextWaitMillis(boolean immediateFirst) {
            long now = System.nanoTime();
            if (attempts == 0) {
                startedNanos = now;
            }
            long left = (budgetNanos - (now - startedNanos)) / 1_000_000;
            if (left <= 0) {
                return -1;
            }
            attempts++;
            if (attempts == 1) {
                firstWasImmediate = immediateFirst;
                if (immediateFirst) {
                    return 0;
                }
            }
            int doublings = Math.min(30, attempts - (firstWasImmediate ? 2 : 1));
            long wait = Math.min(capMillis, firstMillis << doublings);
            return Math.min(wait, left);
        }

        int attempts() {
            return attempts;
        }

        /** How long this streak has lasted. */
        Duration elapsed() {
            return attempts == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startedNanos);
        }

        void reset() {
            attempts = 0;
        }

        /** {@code nanos} spent waiting for something else (a flood wait, reconnecting) do not count as this streak's. */
        void exclude(long nanos) {
            startedNanos += nanos;
        }
    }
}
