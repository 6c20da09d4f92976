package dev.chatgeist.telegram.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatgeist.config.Settings;
import dev.chatgeist.core.UserException;
import dev.chatgeist.telegram.mtproto.RpcException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The waits and budgets of TelegramClient.call, and which errors of Telegram's are worth asking again. */
class RetryPolicyTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef";

    private static List<Long> waits(RetryPolicy.Backoff b, boolean immediateFirst, int n) {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            waits.add(b.nextWaitMillis(immediateFirst));
        }
        return waits;
    }

    @Test
    void theRealPolicyAsksAgainForTwoMinutesAndReconnectsForTenWithWaitsIntoMinutes() {
        RetryPolicy real = RetryPolicy.REAL;
        assertThat(real.serverErrorBudget()).isEqualTo(Duration.ofMinutes(2));
        assertThat(real.connectBudget()).isEqualTo(Duration.ofMinutes(10));
        assertThat(waits(real.serverErrors(), false, 8))
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L);
        assertThat(waits(real.connections(), true, 9))
                .as("a dropped connection: once at once, then 1 s doubling up to 2 minutes")
                .containsExactly(0L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L, 120_000L);
        assertThat(waits(real.connections(), false, 3))
                .as("-429 or refused: never at once")
                .containsExactly(1_000L, 2_000L, 4_000L);
    }

    @Test
    void aPersonWaitingGetsAnAnswerWithinHalfAMinute() {
        assertThat(RetryPolicy.REAL.interactive().connectBudget()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryPolicy.REAL.interactive().serverErrorBudget()).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryPolicy.REAL.scaled(0.01).interactive().connectBudget())
                .as("a shorter budget stays")
                .isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aStreakEndsWhenItsBudgetIsSpentAndTheLastWaitIsCutToWhatIsLeft() throws Exception {
        RetryPolicy.Backoff b =
                new RetryPolicy.Backoff(Duration.ofMillis(40), Duration.ofMillis(40), Duration.ofMillis(100));
        assertThat(b.nextWaitMillis(false)).isEqualTo(40);
        Thread.sleep(80);
        assertThat(b.nextWaitMillis(false)).as("20 ms or less were left").isBetween(1L, 20L);
        Thread.sleep(25);
        assertThat(b.nextWaitMillis(false)).isEqualTo(-1);
        assertThat(b.attempts()).isEqualTo(2);
        assertThat(b.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        b.reset();
        assertThat(b.nextWaitMillis(false)).as("a new streak").isEqualTo(40);
    }

    @Test
    void onlyErrorsOnTelegramsSideAreAskedAgain() {
        assertThat(RetryPolicy.serverSide(new RpcException(500, "INTERNAL"))).isTrue();
        assertThat(RetryPolicy.serverSide(new RpcException(500, "RPC_MCGET_FAIL")))
                .isTrue();
        assertThat(RetryPolicy.serverSide(new RpcException(500, "INTERDC_4_CALL_ERROR")))
                .isTrue();
        assertThat(RetryPolicy.serverSide(new RpcException(-503, "Timeout"))).isTrue();
        assertThat(RetryPolicy.serverSide(new RpcException(-500, "No workers running")))
                .isTrue();
        assertThat(RetryPolicy.serverSide(new RpcException(500, "AUTH_RESTART")))
                .as("the login starts over instead")
                .isFalse();
        assertThat(RetryPolicy.serverSide(new RpcException(420, "FLOOD_WAIT_3")))
                .isFalse();
        assertThat(RetryPolicy.serverSide(new RpcException(400, "CHANNEL_INVALID")))
                .isFalse();
        assertThat(RetryPolicy.serverSide(new RpcException(406, "AUTH_KEY_DUPLICATED")))
                .isFalse();
    }

    @Test
    void testsShrinkEveryWaitAndBudgetButTheDefaultIsTheRealPolicy() {
        Map<String, String> env = new HashMap<>(Map.of("TELEGRAM_API_ID", "12345", "TELEGRAM_API_HASH", HASH));
        assertThat(TelegramSettings.from(Settings.of(env)).retry()).isEqualTo(RetryPolicy.REAL);
        env.put(TelegramSettings.RETRY_SCALE, "0.01");
        RetryPolicy shrunk = TelegramSettings.from(Settings.of(env)).retry();
        assertThat(shrunk.firstWait()).isEqualTo(Duration.ofMillis(10));
        assertThat(shrunk.connectBudget()).isEqualTo(Duration.ofSeconds(6));
        for (String bad : List.of("2", "0", "fast", "NaN")) {
            env.put(TelegramSettings.RETRY_SCALE, bad);
            assertThatThrownBy(() -> TelegramSettings.from(Settings.of(env)))
                    .isInstanceOf(UserException.class)
                    .hasMessageContaining(TelegramSettings.RETRY_SCALE)
                    .hasMessageContaining("remove it from .env");
        }
    }
}
