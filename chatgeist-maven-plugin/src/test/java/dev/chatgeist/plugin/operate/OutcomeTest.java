package dev.chatgeist.plugin.operate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The last outcome line of a job, read with the runtime's parser from lines as the runtime writes them. */
class OutcomeTest {
    @Test
    void theLastLineOfThatJobCountsAndAFailureKeepsItsReason() {
        String log = """
                2026-12-03T16:00:01+01:00 INFO run=update outcome=ok chats=3 new=120 duration_ms=1840
                2026-12-03T16:00:02+01:00 INFO update chat=example new=2
                2026-12-03T17:00:03+01:00 ERROR run=update outcome=failed reason="not logged in to Telegram: run \\"chatgeist login\\"" duration_ms=90
                2026-12-03T17:00:04+01:00 INFO run=sync-token outcome=ok changed=false
                """;
        Outcome o = Outcome.last(log, Job.UPDATE).orElseThrow();
        assertThat(o.ok()).isFalse();
        assertThat(o.reason()).isEqualTo("not logged in to Telegram: run \"chatgeist login\"");
        assertThat(o.describe()).isEqualTo("FAILED: not logged in to Telegram: run \"chatgeist login\"");
        assertThat(o.time().toString()).isEqualTo("2026-12-03T17:00:03+01:00");
        assertThat(Outcome.last(log, Job.SYNC_TOKEN).orElseThrow().describe()).isEqualTo("ok (changed=false)");
        assertThat(Outcome.last("2026-12-03T16:00:02+01:00 INFO update chat=example new=2\n", Job.UPDATE))
                .isEmpty();
    }
}
