package dev.chatgeist.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks on the stand-in's {@code sessionRecord} (standin-session.js): what the client answered to the server. */
final class SessionRecordChecks {
    private SessionRecordChecks() {}

    /**
     * Every msgs_state_req (but perhaps {@code unanswered} of them) was answered, each about [a message the client
     * got, one never sent, one from the future] with the statuses 4 (+flags), 1 or 2, and 3.
     */
    static void stateRequestsAnswered(JsonNode record, int unanswered) {
        assertThat(record.path("stateInfos").size())
                .isGreaterThanOrEqualTo(record.path("stateReqs").asInt() - unanswered);
        for (JsonNode answer : record.path("stateInfos")) {
            JsonNode info = answer.path("info");
            assertThat(info.size()).isEqualTo(3);
            assertThat(info.get(0).asInt() & 7).as("received: %s", answer).isEqualTo(4);
            assertThat(info.get(1).asInt()).as("never sent: %s", answer).isIn(1, 2);
            assertThat(info.get(2).asInt()).as("from the future: %s", answer).isEqualTo(3);
        }
    }
}
