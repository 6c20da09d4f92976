package dev.chatgeist.telegram.mtproto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The msgs_state_info status bytes (core.telegram.org/mtproto/service_messages_about_messages). */
class ReceivedMessagesTest {
    private static final long SECOND = 1L << 32;

    @Test
    void statusBytesFollowTheSpec() {
        ReceivedMessages r = new ReceivedMessages(3);
        long t = 1_700_000_000L * SECOND;
        assertThat(r.firstTime(t + 1, true)).isTrue();
        assertThat(r.firstTime(t + 1, true)).as("a repeat").isFalse();
        assertThat(r.firstTime(t + 5, false)).isTrue();
        assertThat(r.firstTime(t + 9, true)).isTrue();

        assertThat(r.state(t + 1, false)).as("received, acknowledged").isEqualTo((byte) (4 + 8));
        assertThat(r.state(t + 9, true)).as("received, ack not sent yet").isEqualTo((byte) 4);
        assertThat(r.state(t + 5, false)).as("received, needs no ack").isEqualTo((byte) (4 + 16));
        assertThat(r.state(t + 7, false))
                .as("within what we know, not received")
                .isEqualTo((byte) 2);
        assertThat(r.state(t + 2 * SECOND, false))
                .as("newer than anything received")
                .isEqualTo((byte) 3);

        r.firstTime(t + 13, true); // the window holds 3: t+1 is forgotten
        assertThat(r.has(t + 1)).isFalse();
        assertThat(r.state(t + 1, false)).as("forgotten").isEqualTo((byte) 1);
        assertThat(r.state(t - SECOND, false)).as("older than anything kept").isEqualTo((byte) 1);
        assertThat(r.state(t + 11, false)).isEqualTo((byte) 2);
    }
}
